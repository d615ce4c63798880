package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;

/**
 * A pipeline on the embedded broker with the API in front of it on a free port of 127.0.0.1, open
 * as the demo runs it (careerstream.http.auth none), for the console's browser tests: the API's
 * answers, touchpoints as its topic takes them, and a headless browser on a page of it.
 */
final class ConsoleOnPipeline implements AutoCloseable {

    private final CareerPipeline pipeline;
    private final CareerstreamApi api;
    private final String base;
    private final HttpClient http = HttpClient.newHttpClient();

    private ConsoleOnPipeline(CareerPipeline pipeline, CareerstreamApi api) {
        this.pipeline = pipeline;
        this.api = api;
        this.base = "http://127.0.0.1:" + api.port();
    }

    static ConsoleOnPipeline start(LocalCareerstream local, CareerstreamConfig config) throws InterruptedException {
        HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0",
                HttpSettings.HTTP_HOST, "127.0.0.1", HttpSettings.HTTP_AUTH, "none"));
        CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
        try {
            return new ConsoleOnPipeline(pipeline, CareerstreamApi.start(pipeline, settings));
        } catch (RuntimeException | Error e) {
            pipeline.close();
            throw e;
        }
    }

    CareerPipeline pipeline() {
        return pipeline;
    }

    /** The API's address, http://127.0.0.1:port (no slash at the end). */
    String base() {
        return base;
    }

    /** The body of GET {@code path}, which must answer 200. */
    String get(String path) throws Exception {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(base + path + ": " + answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** What a test does in the browser; it may throw, as Selenium and the API's reads do. */
    interface InTheBrowser {
        void run(ChromeDriver browser) throws Exception;
    }

    /**
     * Headless Chromium opened on {@code path}, {@code steps} run in it, then closed. A failure
     * carries what the browser saw and said: its log and the page.
     */
    void inBrowser(String path, InTheBrowser steps) throws Exception {
        ChromeDriver browser = Chromium.start();
        try {
            browser.get(base + path);
            steps.run(browser);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nThe browser's log: " + browser.manage().logs().get(LogType.BROWSER)
                    .getAll() + "\nThe page: " + browser.getPageSource(), e);
        } finally {
            browser.quit();
        }
    }

    /** The customer's {@code n}th purchase, 19.99 USD on the web. */
    static TouchpointEvent purchase(String customer, Instant at, int n) {
        return TouchpointEvent.newBuilder().setEventId(customer + "-" + n).setCustomerId(customer)
                .setOccurredAt(at).setChannel("web").setPayload(Purchase.newBuilder().setOrderId(customer + "-o" + n)
                        .setAmountMinor(1999).setCurrency("USD").setItemCount(1).build()).build();
    }

    /**
     * The event as the touchpoints topic takes it: keyed by its customer, stamped with its event time,
     * on {@code partition} (null: the partition its key gives).
     */
    static ProducerRecord<byte[], byte[]> record(CareerstreamConfig config, Integer partition, TouchpointEvent event) {
        String topic = config.pipeline().topics().touchpoints();
        return new ProducerRecord<>(topic, partition, event.getOccurredAt().toEpochMilli(),
                event.getCustomerId().getBytes(StandardCharsets.UTF_8),
                config.careerTopics().touchpoints().valueSerializer().serialize(topic, event));
    }

    @Override
    public void close() {
        try (pipeline) {
            api.close();
        }
    }
}
