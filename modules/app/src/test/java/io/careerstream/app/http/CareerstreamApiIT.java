package io.careerstream.app.http;

import io.careerstream.pipeline.config.ChurnSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import io.careerstream.app.deploy.DocumentedMetrics;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The HTTP API of a running pipeline on a real broker: health, metrics, and the token-guarded profile. */
class CareerstreamApiIT {

    private static final String TOKEN = "s3cret-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthMetricsAndAGuardedProfileLookup() throws Exception {
        try (LocalCareerstream local = LocalCareerstream.start(1, null)) {
            // The at-risk threshold is fixed here (not the default) so that a one-time buyer two years
            // silent is at risk whatever default the churn evaluation picks.
            CareerstreamConfig config = local.config("api-it", Map.of(ChurnSettings.CHURN_AT_RISK_P_ALIVE, "0.3"));
            HttpSettings http = new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN, TOKEN, HttpSettings.HTTP_PORT, "0",
                    HttpSettings.HTTP_HOST, "127.0.0.1"));
            try (CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
                 CareerstreamApi api = CareerstreamApi.start(pipeline, http)) {
                String base = "http://127.0.0.1:" + api.port();
                Instant at = Instant.parse("1997-01-01T12:00:00Z");
                TouchpointEvent purchase = TouchpointEvent.newBuilder().setEventId("e1").setCustomerId("c1")
                        .setOccurredAt(at).setChannel("web").setPayload(Purchase.newBuilder().setOrderId("o1")
                                .setAmountMinor(1999).setCurrency("USD").setItemCount(1).build()).build();
                local.send(List.of(new ProducerRecord<>(config.pipeline().topics().touchpoints(), 0, at.toEpochMilli(),
                        "c1".getBytes(StandardCharsets.UTF_8),
                        config.careerTopics().touchpoints().valueSerializer().serialize(config.pipeline().topics().touchpoints(), purchase))),
                        () -> { });
                local.awaitCaughtUp(pipeline, "api-it", Duration.ofSeconds(60), behind -> { });

                assertThat(get(base + "/health/live", null).statusCode()).isEqualTo(200);
                assertThat(get(base + "/health/ready", null).body()).contains("\"status\":\"UP\"", "RUNNING");

                assertThat(get(base + "/customers/c1", null).statusCode()).isEqualTo(401);
                assertThat(get(base + "/customers/c1", "wrong").statusCode()).isEqualTo(403);
                assertThat(get(base + "/customers/nobody", TOKEN).statusCode()).isEqualTo(404);
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    HttpResponse<String> profile = get(base + "/customers/c1", TOKEN);
                    assertThat(profile.statusCode()).isEqualTo(200);
                    assertThat(profile.body()).contains("\"customerId\":\"c1\"", "\"stage\":\"NEW\"",
                            "\"totalSpendMinor\":1999", "\"lastPurchaseAt\":\"1997-01-01T12:00:00Z\"",
                            "\"doNotContactReasons\":[]",
                            "\"lastTransition\":{", "\"to\":\"NEW\"");
                    // The churn model's figures (MBG/NBD: even a first purchase may be the last, so P(alive) < 1).
                    assertThat(JSON.readTree(profile.body()).path("probabilityAlive").asDouble()).isStrictlyBetween(0.0, 1.0);
                    assertThat(JSON.readTree(profile.body()).path("expectedPurchases90d").asDouble()).isPositive();
                });

                // Why NEW: every rule with its result and evidence, the winner named.
                HttpResponse<String> explain = get(base + "/customers/c1/explain", TOKEN);
                assertThat(explain.statusCode()).isEqualTo(200);
                JsonNode why = JSON.readTree(explain.body());
                assertThat(why.path("stage").asText()).isEqualTo("NEW");
                assertThat(why.path("features").path("purchaseDays").asInt()).isEqualTo(1);
                assertThat(why.path("stages").findValuesAsText("id")).contains("PROSPECT", "LOYAL", "NEW");
                assertThat(get(base + "/customers/c1/explain?at=1999-01-01T00:00:00Z", TOKEN).body())
                        .as("two years of silence later").contains("\"stage\":\"AT_RISK\"", "\"silenceLevel\":\"AT_RISK\"");
                assertThat(get(base + "/customers/c1/explain?at=yesterday", TOKEN).statusCode()).isEqualTo(400);
                assertThat(get(base + "/customers/c1/explain?at=+1000000000-12-31T23:59:59.999999999Z", TOKEN).statusCode())
                        .as("an instant beyond epoch milliseconds").isEqualTo(400);
                assertThat(get(base + "/customers/c1/explain", null).statusCode()).isEqualTo(401);

                // The console's story of the customer: behind the token, the history the state keeps, the
                // map's explanation and the P(alive) curve with its thresholds, from the model in force.
                assertThat(get(base + "/customers/c1/story", null).statusCode()).isEqualTo(401);
                assertThat(get(base + "/customers/c1/story", "wrong").statusCode()).isEqualTo(403);
                assertThat(get(base + "/customers/nobody/story", TOKEN).statusCode()).isEqualTo(404);
                JsonNode story = JSON.readTree(get(base + "/customers/c1/story", TOKEN).body());
                assertThat(story.path("profile").path("stage").asText()).isEqualTo("NEW");
                assertThat(story.path("history").path("changes").findValuesAsText("to")).containsExactly("NEW");
                assertThat(story.path("history").path("changes").get(0).path("day").asText()).isEqualTo("1997-01-01");
                assertThat(story.path("purchases").path("days").get(0).asText()).isEqualTo("1997-01-01");
                assertThat(story.path("explanation").path("lines").toString()).contains("=> NEW");
                JsonNode curve = story.path("aliveCurve");
                assertThat(curve.path("atRiskProbabilityAlive").asDouble()).isEqualTo(0.3);
                assertThat(curve.path("points").size()).isGreaterThan(100);
                assertThat(curve.path("points").get(0).get(0).asDouble()).isZero();
                JsonNode later = JSON.readTree(get(base + "/customers/c1/story?at=1999-01-01T00:00:00Z", TOKEN).body());
                assertThat(later.path("aliveCurve").path("nowDay").asDouble()).isCloseTo(729.5, org.assertj.core.api.Assertions.within(0.01));
                assertThat(later.path("aliveCurve").path("atRiskDay").asDouble()).isLessThan(729.5);

                JsonNode status = JSON.readTree(get(base + "/status", null).body());
                assertThat(status.path("state").asText()).isEqualTo("RUNNING");
                assertThat(status.path("mapVersion").asText()).isEqualTo(pipeline.careerMap().version());
                assertThat(status.path("threads").findValuesAsText("id")).isNotEmpty();

                String metrics = get(base + "/metrics", null).body();
                assertThat(metrics).contains("kafka_stream_thread_process_total", "records_lost_total",
                        "careerstream_touchpoints_total{kind=\"purchase\"} 1.0",
                        "careerstream_transitions_total{dimension=\"stage\",to=\"NEW\"} 1.0",
                        "careerstream_event_to_output_seconds_bucket", "careerstream_punctuation_seconds_count",
                        "careerstream_timer_index_entries", "careerstream_input_lag_records{partition=\"0\"");
                // Every metric the dashboard, the Prometheus files and the documents name is in a real scrape
                // (a histogram or summary by its base name: its _bucket, _count, _sum or _max series).
                assertThat(DocumentedMetrics.everywhere()).isNotEmpty().allSatisfy(named ->
                        assertThat(metrics).as(named.where() + " names " + named.name())
                                .containsPattern("(?m)^" + named.name() + "(_bucket|_count|_sum|_max)?[{ ]"));
            }
        }
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
