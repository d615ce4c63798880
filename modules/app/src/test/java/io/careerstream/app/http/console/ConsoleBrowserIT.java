package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.topics.TickProtocol;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The console in real headless Chromium against a pipeline on the embedded broker: the loaded map's
 * nodes drawn with the counts /stages and /tracks give, a clicked node's rule, action and
 * do-not-contact reasons, a churn alert arriving in the feed after a tick moves event time two years
 * on, the level filter, not one Content-Security-Policy violation in the browser's log, and no
 * request to anywhere but the instance.
 */
class ConsoleBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void theMapWithLiveCountsANodesRuleAndAnAlertArrivingInTheFeed() throws Exception {
        assumeTrue(Chromium.available(), "the console's browser test needs the " + Chromium.PACKAGES);
        try (LocalCareerstream local = LocalCareerstream.start(1, null)) {
            // A one-time buyer two years silent is at risk whatever default the churn evaluation picks.
            CareerstreamConfig config = local.config("console-it", Map.of(ChurnSettings.CHURN_AT_RISK_P_ALIVE, "0.3"));
            String topic = config.pipeline().topics().touchpoints();
            Instant at = Instant.parse("1997-01-01T12:00:00Z");
            try (ConsoleOnPipeline console = ConsoleOnPipeline.start(local, config)) { // no auth, as the demo runs it
                CareerPipeline pipeline = console.pipeline();
                String base = console.base();
                local.send(List.of(purchase(config, "c1", at), purchase(config, "c2", at.plusSeconds(60)),
                        purchase(config, "c3", at.plusSeconds(120))), () -> { });
                local.awaitCaughtUp(pipeline, "console-it", Duration.ofSeconds(60), behind -> { });
                await().atMost(PATIENCE).until(() -> counts(console, "/stages").path("NEW").asLong() == 3);

                console.inBrowser("/", browser -> {
                    // Every node of the loaded map, each with the count /stages or /tracks has for it.
                    JsonNode map = JSON.readTree(console.get("/console/map"));
                    JsonNode stages = counts(console, "/stages");
                    JsonNode tracks = counts(console, "/tracks");
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                        for (JsonNode node : map.path("nodes")) {
                            String name = node.path("name").asText();
                            JsonNode counts = node.path("kind").asText().equals(ConsoleMap.STAGE) ? stages : tracks;
                            WebElement drawn = browser.findElement(By.cssSelector(
                                    ".node[data-kind='" + node.path("kind").asText() + "'][data-node='" + name + "']"));
                            assertThat(drawn.findElement(By.cssSelector(".count")).getText()).as(name)
                                    .isEqualTo(Long.toString(counts.path(name).asLong(0)));
                        }
                    });
                    assertThat(browser.findElements(By.cssSelector(".node"))).hasSize(map.path("nodes").size());
                    assertThat(browser.findElement(By.cssSelector(".node[data-node='NEW'] .count")).getText()).isEqualTo("3");
                    assertThat(browser.findElement(By.id("map-version")).getText()).contains(pipeline.careerMap().version());

                    // A click shows the node's rule, action and the do-not-contact reasons.
                    browser.findElement(By.cssSelector(".node[data-node='PROSPECT']")).click();
                    WebElement details = browser.findElement(By.id("details"));
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                            assertThat(details.findElement(By.cssSelector(".rule")).getText()).isEqualTo("!hasPurchased"));
                    assertThat(details.findElement(By.cssSelector(".action")).getText()).isEqualTo("NURTURE");
                    assertThat(details.findElement(By.cssSelector(".do-not-contact")).getText())
                            .contains("UNSUBSCRIBED", "OPEN_COMPLAINT");

                    // From the keyboard too: a track node, focused, Enter.
                    browser.findElement(By.cssSelector(".node[data-node='DEVOTEE']")).sendKeys(Keys.ENTER);
                    await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() ->
                            assertThat(details.findElement(By.cssSelector(".rule")).getText())
                                    .isEqualTo(pipeline.careerMap().tracks().get(0).condition()));
                    assertThat(details.findElement(By.cssSelector(".action")).getText()).isEqualTo("FEEDBACK_PANEL_INVITATION");

