package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.sandbox.LocalCareerstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/**
 * POST /touchpoints on a running pipeline and a real broker: its own token, the pipeline's rules
 * with every bad event named, 202 only once the broker has every event, resends counted once, and
 * the limits (body size, batch size, rate, CORS off unless configured).
 */
class TouchpointIngestionIT {

    private static final String READER = "reader-token";
    private static final String PRODUCER = "producer-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void authValidationAcknowledgementAndIdempotence() throws Exception {
        try (LocalCareerstream local = LocalCareerstream.start(2, null)) {
            CareerstreamConfig config = local.config("ingest-it", Map.of());
            String topic = config.pipeline().topics().touchpoints();
            HttpSettings http = settings(Map.of(HttpSettings.INGEST_MAX_EVENTS, "5", HttpSettings.INGEST_MAX_REQUEST_BYTES, "4096"));
            try (CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
                 CareerstreamApi api = CareerstreamApi.start(pipeline, http)) {
                String url = "http://127.0.0.1:" + api.port() + "/touchpoints";
                String one = purchase("e-1", "c1", "o-1", 1999);

                // Its own token: none, the reader's or a wrong one may not write.
                assertThat(post(url, null, one).statusCode()).isEqualTo(401);
                assertThat(post(url, READER, one).statusCode()).isEqualTo(403);
                assertThat(post(url, "guess", one).statusCode()).isEqualTo(403);
                assertThat(records(local, topic)).isZero();

                // Every bad event named with its reason; the good one in the same batch is not sent either.
                String batch = "[" + one + "," + purchase("e-2", "c2", "o-2", -5) + ","
                        + one.replace("\"USD\"", "\"US$\"").replace("e-1", "e-3") + ",{\"customerId\": 7}]";
                HttpResponse<String> refused = post(url, PRODUCER, batch);
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
                JsonNode rejected = JSON.readTree(refused.body()).path("rejected");
                assertThat(rejected.findValuesAsText("index")).containsExactly("1", "2", "3");
                assertThat(rejected.findValuesAsText("reason")).containsExactly("NEGATIVE_AMOUNT", "INVALID_CURRENCY",
                        "UNDESERIALIZABLE");
                assertThat(rejected.get(0).path("eventId").asText()).isEqualTo("e-2");
                assertThat(rejected.get(2).path("message").asText()).contains("Avro");
                assertThat(records(local, topic)).isZero();

                // 202 with the ids once the broker has them: they are on the topic when the answer comes.
                String good = "[" + one + "," + email(null, "c2", "OPEN") + "]";
                HttpResponse<String> accepted = post(url, PRODUCER, good);
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                List<String> ids = new ArrayList<>();
                JSON.readTree(accepted.body()).path("eventIds").forEach(id -> ids.add(id.asText()));
                assertThat(ids).hasSize(2).first().isEqualTo("e-1");
                assertThat(ids.get(1)).startsWith("tp-");
                assertThat(records(local, topic)).isEqualTo(2);
                Map<String, TouchpointEvent> onTopic = events(local, config);
                assertThat(onTopic).containsOnlyKeys(ids);
                assertThat(onTopic.get("e-1").getCustomerId()).isEqualTo("c1");

                // The same request again (a webhook's retry): the same ids, and the pipeline counts them once.
                HttpResponse<String> again = post(url, PRODUCER, good);
                assertThat(again.statusCode()).isEqualTo(202);
                assertThat(again.body()).isEqualTo(accepted.body());
                local.awaitCaughtUp(pipeline, "ingest-it", Duration.ofMinutes(2), behind -> { });
                assertThat(pipeline.metrics().registry().get(CareerMetrics.DUPLICATES).counter().count()).isEqualTo(2.0);
                HttpResponse<String> profile = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port()
                        + "/customers/c1")).header("Authorization", "Bearer " + READER).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(JSON.readTree(profile.body()).path("purchases").asInt()).isEqualTo(1);

