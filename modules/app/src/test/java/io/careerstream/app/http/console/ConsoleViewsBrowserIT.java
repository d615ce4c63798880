package io.careerstream.app.http.console;

import java.util.TreeMap;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.sandbox.LocalCareerstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console's flows, trends and operations views in real headless Chromium against a pipeline on
 * the embedded broker (two partitions): the map's node counts are /stages', its edge counts
 * /console/flows', and a touchpoint sent moves them; the trends end at today's counts; the
 * operations view lists every input partition the instance's tasks read with its lag; every view's
 * chart has a table, the tabs answer the keyboard, and no request leaves the instance. Screenshots
 * of the three views at 1440x900 go to target/console/ (docs/console.md says how they reach docs/images/).
 */
class ConsoleViewsBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");

    @Test
    void edgesTrendsAndOperationsFromTheStreamsCounts() throws Exception {
        assumeTrue(Chromium.available(), "the console's browser test needs the " + Chromium.PACKAGES);
        try (LocalCareerstream local = LocalCareerstream.start(2, null)) {
            CareerstreamConfig config = local.config("console-views-it", Map.of(PipelineSettings.LAG_INTERVAL_MS, "1000"));
            try (ConsoleOnPipeline console = ConsoleOnPipeline.start(local, config)) {
                String base = console.base();
                List<ProducerRecord<byte[], byte[]>> history = new ArrayList<>();
                for (int c = 0; c < 12; c++) {
                    for (int p = 0; p <= c % 4; p++) { // some buy once, some come back
                        history.add(purchase(config, "c" + c, T0.plus(Duration.ofDays(c + 9L * p)), p));
                    }
                }
                local.send(history, () -> { });
                local.awaitCaughtUp(console.pipeline(), "console-views-it", PATIENCE, behind -> { });
                await().atMost(PATIENCE).until(() -> JSON.readTree(console.get("/stages")).path("total").asLong() == 12);

                console.inBrowser("/#map", browser -> {
                    // Node counts are /stages'; the edge table is /console/flows' last 30 days.
                    JsonNode stages = JSON.readTree(console.get("/stages")).path("counts");
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> stages.fields().forEachRemaining(e ->
                            assertThat(browser.findElement(By.cssSelector(".node[data-kind='stage'][data-node='" + e.getKey()
                                    + "'] .count")).getText()).as(e.getKey()).isEqualTo(Long.toString(e.getValue().asLong()))));
                    Map<String, String> before = awaitEdgesAsServed(browser, console);
                    recordFirstPaint(browser);
                    assertThat(before).as("first stages and moves between stages").containsKey(">NEW").hasSizeGreaterThan(1);
                    assertThat(browser.findElements(By.cssSelector("#edges .edge"))).as("edges drawn on the map").isNotEmpty();
                    // The window selector: the last hour holds only the newest hour's transitions.
                    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("window"))).selectByValue("1h");
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                            assertThat(edgeTable(browser)).isEqualTo(edges(console, "1h")));
                    new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("window"))).selectByValue("30d");

                    // A touchpoint sent: a new customer's first stage moves the map within seconds.
                    local.send(List.of(purchase(config, "late", T0.plus(Duration.ofDays(40)), 0)), () -> { });
                    await().atMost(PATIENCE).ignoreExceptions().until(() -> !edgeTable(browser).equals(before)
                            && edgeTable(browser).equals(edges(console, "30d")));
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(
                            browser.findElement(By.cssSelector(".node[data-kind='stage'][data-node='NEW'] .count")).getText())
                            .isEqualTo(JSON.readTree(console.get("/stages")).path("counts").path("NEW").asText()));
                    shoot(browser, "console-map.png");

                    // Trends, from the keyboard: the map tab focused, the right arrow, the trends tab.
                    browser.findElement(By.id("tab-map")).sendKeys(Keys.ARROW_RIGHT);
                    await().atMost(PATIENCE).until(() -> browser.findElement(By.id("view-trends")).isDisplayed()
                            && browser.switchTo().activeElement().getAttribute("id").equals("tab-trends"));
                    JsonNode trends = JSON.readTree(console.get("/console/trends"));
                    await().atMost(PATIENCE).ignoreExceptions().until(() ->
                            browser.findElements(By.cssSelector("#trend-stages-table tbody tr")).size() == 30);
                    browser.findElement(By.cssSelector("#trend-stages summary")).sendKeys(Keys.ENTER); // the table, one key away
                    String lastDay = trends.path("days").get(29).asText();
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                        WebElement row = browser.findElement(By.cssSelector("#trend-stages-table tbody tr[data-day='" + lastDay + "']"));
                        assertThat(row.isDisplayed()).as("the table is open").isTrue();
                        List<String> names = browser.findElements(By.cssSelector("#trend-stages-table thead th")).stream()
                                .map(WebElement::getText).toList();
                        JsonNode now = JSON.readTree(console.get("/stages")).path("counts");
                        List<WebElement> cells = row.findElements(By.cssSelector("td"));
                        assertThat(names).hasSizeGreaterThan(2);
                        for (int i = 1; i < names.size(); i++) {
                            assertThat(cells.get(i - 1).getText()).as("today's " + names.get(i) + " is /stages'")
                                    .isEqualTo(Long.toString(now.path(names.get(i)).asLong(0)));
                        }
                    });
                    assertThat(browser.findElements(By.cssSelector("#view-trends svg.chart"))).hasSize(3);
                    shoot(browser, "console-trends.png");

                    // Operations: every input partition the tasks read, with its lag.
                    browser.findElement(By.id("tab-ops")).click();
                    Set<String> partitions = new TreeSet<>();
                    JsonNode status = JSON.readTree(console.get("/status"));
                    status.path("threads").forEach(t -> t.path("activeTasks").forEach(task ->
                            task.path("partitions").forEach(p -> partitions.add(p.asText()))));
                    assertThat(partitions).contains("touchpoints-0", "touchpoints-1");
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                        Map<String, String> shown = lagTable(browser);
                        assertThat(new TreeSet<>(shown.keySet())).isEqualTo(partitions);
                        assertThat(shown.values()).as("records behind").allSatisfy(v -> assertThat(v).matches("\\d+"));
                    });
                    assertThat(browser.findElement(By.cssSelector("#instances tbody")).getText()).contains("RUNNING");
                    assertThat(browser.findElement(By.cssSelector("#model")).getText()).contains("Source");
                    JsonNode ops = JSON.readTree(console.get("/console/ops"));
                    long customers = 0;
                    for (var e : (Iterable<Map.Entry<String, JsonNode>>) ops.path("pAlive")::fields) {
                        customers += e.getValue().asLong();
                    }
                    assertThat(customers).as("every customer in the P(alive) distribution").isEqualTo(13);
                    assertThat(browser.findElement(By.cssSelector("#ops-alive")).getText()).contains("13 customers");
                    shoot(browser, "console-ops.png");

                    // Lift: a campaign sent to two customers and held out from a third, one of the two buying
                    // within the window; the Lift tab shows each arm as /lift counts it.
                    Instant sent = T0.plus(Duration.ofDays(50));
                    local.send(List.of(send(config, "c0", sent, false), send(config, "c1", sent, false),
                            send(config, "c2", sent, true), purchase(config, "c0", sent.plus(Duration.ofDays(2)), 9)), () -> { });
                    await().atMost(PATIENCE).until(() -> JSON.readTree(console.get("/lift")).path("arms").size() >= 2);
                    browser.findElement(By.id("tab-lift")).click();
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                        Map<String, String> shown = new TreeMap<>();
                        for (WebElement liftTable : browser.findElements(By.cssSelector("#view-lift table"))) {
                            String caption = liftTable.findElement(By.tagName("caption")).getText();
                            for (WebElement row : liftTable.findElements(By.cssSelector("tbody tr"))) {
                                shown.put(caption + " | " + row.getAttribute("data-arm"), row.findElements(By.tagName("td")).get(0).getText());
                            }
                        }
                        Map<String, String> served = new TreeMap<>();
                        for (JsonNode arm : JSON.readTree(console.get("/lift")).path("arms")) {
                            served.put(arm.path("kind").asText() + " " + arm.path("subject").asText() + " | "
                                    + arm.path("variant").asText() + (arm.path("heldOut").asBoolean() ? " (held out)" : ""),
                                    Long.toString(arm.path("customers").asLong()));
                        }
                        assertThat(shown).isEqualTo(served).containsEntry("CAMPAIGN spring | A", "2")
                                .containsEntry("CAMPAIGN spring | A (held out)", "1");
                    });
                    assertThat(browser.findElement(By.cssSelector("#view-lift")).getText()).contains("CAMPAIGN spring", "50.00 %");
                    shoot(browser, "console-lift.png");

                    BrowserLogs.assertEveryRequestStayedOn(browser, base, base + "/console/flows", base + "/console/trends",
                            base + "/console/ops", base + "/lift", base + "/views.js");
                });
            }
        }
    }

    private static Map<String, String> awaitEdgesAsServed(WebDriver browser, ConsoleOnPipeline console) {
        List<Map<String, String>> seen = new ArrayList<>();
        await().atMost(PATIENCE).ignoreExceptions().until(() -> {
            Map<String, String> table = edgeTable(browser);
            seen.add(0, table);
            return !table.isEmpty() && table.equals(edges(console, "30d"));
        });
        return seen.get(0);
    }

    /**
     * The edge table as the page shows it: "FROM>TO" (FROM empty for new customers) → count. Read in
     * one script: the page redraws the table every two seconds, so element by element could go stale.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> edgeTable(WebDriver browser) {
        return new LinkedHashMap<>((Map<String, String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const m = {}; for (const r of document.querySelectorAll('#edge-table tbody tr')) {"
                        + " if (r.dataset.dimension === 'stage') { m[r.dataset.edge] = r.cells[3].textContent; } } return m;"));
    }

    /** The lag table: partition → records behind, read in one script for the same reason. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> lagTable(WebDriver browser) {
        return (Map<String, String>) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "const m = {}; for (const r of document.querySelectorAll('#lag tbody tr')) {"
                        + " m[r.dataset.partition] = r.cells[1].textContent; } return m;");
    }

    private static Map<String, String> edges(ConsoleOnPipeline console, String window) throws Exception {
        Map<String, String> edges = new LinkedHashMap<>();
        for (JsonNode e : JSON.readTree(console.get("/console/flows")).path("windows").path(window).path("edges")) {
            if (e.path("dimension").asText().equals("STAGE")) {
                edges.put((e.path("from").isNull() ? "" : e.path("from").asText()) + ">" + e.path("to").asText(),
                        String.format(java.util.Locale.ENGLISH, "%,d", e.path("count").asLong()));
            }
        }
        return edges;
    }

    /**
     * The browser's own paint timings of this page (Paint Timing API) and when the last map count
     * was drawn, written to target/console/first-paint.txt for the docs: a figure, never asserted.
     */
    private static void recordFirstPaint(ChromeDriver browser) throws Exception {
        Object timings = browser.executeScript("return JSON.stringify({"
                + "firstContentfulPaintMs: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,"
                + "domContentLoadedMs: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? null})");
        Path file = Path.of("target", "console", "first-paint.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, timings + System.lineSeparator());
    }

    private static void shoot(ChromeDriver browser, String name) throws Exception {
        // The page as it opens: scrolled to the top, no control focused (a focused select scrolls itself into view).
        browser.executeScript("document.activeElement?.blur(); window.scrollTo(0, 0);");
        Path shot = Path.of("target", "console", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }

    private static ProducerRecord<byte[], byte[]> purchase(CareerstreamConfig config, String customer, Instant at, int n) {
        return ConsoleOnPipeline.record(config, null, ConsoleOnPipeline.purchase(customer, at, n));
    }

    private static ProducerRecord<byte[], byte[]> send(CareerstreamConfig config, String customer, Instant at, boolean heldOut) {
        return ConsoleOnPipeline.record(config, null, TouchpointEvent.newBuilder().setEventId(customer + "-spring")
                .setCustomerId(customer).setOccurredAt(at).setChannel("esp")
                .setPayload(new EmailEngagement("spring", EmailAction.DELIVERED, "A", heldOut)).build());
    }
}
