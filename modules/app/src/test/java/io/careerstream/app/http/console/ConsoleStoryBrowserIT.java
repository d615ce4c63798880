package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.topics.TickProtocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;

/**
 * The console's customer story and the alert feed's filters in real headless Chromium, on a
 * pipeline behind the reader's token: the story refuses without the token and, with it, shows the
 * stage history the state keeps and the P(alive) curve with its numbers a click away; the feed's
 * action and category filters hide and show alerts; an alert's customer opens the story; a burst
 * of alerts leaves the newest 200 rows; no request leaves the instance, no Content-Security-Policy
 * violation. Screenshots of both views at 1440x900
 * go to target/console/ (docs/images/ has copies).
 */
class ConsoleStoryBrowserIT {

    private static final String TOKEN = "console-story-token";
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");

    @Test
    void theStoryRefusesWithoutTheTokenShowsHistoryAndCurveWithItAndTheFeedFiltersOpenCustomers() throws Exception {
        assumeTrue(Chromium.available(), "the console's browser test needs the " + Chromium.PACKAGES);
        try (LocalCareerstream local = LocalCareerstream.start(1, null)) {
            CareerstreamConfig config = local.config("story-it", Map.of(ChurnSettings.CHURN_AT_RISK_P_ALIVE, "0.3"));
            HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0",
                    HttpSettings.HTTP_HOST, "127.0.0.1", HttpSettings.HTTP_TOKEN, TOKEN));
            String topic = config.pipeline().topics().touchpoints();
            try (CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
                 CareerstreamApi api = CareerstreamApi.start(pipeline, settings)) {
                String base = "http://127.0.0.1:" + api.port();
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                // c1 buys every 20 days, four times: NEW, ACTIVE, LOYAL; c2 and c3 once; c4 once and complains.
                for (int i = 0; i < 4; i++) {
                    records.add(event(config, "c1", i, T0.plus(Duration.ofDays(20L * i)), purchase("c1-o" + i)));
                }
                records.add(event(config, "c2", 0, T0.plusSeconds(60), purchase("c2-o")));
                records.add(event(config, "c3", 0, T0.plusSeconds(120), purchase("c3-o")));
                records.add(event(config, "c4", 0, T0.plusSeconds(180), purchase("c4-o")));
                records.add(event(config, "c4", 1, T0.plusSeconds(240), Inquiry.newBuilder().setKind(InquiryKind.COMPLAINT)
                        .setResolved(false).build()));
                local.send(records, () -> { });
                local.awaitCaughtUp(pipeline, "story-it", Duration.ofSeconds(60), behind -> { });

                ChromeDriver browser = Chromium.start();
                try {
                    // Without the token: refused, nothing of the customer shown.
                    browser.get(base + "/story.html?customer=c1");
                    await().atMost(PATIENCE).ignoreExceptions().until(() ->
                            "refused".equals(browser.findElement(By.id("story-state")).getAttribute("data-state")));
                    assertThat(browser.findElement(By.id("story-state")).getText()).contains("Refused (401)", "reader token");
                    assertThat(browser.findElement(By.id("story")).isDisplayed()).isFalse();
                    assertThat(browser.findElements(By.cssSelector("#history tbody tr"))).isEmpty();

                    // A wrong token is refused too; the right one, typed in the field, shows the story.
                    browser.findElement(By.id("story-token")).sendKeys("not-the-token", Keys.ENTER);
                    await().atMost(PATIENCE).ignoreExceptions().until(() ->
                            browser.findElement(By.id("story-state")).getText().contains("Refused (403)"));
                    browser.findElement(By.id("story-token")).sendKeys(TOKEN, Keys.ENTER);
                    await().atMost(PATIENCE).ignoreExceptions().until(() ->
                            "shown".equals(browser.findElement(By.id("story-state")).getAttribute("data-state")));
                    assertThat(browser.findElement(By.id("story")).isDisplayed()).isTrue();

                    // The history the state keeps, newest first: ACTIVE after NEW.
                    List<String> history = browser.findElements(By.cssSelector("#history tbody tr")).stream()
                            .map(WebElement::getText).toList();
                    assertThat(history).hasSizeGreaterThanOrEqualTo(2);
                    assertThat(history.get(history.size() - 1)).isEqualTo("1997-01-01 stage NEW");
                    assertThat(history).anyMatch(r -> r.endsWith("stage ACTIVE"));
                    assertThat(browser.findElements(By.cssSelector("#purchase-timeline circle.purchase"))).hasSize(4);

                    // The P(alive) curve: drawn, with both thresholds and now, and its numbers one click away.
                    WebElement curve = browser.findElement(By.id("alive-curve"));
                    assertThat(curve.findElements(By.cssSelector("polyline.curve"))).hasSize(1);
                    assertThat(curve.findElements(By.cssSelector("line.threshold"))).hasSize(2);
                    assertThat(curve.findElements(By.cssSelector("line.mark.now"))).hasSize(1);
                    screenshot(browser, "story.png"); // the page as it opens, before the table is
                    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                            "document.getElementById('curve-numbers').scrollIntoView()");
                    screenshot(browser, "story-history.png"); // and below: the history and the purchase days
                    ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
                    WebElement table = browser.findElement(By.id("curve-table"));
                    assertThat(table.isDisplayed()).isFalse();
                    browser.findElement(By.cssSelector("#curve-numbers summary")).sendKeys(Keys.ENTER); // from the keyboard
                    await().atMost(PATIENCE).until(table::isDisplayed);
                    List<WebElement> points = table.findElements(By.cssSelector("tbody tr"));
                    assertThat(points).hasSizeGreaterThan(100);
                    assertThat(points.get(0).getText()).startsWith("0.0 1997-03-02 ");
                    assertThat(table.findElements(By.cssSelector("tr.now-row"))).hasSize(1);
                    assertThat(table.getText()).contains("AT_RISK from day", "LAPSED from day");
                    assertThat(browser.findElement(By.id("explanation")).getText()).contains("=> LOYAL");
                    BrowserLogs.assertEveryRequestStayedOn(browser, base, base + "/story.js", base + "/customers/c1/story");
                    BrowserLogs.assertNoPolicyViolationsNorErrors(browser);

                    // The feed (the token kept for the tab): a tick two years on alerts all four customers.
                    browser.get(base + "/");
                    await().atMost(PATIENCE).ignoreExceptions().until(() ->
                            "live".equals(browser.findElement(By.id("feed-state")).getAttribute("data-state")));
                    local.send(TickProtocol.ticks(topic, 1, Instant.parse("1999-01-01T00:00:00Z").toEpochMilli()), () -> { });
                    await().atMost(PATIENCE).until(() -> customersShown(browser).containsAll(List.of("c1", "c2", "c3", "c4")));

                    // Category: the complaining customer is the only one not contactable.
                    Select category = new Select(browser.findElement(By.id("category-filter")));
                    category.selectByValue("OPEN_COMPLAINT");
                    assertThat(customersShown(browser)).containsOnly("c4");
                    category.selectByValue("contactable");
                    assertThat(customersShown(browser)).contains("c1", "c2", "c3").doesNotContain("c4");
                    category.selectByValue("");
                    // Action: the complaint turns c4's suggestion into SERVICE_RECOVERY, nobody else's.
                    Select action = new Select(browser.findElement(By.id("action-filter")));
                    assertThat(action.getOptions()).extracting(WebElement::getText).contains("SERVICE_RECOVERY");
                    action.selectByValue("SERVICE_RECOVERY");
                    assertThat(customersShown(browser)).containsOnly("c4");
                    String otherAction = action.getOptions().stream().map(o -> o.getAttribute("value"))
                            .filter(v -> !v.isEmpty() && !v.equals("SERVICE_RECOVERY")).findFirst().orElseThrow();
                    action.selectByValue(otherAction);
                    assertThat(customersShown(browser)).contains("c1").doesNotContain("c4");
                    assertThat(browser.findElement(By.id("feed-count")).getText()).matches("\\d+ of \\d+ alerts shown");
                    action.selectByValue("");
                    screenshot(browser, "feed.png");

                    // An alert's customer opens the customer's story, the token still kept for the tab.
                    rows(browser).stream().filter(r -> r.getText().contains("c1")).findFirst().orElseThrow()
                            .findElement(By.cssSelector(".customer a")).click();
                    await().atMost(PATIENCE).ignoreExceptions().until(() ->
                            "shown".equals(browser.findElement(By.id("story-state")).getAttribute("data-state")));
                    assertThat(browser.getCurrentUrl()).isEqualTo(base + "/story.html?customer=c1");
                    assertThat(browser.findElement(By.cssSelector("#profile")).getText()).contains("c1");

                    BrowserLogs.assertEveryRequestStayedOn(browser, base, base + "/console/alerts", base + "/customers/c1/story");
                    BrowserLogs.assertNoPolicyViolationsNorErrors(browser);

                    // A burst of 300 alerts: the page keeps the newest 200 rows, the newest on top.
                    browser.get(base + "/");
                    await().atMost(PATIENCE).ignoreExceptions().until(() ->
                            "live".equals(browser.findElement(By.id("feed-state")).getAttribute("data-state")));
                    List<ProducerRecord<byte[], byte[]>> burst = new ArrayList<>();
                    for (int i = 0; i < BURST; i++) {
                        burst.add(alert(config, "burst-" + i));
                    }
                    long sent = System.nanoTime();
                    local.send(burst, () -> { });
                    await().atMost(PATIENCE).ignoreExceptions().until(() -> ("burst-" + (BURST - 1)).equals(
                            rows(browser).get(0).findElement(By.cssSelector(".customer")).getText()));
                    System.out.printf("ConsoleStoryBrowserIT: %d alerts sent to shown on top in %d ms%n", BURST,
                            (System.nanoTime() - sent) / 1_000_000);
                    assertThat(rows(browser)).hasSize(MAX_ROWS);
                    assertThat(rows(browser).get(MAX_ROWS - 1).findElement(By.cssSelector(".customer")).getText())
                            .isEqualTo("burst-" + (BURST - MAX_ROWS));
                    BrowserLogs.assertNoPolicyViolationsNorErrors(browser);
                } catch (AssertionError | RuntimeException e) {
                    throw new AssertionError(e.getMessage() + "\nThe browser's log: " + browser.manage().logs().get(LogType.BROWSER)
                            .getAll() + "\nThe page: " + browser.getPageSource(), e);
                } finally {
                    browser.quit();
                }
            }
        }
    }

    /** As many rows as console.js keeps; the burst is larger. */
    private static final int MAX_ROWS = 200;
    private static final int BURST = 300;

    private static ProducerRecord<byte[], byte[]> alert(CareerstreamConfig config, String customer) {
        String topic = config.pipeline().topics().alerts();
        ChurnAlert alert = ChurnAlert.newBuilder().setAlertId(customer + ":1:AT_RISK").setCustomerId(customer)
                .setLevel(ChurnLevel.AT_RISK).setAt(Instant.parse("1999-01-02T00:00:00Z")).setLastPurchaseAt(T0)
                .setDaysSinceLastPurchase(731).setExpectedIntervalDays(30).setPurchaseDays(1).setDoNotContact(false)
                .setDoNotContactReasons(List.of()).setSuggestedAction("RETENTION_OFFER").build();
        return new ProducerRecord<>(topic, 0, alert.getAt().toEpochMilli(), customer.getBytes(StandardCharsets.UTF_8),
                config.careerTopics().alerts().valueSerializer().serialize(topic, alert));
    }

    private static List<WebElement> rows(WebDriver browser) {
        return browser.findElements(By.cssSelector("#alerts tbody tr"));
    }

    /** The customers of the alerts the filters leave visible. */
    private static List<String> customersShown(WebDriver browser) {
        return rows(browser).stream().filter(WebElement::isDisplayed)
                .map(r -> r.findElement(By.cssSelector(".customer")).getText()).toList();
    }

    private static void screenshot(ChromeDriver browser, String name) throws Exception {
        Path shot = Path.of("target", "console", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }

    private static Purchase purchase(String order) {
        return Purchase.newBuilder().setOrderId(order).setAmountMinor(1999).setCurrency("USD").setItemCount(1).build();
    }

    private static ProducerRecord<byte[], byte[]> event(CareerstreamConfig config, String customer, int n, Instant at,
                                                        Object payload) {
        String topic = config.pipeline().topics().touchpoints();
        TouchpointEvent event = TouchpointEvent.newBuilder().setEventId(customer + "-" + n).setCustomerId(customer)
                .setOccurredAt(at).setChannel("web").setPayload(payload).build();
        return new ProducerRecord<>(topic, 0, at.toEpochMilli(), customer.getBytes(StandardCharsets.UTF_8),
                config.careerTopics().touchpoints().valueSerializer().serialize(topic, event));
    }
}