                // Limits: a batch too large, a body too large; CORS is off: no header for any origin, no preflight.
                String six = "[" + String.join(",", java.util.Collections.nCopies(6, one)) + "]";
                assertThat(post(url, PRODUCER, six).statusCode()).isEqualTo(413);
                assertThat(post(url, PRODUCER, "[" + one + "," + " ".repeat(5000) + "]").statusCode()).isEqualTo(413);
                HttpResponse<String> withOrigin = client.send(request(url, PRODUCER, one).header("Origin", "https://shop.example")
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(withOrigin.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
                assertThat(client.send(HttpRequest.newBuilder(URI.create(url)).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                        .header("Origin", "https://shop.example").build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isNotEqualTo(204);
            }
        }
    }

    @Test
    void noAcknowledgementUntilTheBrokerHasTheEventsThenTheRateLimitAndCors() throws Exception {
        try (LocalCareerstream local = LocalCareerstream.start(1, null)) {
            CareerstreamConfig config = local.config("ingest-ack-it", Map.of());
            String topic = config.pipeline().topics().touchpoints();
            HttpSettings http = settings(Map.of(HttpSettings.INGEST_ACK_TIMEOUT_MS, "3000", HttpSettings.INGEST_RATE_LIMIT, "4",
                    HttpSettings.INGEST_MAX_EVENTS, "4", HttpSettings.INGEST_CORS_ORIGINS, "https://shop.example"));
            try (CareerPipeline pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
                 CareerstreamApi api = CareerstreamApi.start(pipeline, http);
                 Admin admin = local.broker().admin()) {
                String url = "http://127.0.0.1:" + api.port() + "/touchpoints";
                // The broker refuses every record larger than the topic allows, so no write is acknowledged (once
                // it applies the setting; a request before that is accepted, with another id each time).
                topicSetting(admin, topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "64");
                List<String> tried = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() -> {
                    tried.add("a-" + tried.size());
                    long before = records(local, topic);
                    HttpResponse<String> answer = post(url, PRODUCER, purchase(tried.get(tried.size() - 1), "c1", "o-a", 500));
                    if (answer.statusCode() != 503) {
                        assertThat(answer.statusCode()).as(answer.body()).isIn(202, 429); // 429: this test's low rate limit
                        return false;
                    }
                    assertThat(answer.body()).contains("send the same request again");
                    assertThat(records(local, topic)).as("nothing written for a 503").isEqualTo(before);
                    return true;
                });
                String refused = tried.get(tried.size() - 1);
                assertThat(events(local, config)).doesNotContainKey(refused);

                topicSetting(admin, topic, TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "1048588");
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                        assertThat(post(url, PRODUCER, purchase(refused, "c1", "o-a", 500)).statusCode()).isEqualTo(202));
                assertThat(events(local, config)).containsKey(refused);

                // Four a second, bursts of at most four: the bucket is empty now, or nearly.
                String four = "[" + String.join(",", purchase("r-1", "c1", "o-r1", 1), purchase("r-2", "c1", "o-r2", 1),
                        purchase("r-3", "c1", "o-r3", 1), purchase("r-4", "c1", "o-r4", 1)) + "]";
                HttpResponse<String> limited = post(url, PRODUCER, four);
                if (limited.statusCode() == 202) {
                    limited = post(url, PRODUCER, four);
                }
                assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
                assertThat(limited.headers().firstValue("Retry-After")).isPresent();

                // CORS for the configured origin only.
                HttpResponse<String> preflight = client.send(HttpRequest.newBuilder(URI.create(url))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://shop.example")
                        .header("Access-Control-Request-Method", "POST").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(preflight.statusCode()).isEqualTo(204);
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("https://shop.example");
                assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("")).contains("Authorization");
                HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create(url))
                        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", "https://evil.example").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(other.statusCode()).isEqualTo(403);
                assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            }
        }
    }

    private static HttpSettings settings(Map<String, String> more) {
        Map<String, String> s = new HashMap<>(Map.of(HttpSettings.HTTP_TOKEN, READER, HttpSettings.INGEST_TOKEN, PRODUCER,
                HttpSettings.HTTP_PORT, "0", HttpSettings.HTTP_HOST, "127.0.0.1"));
        s.putAll(more);
        return new HttpSettings(s);
    }

    private static void topicSetting(Admin admin, String topic, String key, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry(key, value), AlterConfigOp.OpType.SET)))).all().get();
    }

    /** A purchase in Avro's JSON encoding, as docs/producing.md shows it. */
    static String purchase(String eventId, String customer, String order, long amountMinor) {
        return """
                {"eventId": "%s", "customerId": "%s", "occurredAt": 852120000000, "channel": "web",
                 "payload": {"io.careerstream.contracts.Purchase": {"orderId": "%s", "amountMinor": %d, "currency": "USD",
                   "itemCount": 1, "categories": []}}, "alias": null}""".formatted(eventId, customer, order, amountMinor);
    }

    /** An email engagement without an eventId and without alias: the route derives the id. */
    static String email(String eventId, String customer, String action) {
        return """
                {%s"customerId": "%s", "occurredAt": 852206400000, "channel": "esp",
                 "payload": {"io.careerstream.contracts.EmailEngagement": {"campaignId": "welcome", "action": "%s"}}}"""
                .formatted(eventId == null ? "" : "\"eventId\": \"" + eventId + "\", ", customer, action);
    }

    private HttpResponse<String> post(String url, String token, String body) throws Exception {
        return client.send(request(url, token, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String url, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private static long records(LocalCareerstream local, String topic) throws Exception {
        try (Admin admin = local.broker().admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(i -> i.offset()).sum();
        }
    }

    /** The touchpoints on the topic, by event id. */
    private static Map<String, TouchpointEvent> events(LocalCareerstream local, CareerstreamConfig config) {
        String topic = config.pipeline().topics().touchpoints();
        Map<String, TouchpointEvent> events = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "read-" + UUID.randomUUID()), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    TouchpointEvent e = config.careerTopics().touchpoints().valueDeserializer().deserialize(topic, r.value());
                    events.put(e.getEventId(), e);
                }
            }
        }
        return events;
    }
}