                    // The feed stands at the end of the alerts topic; then a tick two years on makes c1..c3 overdue.
                    await().atMost(PATIENCE).ignoreExceptions().until(() ->
                            "live".equals(browser.findElement(By.id("feed-state")).getAttribute("data-state")));
                    assertThat(rows(browser)).isEmpty();
                    local.send(TickProtocol.ticks(topic, 1, Instant.parse("1999-01-01T00:00:00Z").toEpochMilli()), () -> { });
                    await().atMost(PATIENCE).until(() -> rows(browser).stream()
                            .anyMatch(r -> r.findElement(By.cssSelector(".customer")).getText().equals("c1")));
                    WebElement alert = rows(browser).stream()
                            .filter(r -> r.findElement(By.cssSelector(".customer")).getText().equals("c1")).findFirst().orElseThrow();
                    String level = alert.getAttribute("data-level");
                    assertThat(level).isIn("AT_RISK", "LAPSED");
                    assertThat(alert.findElement(By.cssSelector(".action")).getText()).isNotBlank();
                    assertThat(alert.findElement(By.cssSelector(".p-alive")).getText()).matches("0\\.\\d{3}");
                    assertThat(alert.findElement(By.cssSelector(".overdue")).getText()).matches("\\d+\\.\\d");
                    assertThat(alert.findElement(By.cssSelector(".reasons")).getText()).isEqualTo("—");

                    // Filtered to the other level, the alert is hidden; to its own, it shows.
                    Select filter = new Select(browser.findElement(By.id("level-filter")));
                    filter.selectByValue(level.equals("AT_RISK") ? "LAPSED" : "AT_RISK");
                    assertThat(alert.isDisplayed()).isFalse();
                    rows(browser).stream().filter(WebElement::isDisplayed)
                            .forEach(r -> assertThat(r.getAttribute("data-level")).isNotEqualTo(level));
                    filter.selectByValue(level);
                    assertThat(alert.isDisplayed()).isTrue();

                    assertNoPolicyViolations(browser);
                    BrowserLogs.assertEveryRequestStayedOn(browser, base, base + "/console/map", base + "/console.js");
                    // What the page looked like (1440x900): for the README's picture and for a failure's reader.
                    java.nio.file.Path shot = java.nio.file.Path.of("target", "console", "console.png");
                    java.nio.file.Files.createDirectories(shot.getParent());
                    java.nio.file.Files.write(shot, browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
                });
            }
        }
    }

    /**
     * Chromium reports every script, style or connection the Content-Security-Policy blocks on the
     * browser console. A line written there first proves the log is read at all; reverting the
     * page to an inline style attribute fails this check.
     */
    private static void assertNoPolicyViolations(WebDriver browser) {
        ((JavascriptExecutor) browser).executeScript("console.error('console-it: the log is read')");
        List<String> log = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            log.add(entry.getLevel() + " " + entry.getMessage());
        }
        assertThat(log).anyMatch(line -> line.contains("console-it: the log is read"));
        assertThat(log).noneMatch(line -> line.contains("Content Security Policy"));
        // Nor any other error: a failed script, a request answered 4xx/5xx (the favicon included).
        assertThat(log).noneMatch(line -> line.startsWith("SEVERE") && !line.contains("console-it: the log is read"));
    }

    private static List<WebElement> rows(WebDriver browser) {
        return browser.findElements(By.cssSelector("#alerts tbody tr"));
    }

    private static ProducerRecord<byte[], byte[]> purchase(CareerstreamConfig config, String customer, Instant at) {
        return ConsoleOnPipeline.record(config, 0, ConsoleOnPipeline.purchase(customer, at, 1));
    }

    private static JsonNode counts(ConsoleOnPipeline console, String path) throws Exception {
        return JSON.readTree(console.get(path)).path("counts");
    }
}
