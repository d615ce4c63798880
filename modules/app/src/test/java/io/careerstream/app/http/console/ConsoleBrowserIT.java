package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.topics.TickProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import org.openqa.selenium.chrome.ChromeDriver;
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
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theMapWithLiveCountsANodesRuleAndAnAlertArrivingInTheFeed() throws Exception {
        assumeTrue(Chromium.available(), "the console's browser test needs the " + Chromium.PACKAGES);
        try (LocalCareerstream local = LocalCareerstream.start(1, null)) {
            // A one-time buyer two years silent is at risk whatever default the churn evaluation picks.
            CareerstreamConfig config = local.config("console-it", Map.of(ChurnSettings.CHURN_AT_RISK_P_ALIVE, "0.3"));
            HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0",
                    HttpSettings.HTTP_HOST, "127.0.0.1", HttpSettings.HTTP_AUTH, "none")); // as the demo runs it
            String topic = config.pipeline().topics().touchpoints();
            Instant at = Instant.parse("1997-01-01T12:00:00Z");
            try (CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
                 CareerstreamApi api = CareerstreamApi.start(pipeline, settings)) {
                String base = "http://127.0.0.1:" + api.port();
                local.send(List.of(purchase(config, "c1", at), purchase(config, "c2", at.plusSeconds(60)),
                        purchase(config, "c3", at.plusSeconds(120))), () -> { });
                local.awaitCaughtUp(pipeline, "console-it", Duration.ofSeconds(60), behind -> { });
                await().atMost(PATIENCE).until(() -> counts(base + "/stages").path("NEW").asLong() == 3);

                ChromeDriver browser = Chromium.start();
                try {
                    browser.get(base + "/");

                    // Every node of the loaded map, each with the count /stages or /tracks has for it.
                    JsonNode map = JSON.readTree(get(base + "/console/map"));
                    JsonNode stages = counts(base + "/stages");
                    JsonNode tracks = counts(base + "/tracks");
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
                    assertEveryRequestStayedOn(browser, base);
                    // What the page looked like (1440x900): for the README's picture and for a failure's reader.
                    java.nio.file.Path shot = java.nio.file.Path.of("target", "console", "console.png");
                    java.nio.file.Files.createDirectories(shot.getParent());
                    java.nio.file.Files.write(shot, browser.getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
                } catch (AssertionError | RuntimeException e) {
                    // What the browser saw and said: the page and its console, beside the failure.
                    throw new AssertionError(e.getMessage() + "\nThe browser's log: " + browser.manage().logs().get(LogType.BROWSER)
                            .getAll() + "\nThe page: " + browser.getPageSource(), e);
                } finally {
                    browser.quit();
                }
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

    /** Every request the page made went to the instance (data: URLs aside): no CDN, no font service, nothing else. */
    private static void assertEveryRequestStayedOn(WebDriver browser, String base) throws Exception {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(message.path("params").path("request").path("url").asText());
            }
        }
        assertThat(urls).as("the network log is read").contains(base + "/console/map", base + "/console.js");
        assertThat(urls).allSatisfy(url -> assertThat(url).satisfiesAnyOf(
                u -> assertThat(u).startsWith(base + "/"), u -> assertThat(u).startsWith("data:")));
    }

    private static List<WebElement> rows(WebDriver browser) {
        return browser.findElements(By.cssSelector("#alerts tbody tr"));
    }

    private static ProducerRecord<byte[], byte[]> purchase(CareerstreamConfig config, String customer, Instant at) {
        String topic = config.pipeline().topics().touchpoints();
        TouchpointEvent event = TouchpointEvent.newBuilder().setEventId(customer + "-1").setCustomerId(customer)
                .setOccurredAt(at).setChannel("web").setPayload(Purchase.newBuilder().setOrderId(customer + "-o1")
                        .setAmountMinor(1999).setCurrency("USD").setItemCount(1).build()).build();
        return new ProducerRecord<>(topic, 0, at.toEpochMilli(), customer.getBytes(StandardCharsets.UTF_8),
                config.careerTopics().touchpoints().valueSerializer().serialize(topic, event));
    }

    private JsonNode counts(String url) throws Exception {
        return JSON.readTree(get(url)).path("counts");
    }

    private String get(String url) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(url + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }
}
