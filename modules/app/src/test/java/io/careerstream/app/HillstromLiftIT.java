package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.sandbox.workload.HillstromExperiment;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/**
 * Kevin Hillstrom's MineThatData e-mail test (data/hillstrom.csv) replayed as touchpoints through
 * the pipeline on a real broker: {@code GET /lift} and {@code careerstream lift} report the
 * experiment's published figures (conversion 1.25 %, 0.88 %, 0.57 %; spend per customer $1.42,
 * $1.08, $0.65) and each e-mail's difference to no e-mail with its interval.
 */
class HillstromLiftIT {

    private static final Path HILLSTROM = Path.of("../../data/hillstrom.csv");
    private static final String TOKEN = "lift-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theLiftTheStreamMeasuredIsTheExperimentsPublishedResult() throws Exception {
        assertThat(HILLSTROM).as("the Hillstrom e-mail test file data/hillstrom.csv (see data/README.md)").exists();
        List<HillstromExperiment.Customer> customers = HillstromExperiment.read(HILLSTROM);
        assertThat(customers).hasSize(64_000);
        try (LocalCareerstream local = LocalCareerstream.start(2, null)) {
            CareerstreamConfig config = local.config("lift-it", Map.of());
            HttpSettings http = new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN, TOKEN, HttpSettings.HTTP_PORT, "0",
                    HttpSettings.HTTP_HOST, "127.0.0.1"));
            String topic = config.pipeline().topics().touchpoints();
            Serializer<TouchpointEvent> values = config.careerTopics().touchpoints().valueSerializer();
            List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
            for (TouchpointEvent e : HillstromExperiment.replay(customers, Instant.parse("2008-03-04T09:00:00Z"), "minethatdata")) {
                records.add(new ProducerRecord<>(topic, null, e.getOccurredAt().toEpochMilli(),
                        e.getCustomerId().getBytes(StandardCharsets.UTF_8), values.serialize(topic, e)));
            }
            assertThat(records).hasSize(64_000 * 2 + 578);
            try (CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
                 CareerstreamApi api = CareerstreamApi.start(pipeline, http)) {
                String base = "http://127.0.0.1:" + api.port();
                local.send(records, () -> { });
                local.awaitCaughtUp(pipeline, "lift-it", Duration.ofMinutes(10), behind -> { });

                // Committed means counted; the answer is read until every conversion shows (no sleep).
                Map<String, JsonNode> arms = new HashMap<>();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    arms.clear();
                    for (JsonNode arm : lift(base).path("arms")) {
                        if (arm.path("kind").asText().equals("CAMPAIGN")) {
                            arms.put(arm.path("variant").asText(), arm);
                        }
                    }
                    assertThat(arms.values().stream().mapToLong(a -> a.path("converters").asLong()).sum()).isEqualTo(578);
                });
                assertThat(arms.keySet()).containsExactlyInAnyOrder("Mens E-Mail", "Womens E-Mail", "No E-Mail");
                assertArm(arms.get("Mens E-Mail"), 21_307, 267, 3_031_169);
                assertArm(arms.get("Womens E-Mail"), 21_387, 189, 2_303_811);
                assertArm(arms.get("No E-Mail"), 21_306, 122, 1_390_833);
                assertThat(arms.get("No E-Mail").path("heldOut").asBoolean()).isTrue();
                for (String mail : List.of("Mens E-Mail", "Womens E-Mail")) {
                    JsonNode arm = arms.get(mail);
                    assertThat(arm.path("control").asText()).isEqualTo("No E-Mail");
                    assertThat(arm.path("conversionDifference").path("low").asDouble()).isPositive();
                    assertThat(arm.path("spendPerCustomerDifference").path("low").asDouble()).isPositive();
                }

                CliRun cli = CliRun.of("lift", "--url", base, "--token", TOKEN);
                assertThat(cli.exit()).as(cli.err()).isZero();
                assertThat(cli.out()).contains("CAMPAIGN minethatdata", "within 14 days");
                assertThat(line(cli.out(), "Mens E-Mail")).contains("21,307", "1.25 %", "1.42 (", "+0.68 pp");
                assertThat(line(cli.out(), "Womens E-Mail")).contains("21,387", "0.88 %", "1.08 (", "+0.31 pp");
                assertThat(line(cli.out(), "No E-Mail")).contains("21,306", "0.57 %", "0.65 (", "(control)");
            }
        }
    }

    private static void assertArm(JsonNode arm, long customers, long converters, long spendCents) {
        assertThat(arm.path("customers").asLong()).isEqualTo(customers);
        assertThat(arm.path("converters").asLong()).isEqualTo(converters);
        assertThat(arm.path("spendMinor").asLong()).isEqualTo(spendCents);
        assertThat(arm.path("conversion").path("estimate").asDouble()).isEqualTo((double) converters / customers);
        assertThat(arm.path("spendPerCustomer").path("estimate").asDouble())
                .isCloseTo(spendCents / 100.0 / customers, org.assertj.core.api.Assertions.within(1e-12));
    }

    private static String line(String out, String start) {
        return out.lines().filter(l -> l.startsWith(start)).findFirst().orElse("(no line for " + start + " in:\n" + out + ")");
    }

    private static JsonNode lift(String base) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/lift"))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }
}
