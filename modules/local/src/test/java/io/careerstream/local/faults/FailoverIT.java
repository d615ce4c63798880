package io.careerstream.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.sandbox.workload.CdnowPurchases;
import io.careerstream.sandbox.workload.DemoWorkload;
import io.careerstream.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover as an operator meets it: two `careerstream run` processes of one application (the
 * defaults: a standby replica, the 6 s session timeout), one killed with SIGKILL. Through the
 * survivor's HTTP API every customer is asked for again and again until every one answers; the
 * time from the kill to that moment is the takeover, measured over several kills and written to
 * {@code target/failover/results.md} (docs/operations.md quotes it). Meanwhile a lookup answers
 * 200, or 503 with Retry-After, never a 500, and the survivor's log says so in a line or two, not
 * a stack trace per request. Then the same with SIGTERM: the stopped instance leaves the group,
 * so the survivor takes over without waiting for a session timeout.
 */
@ExtendWith(SchemaRegistryExtension.class)
class FailoverIT {

    private static final int CUSTOMERS = 200;
    private static final int KILLS = 3;
    private static final Path RESULTS = Path.of("target", "failover", "results.md");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    @Test
    void theSurvivorAnswersForEveryCustomerSoonAfterAKillAndNeverWithA500(EmbeddedSchemaRegistry registry)
            throws Exception {
        List<CdnowPurchases.Row> rows = CdnowPurchases.read(Path.of("..", "..", "data", "CDNOW_master.txt")).rows().stream()
                .filter(r -> Integer.parseInt(r.customerId()) <= CUSTOMERS).toList();
        List<FaultInput.Item> input = FaultInput.clean(rows, 1);
        Set<String> customers = new TreeSet<>();
        input.forEach(item -> customers.add(item.key()));
        long endAt = Math.max(DemoWorkload.OBSERVATION_END, input.get(input.size() - 1).timestamp());
        Topics topics = Topics.DEFAULT.prefixed("failover-");
        String app = "failover-app";
        List<String> rows1 = new ArrayList<>();

        try (FaultHarness h = new FaultHarness(dir, registry.url())) {
            h.startBroker();
            h.createTopics(topics);
            h.produce(topics, input, endAt);
            int portA = EmbeddedKafkaBroker.freePort();
            int portB = EmbeddedKafkaBroker.freePort();
            FaultHarness.Instance a = h.instance("a", app, topics, false, api(portA));
            FaultHarness.Instance b = h.instance("b", app, topics, false, api(portB));
            a.startAndAwaitRunning();
            b.startAndAwaitRunning();
            h.awaitDone(app, topics, Duration.ofMinutes(3));
            String survivor = "http://127.0.0.1:" + portA;

            List<Duration> takeovers = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int k = 1; k <= KILLS; k++) {
                awaitBothActiveWithStandbys(portA, portB);
                b.kill();
                takeovers.add(untilEveryCustomerAnswers(survivor, customers, statuses));
                b.startAndAwaitRunning();
            }
            awaitBothActiveWithStandbys(portA, portB);
            b.stop(); // SIGTERM
            Duration afterSigterm = untilEveryCustomerAnswers(survivor, customers, statuses);
            Duration restart = b.startAndAwaitRunning();

            assertThat(statuses.keySet()).as("answers during the takeovers (status: count)").isSubsetOf(200, 503);
            String log = survivorLog(a);
            assertThat(log).as("a stack trace of the API in the survivor's log").doesNotContain("at io.careerstream.app.http");
            long notAnswering = log.lines().filter(l -> l.contains("does not answer")).count();
            assertThat(notAnswering).as("lines about the dead instance").isLessThanOrEqualTo(2L * (KILLS + 1));

            List<Duration> sorted = takeovers.stream().sorted().toList();
            rows1.add(String.format(Locale.ROOT, "| `kill -9` of one of two instances × %d | %s | %.1f s |", KILLS,
                    String.join(", ", takeovers.stream().map(FailoverIT::seconds).toList()),
                    sorted.get(sorted.size() / 2).toMillis() / 1000.0));
            rows1.add(String.format(Locale.ROOT, "| SIGTERM of one of two instances | %s | %s |", seconds(afterSigterm),
                    seconds(afterSigterm)));
            rows1.add(String.format(Locale.ROOT, "| the stopped instance started again, until RUNNING | %s | %s |",
                    seconds(restart), seconds(restart)));
            rows1.add(String.format(Locale.ROOT, "| lookups answered meanwhile (status: count) | %s | |", statuses));
        }
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(RESULTS, "| Failover (" + CUSTOMERS + " customers, lookups through the survivor) | Until every "
                + "customer answers | Median |\n|---|---|---|\n" + String.join("\n", rows1) + "\n", StandardCharsets.UTF_8);
        System.out.println(Files.readString(RESULTS));
    }

    private static Map<String, String> api(int port) {
        return Map.of("careerstream.http.port", Integer.toString(port), "careerstream.http.host", "127.0.0.1",
                "careerstream.http.auth", "none", "application.server", "127.0.0.1:" + port);
    }

    /** Both instances RUNNING with an active task each and the other's partitions as standby. */
    private static void awaitBothActiveWithStandbys(int portA, int portB) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            for (int port : List.of(portA, portB)) {
                JsonNode status = new ObjectMapper().readTree(get("http://127.0.0.1:" + port + "/status").body());
                if (!status.path("state").asText().equals("RUNNING")) {
                    return false;
                }
                for (JsonNode member : status.path("instances")) {
                    if (member.path("activePartitions").isEmpty() || member.path("standbyPartitions").isEmpty()) {
                        return false;
                    }
                }
                if (status.path("instances").size() != 2) {
                    return false;
                }
            }
            return true;
        });
    }

    /** Asks for every customer through {@code base} until all answer 200 in one sweep; the time that took. */
    private static Duration untilEveryCustomerAnswers(String base, Set<String> customers, Map<Integer, Integer> statuses)
            throws Exception {
        long start = System.nanoTime();
        // Polled every 100 ms: the figure's resolution.
        await().atMost(Duration.ofMinutes(2)).pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .alias("the survivor answers for every customer").until(() -> everyCustomerAnswers(base, customers, statuses));
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** One pass over the customers, counting each answer; whether every one was 200 (it stops at the first that was not). */
    private static boolean everyCustomerAnswers(String base, Set<String> customers, Map<Integer, Integer> statuses)
            throws Exception {
        for (String customer : customers) {
            HttpResponse<String> answer = get(base + "/customers/" + customer);
            statuses.merge(answer.statusCode(), 1, Integer::sum);
            if (answer.statusCode() == 503) {
                assertThat(answer.headers().firstValue("Retry-After")).as("Retry-After of a 503").isPresent();
            }
            if (answer.statusCode() != 200) {
                return false;
            }
        }
        return true;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String survivorLog(FaultHarness.Instance instance) throws Exception {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().contains("logs-" + instance.name) && Files.isRegularFile(p)).toList()) {
                all.append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }
        all.append(Files.readString(instance.output, StandardCharsets.ISO_8859_1));
        return all.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
