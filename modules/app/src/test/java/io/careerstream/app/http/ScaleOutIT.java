package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.app.CliRun;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.sandbox.LocalCareerstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one application on the real broker: either answers for every customer (the
 * other's through a forwarded request), and when one stops the survivor takes its partitions over
 * and answers for everyone.
 */
class ScaleOutIT {

    private static final String APP = "scale-out-it";
    private static final String TOKEN = "scale-token";
    /**
     * Plain ids, and ids that only survive a hop between instances if they are path-encoded as
     * RFC 3986 says (a form's encoding turns a space into a plus; a slash splits the path).
     */
    private static final List<String> IDS = java.util.stream.Stream.concat(
            java.util.stream.IntStream.range(0, 15).mapToObj(i -> "c" + i),
            java.util.stream.Stream.of("Jane Doe", "a/b", "x+y", "100%", "Müller-Łódź ✓")).toList();
    private static final int CUSTOMERS = IDS.size();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void anyInstanceAnswersForAnyCustomerAndTheSurvivorTakesOver() throws Exception {
        try (LocalCareerstream local = LocalCareerstream.start(2, null)) {
            Instance a = Instance.start(local, EmbeddedKafkaBroker.freePort());
            Instance b = Instance.start(local, EmbeddedKafkaBroker.freePort());
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> a.ownsSomething() && b.ownsSomething());
                CareerstreamConfig config = a.config;
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                Instant at = Instant.parse("1997-01-01T12:00:00Z");
                for (int i = 0; i < CUSTOMERS; i++) {
                    // Each customer sent a campaign the day before: the lift counts add up over the instances.
                    TouchpointEvent send = TouchpointEvent.newBuilder().setEventId("s" + i).setCustomerId(IDS.get(i))
                            .setOccurredAt(at.minus(Duration.ofDays(1))).setChannel("esp").setPayload(
                                    new EmailEngagement("scale-out", EmailAction.DELIVERED, "v", false)).build();
                    records.add(new ProducerRecord<>(config.pipeline().topics().touchpoints(), null,
                            send.getOccurredAt().toEpochMilli(), IDS.get(i).getBytes(StandardCharsets.UTF_8),
                            config.careerTopics().touchpoints().valueSerializer()
                                    .serialize(config.pipeline().topics().touchpoints(), send)));
                }
                for (int i = 0; i < CUSTOMERS; i++) {
                    TouchpointEvent purchase = TouchpointEvent.newBuilder().setEventId("e" + i).setCustomerId(IDS.get(i))
                            .setOccurredAt(at).setChannel("web").setPayload(Purchase.newBuilder().setOrderId("o" + i)
                                    .setAmountMinor(100).setCurrency("USD").setItemCount(1).build()).build();
                    records.add(new ProducerRecord<>(config.pipeline().topics().touchpoints(), null, at.toEpochMilli(),
                            IDS.get(i).getBytes(StandardCharsets.UTF_8), config.careerTopics().touchpoints().valueSerializer()
                                    .serialize(config.pipeline().topics().touchpoints(), purchase)));
                }
                local.send(records, () -> { });
                local.awaitCaughtUp(a.pipeline, APP, Duration.ofSeconds(90), behind -> { });

                Set<HostInfo> owners = new HashSet<>();
                for (int i = 0; i < CUSTOMERS; i++) {
                    owners.add(a.pipeline.streams().queryMetadataForKey(CareerTopology.CUSTOMER_STATE_STORE, IDS.get(i),
                            Serdes.String().serializer()).activeHost());
                }
                assertThat(owners).as("the customers are spread over both instances").containsExactlyInAnyOrder(a.self, b.self);
                for (Instance asked : List.of(a, b)) {
                    for (String id : IDS) {
                        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                            HttpResponse<String> answer = asked.profile(http, id);
                            assertThat(answer.statusCode()).as(id + ": " + answer.body()).isEqualTo(200);
                            assertThat(JSON.readTree(answer.body()).path("customerId").asText()).isEqualTo(id);
                            assertThat(answer.body()).contains("\"stage\":\"NEW\"");
                            // The console's story too is routed to the instance that holds the customer.
                            HttpResponse<String> story = asked.customer(http, id, "/story");
                            assertThat(story.statusCode()).as(id + " story: " + story.body()).isEqualTo(200);
                            // The campaign send made the customer a PROSPECT the day before the purchase.
                            assertThat(JSON.readTree(story.body()).path("history").path("changes").findValuesAsText("to"))
                                    .containsExactly("PROSPECT", "NEW");
                        });
                    }
                }
                for (Instance asked : List.of(a, b)) {
                    // Counted in the stream on both instances, summed over the cluster by whichever is asked.
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(asked.get(http, "/stages").body())
                            .contains("\"NEW\":" + CUSTOMERS, "\"total\":" + CUSTOMERS));
                    assertThat(asked.get(http, "/tracks").body()).contains("\"NONE\":" + CUSTOMERS, "\"total\":" + CUSTOMERS);
                }
                for (Instance asked : List.of(a, b)) {
                    // Lift too: each instance holds a share of the campaign's customers, the one asked sums them.
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        JsonNode arm = JSON.readTree(asked.get(http, "/lift").body()).path("arms").get(0);
                        assertThat(arm.path("subject").asText()).isEqualTo("scale-out");
                        assertThat(arm.path("customers").asLong()).isEqualTo(CUSTOMERS);
                        assertThat(arm.path("converters").asLong()).isEqualTo(CUSTOMERS);
                    });
                    JsonNode own = JSON.readTree(asked.get(http, "/lift?scope=local").body()).path("arms").get(0);
                    assertThat(own.path("customers").asLong()).isStrictlyBetween(0L, (long) CUSTOMERS);
                }

                // ./careerstream status, asked through one instance, prints each instance's own answer:
                // both RUNNING, each with an active task and, with num.standby.replicas=1, a standby.
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    CliRun status = CliRun.of("status", "--url", "http://127.0.0.1:" + a.api.port());
                    assertThat(status.exit()).as(status.out() + status.err()).isZero();
                    List<String> rows = status.out().lines().filter(l -> l.contains("RUNNING")).toList();
                    assertThat(rows).hasSize(2);
                    assertThat(rows).allSatisfy(row -> assertThat(row).matches(".*RUNNING\\s+1\\s+0_\\d\\s+0_\\d\\s*"));
                });
                // map explain of a live customer that instance b holds, asked through instance a.
                String heldByB = null;
                // The odd ids first: the command must path-encode them as the instances do.
                List<String> oddFirst = new ArrayList<>(IDS);
                java.util.Collections.reverse(oddFirst);
                for (String id : oddFirst) {
                    if (heldByB == null && b.self.equals(a.pipeline.streams().queryMetadataForKey(
                            CareerTopology.CUSTOMER_STATE_STORE, id, Serdes.String().serializer()).activeHost())) {
                        heldByB = id;
                    }
                }
                CliRun explain = CliRun.of("map", "explain", "--customer", heldByB, "--url",
                        "http://127.0.0.1:" + a.api.port(), "--token", TOKEN);
                assertThat(explain.exit()).as(explain.err()).isZero();
                assertThat(explain.out()).contains("Customer " + heldByB, "=> NEW", "Decision: stage NEW");
                CliRun refused = CliRun.of("map", "explain", "--customer", heldByB, "--url", "http://127.0.0.1:" + a.api.port());
                assertThat(refused.exit()).isEqualTo(1);
                assertThat(refused.err()).contains("needs a bearer token");
            } finally {
                b.close();
            }
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> a.pipeline.streams().state() == KafkaStreams.State.RUNNING
                        && a.pipeline.streams().metadataForLocalThreads().stream().mapToLong(t -> t.activeTasks().size()).sum() == 2);
                for (String id : IDS) {
                    await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                            assertThat(a.profile(http, id).statusCode()).isEqualTo(200));
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(a.get(http, "/stages").body()).contains("\"total\":" + CUSTOMERS));
            } finally {
                a.close();
            }
        }
    }

    /** One instance: a pipeline with its own state folder and its HTTP API at its application.server. */
    private record Instance(CareerstreamConfig config, CareerPipeline pipeline, CareerstreamApi api, HostInfo self)
            implements AutoCloseable {

        static Instance start(LocalCareerstream local, int port) throws Exception {
            CareerstreamConfig config = local.config(APP, Map.of("application.server", "127.0.0.1:" + port,
                    "num.standby.replicas", "1", "state.dir", Files.createTempDirectory("careerstream-scale-").toString()));
            CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
            CareerstreamApi api = CareerstreamApi.start(pipeline, new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN, TOKEN,
                    HttpSettings.HTTP_PORT, String.valueOf(port), HttpSettings.HTTP_HOST, "127.0.0.1")));
            return new Instance(config, pipeline, api, config.pipeline().applicationServer());
        }

        boolean ownsSomething() {
            return pipeline.streams().state() == KafkaStreams.State.RUNNING
                    && pipeline.streams().metadataForLocalThreads().stream().anyMatch(t -> !t.activeTasks().isEmpty());
        }

        HttpResponse<String> get(HttpClient http, String path) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> profile(HttpClient http, String id) throws Exception {
            return customer(http, id, "");
        }

        HttpResponse<String> customer(HttpClient http, String id, String subPath) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/customers/"
                            + CustomerPaths.segment(id) + subPath))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            api.close();
            pipeline.close();
        }
    }
}
