package io.careerstream.app.http.console;

import static org.awaitility.Awaitility.await;

import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.sandbox.LocalCareerstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console's first paint with many customers (docs/benchmarks.md, "Console first paint"): a
 * pipeline on the embedded broker is given one purchase each for N customers (1,000,000 by default),
 * and once it has caught up, headless Chromium loads the console several times, each a fresh load,
 * and reports the browser's first contentful paint and when the map's counts and its flows were
 * drawn, and how long the endpoints behind them take. A runnable, not a test: timings are never
 * asserted. Run it with
 *
 * <pre>
 * mvn -B -pl modules/app test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=io.careerstream.app.http.console.ConsoleFirstPaint -Dexec.args=1000000
 * </pre>
 */
public final class ConsoleFirstPaint {

    private static final int LOADS = 5;
    private static final Instant T0 = Instant.parse("1997-01-01T00:00:00Z");

    private ConsoleFirstPaint() {
    }

    public static void main(String[] args) throws Exception {
        int customers = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        if (!Chromium.available()) {
            throw new IllegalStateException("the first-paint benchmark needs the " + Chromium.PACKAGES);
        }
        try (LocalCareerstream local = LocalCareerstream.start(2, null)) {
            CareerstreamConfig config = local.config("console-first-paint", Map.of());
            HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0",
                    HttpSettings.HTTP_HOST, "127.0.0.1", HttpSettings.HTTP_AUTH, "none"));
            try (CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
                 CareerstreamApi api = CareerstreamApi.start(pipeline, settings)) {
                String base = "http://127.0.0.1:" + api.port();
                long started = System.nanoTime();
                String topic = config.pipeline().topics().touchpoints();
                var serializer = config.careerTopics().touchpoints().valueSerializer();
                // One purchase per customer, a minute apart (about 1.9 years for a million): every
                // customer is in a stage, and the last 30 days hold transitions.
                for (int from = 0; from < customers; from += 100_000) {
                    List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>();
                    for (int i = from; i < Math.min(customers, from + 100_000); i++) {
                        String customer = "c" + i;
                        Instant at = T0.plus(Duration.ofMinutes(i));
                        TouchpointEvent event = TouchpointEvent.newBuilder().setEventId(customer + "-1").setCustomerId(customer)
                                .setOccurredAt(at).setChannel("web").setPayload(Purchase.newBuilder().setOrderId(customer + "-o1")
                                        .setAmountMinor(1999).setCurrency("USD").setItemCount(1).build()).build();
                        batch.add(new ProducerRecord<>(topic, null, at.toEpochMilli(), customer.getBytes(StandardCharsets.UTF_8),
                                serializer.serialize(topic, event)));
                    }
                    local.send(batch, () -> { });
                }
                local.awaitCaughtUp(pipeline, "console-first-paint", Duration.ofHours(2), behind -> { });
                HttpClient http = HttpClient.newHttpClient();
                String stages = get(http, base + "/stages");
                System.out.printf("%,d customers in the pipeline after %.0f s: /stages %s%n", customers,
                        (System.nanoTime() - started) / 1e9, stages);
                for (String path : List.of("/console/map", "/stages", "/tracks", "/console/flows", "/console/trends", "/console/ops")) {
                    double[] ms = new double[LOADS];
                    int bytes = 0;
                    for (int r = 0; r < LOADS; r++) {
                        long t = System.nanoTime();
                        bytes = get(http, base + path).length();
                        ms[r] = (System.nanoTime() - t) / 1e6;
                    }
                    Arrays.sort(ms);
                    System.out.printf("GET %-16s median %6.1f ms (min %.1f, max %.1f), %,d bytes%n", path, ms[LOADS / 2], ms[0],
                            ms[LOADS - 1], bytes);
                }
                double[] paint = new double[LOADS];
                double[] counts = new double[LOADS];
                double[] flows = new double[LOADS];
                for (int r = 0; r < LOADS; r++) {
                    ChromeDriver browser = Chromium.start(); // a fresh browser: nothing cached
                    try {
                        browser.get(base + "/");
                        Object[] at = waitForDrawn(browser);
                        paint[r] = (Double) at[0];
                        counts[r] = (Double) at[1];
                        flows[r] = (Double) at[2];
                    } finally {
                        browser.quit();
                    }
                }
                System.out.printf("%,d customers, %d fresh loads: first contentful paint median %.0f ms (%s), map counts drawn"
                                + " median %.0f ms (%s), flows drawn median %.0f ms (%s)%n", customers, LOADS, median(paint),
                        Arrays.toString(paint), median(counts), Arrays.toString(counts), median(flows), Arrays.toString(flows));
            }
        }
    }

    /** Polls the page (every 5 ms) until the counts and the flows are drawn; times from the navigation's start. */
    private static Object[] waitForDrawn(ChromeDriver browser) {
        double[] drawn = {Double.NaN, Double.NaN}; // counts, flows: the page's clock when first seen
        await("the console draws its counts and flows").atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5)).until(() -> {
                    List<?> state = (List<?>) browser.executeScript("const c = [...document.querySelectorAll('#map .node .count')];"
                            + "return [c.length > 0 && c.every(n => n.textContent !== '…'),"
                            + " document.getElementById('flows-until') !== null, performance.now()];");
                    double t = ((Number) state.get(2)).doubleValue();
                    for (int i = 0; i < 2; i++) {
                        if (Double.isNaN(drawn[i]) && Boolean.TRUE.equals(state.get(i))) {
                            drawn[i] = t;
                        }
                    }
                    return !Double.isNaN(drawn[0]) && !Double.isNaN(drawn[1]);
                });
        Object fcp = browser.executeScript("return performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1;");
        return new Object[] {((Number) fcp).doubleValue(), drawn[0], drawn[1]};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return answer.body();
    }
}
