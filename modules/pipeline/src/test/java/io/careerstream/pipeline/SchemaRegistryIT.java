package io.careerstream.pipeline;

import io.careerstream.topics.Topics;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ingest.StreamClock;
import io.careerstream.registry.CompatibilityLevel;
import io.careerstream.registry.RegisteredSchema;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.registry.SchemaRegistryClient;
import io.careerstream.registry.SchemaRegistryException;
import io.careerstream.serde.SpecificAvroSerde;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Against a real registry server (Apicurio Registry's Confluent-compatible API): the client's
 * calls and error mapping, and the whole pipeline with schemas in that registry. The answers the
 * server gave are written to target/registry-answers.txt.
 */
@ExtendWith({SchemaRegistryExtension.class, EmbeddedKafkaExtension.class})
class SchemaRegistryIT {

    private static final Path ANSWERS = Path.of("target", "registry-answers.txt");
    private final List<String> answers = new ArrayList<>();

    private void note(String call, Object answer) {
        answers.add(String.format("%-58s -> %s", call, answer));
    }

    @Test
    void registryCallsAndErrorsFollowTheConfluentApi(EmbeddedSchemaRegistry server) throws Exception {
        SchemaRegistryClient registry = SchemaRegistries.forUrl(server.url());
        registry.setCompatibility(null, CompatibilityLevel.BACKWARD);
        note("PUT /config BACKWARD; GET /config", registry.compatibility(null));
        assertThat(registry.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);

        String subject = "it-alerts-" + UUID.randomUUID() + "-value";
        Schema v1 = ChurnAlert.getClassSchema();
        int id1 = registry.register(subject, v1);
        note("register ChurnAlert v1", "id " + id1);
        assertThat(SchemaRegistries.forUrl(server.url()).register(subject, v1)).isEqualTo(id1);
        assertThat(registry.schemaById(id1)).isEqualTo(v1);

        Schema v2 = new Schema.Parser().parse(v1.toString().replaceFirst("\"fields\":\\[",
                "\"fields\":[{\"name\":\"channelHint\",\"type\":\"string\",\"default\":\"none\"},"));
        boolean v2Compatible = registry.isCompatible(subject, v2);
        int id2 = registry.register(subject, v2);
        note("compatible change (field with default): test, register", v2Compatible + ", id " + id2);
        assertThat(v2Compatible).isTrue();
        assertThat(id2).isNotEqualTo(id1);
        RegisteredSchema latest = registry.latest(subject);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(id2);
        assertThat(registry.version(subject, 1).id()).isEqualTo(id1);

        Schema incompatible = new Schema.Parser().parse(v1.toString()
                .replace("{\"name\":\"purchaseDays\",\"type\":\"int\"", "{\"name\":\"purchaseDays\",\"type\":\"string\""));
        boolean compatible = registry.isCompatible(subject, incompatible);
        note("incompatible change (int -> string): test", compatible);
        assertThat(compatible).isFalse();
        assertThatThrownBy(() -> registry.register(subject, incompatible))
                .isInstanceOfSatisfying(SchemaRegistryException.IncompatibleSchema.class, e -> {
                    note("incompatible change: register", e.getClass().getSimpleName() + ": " + e.getMessage());
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                });

        assertThatThrownBy(() -> registry.schemaById(987654))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFound.class, e -> {
                    note("GET /schemas/ids/987654 (unknown id)", e.getClass().getSimpleName() + ": " + e.getMessage());
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                });
        assertThatThrownBy(() -> registry.latest("no-such-subject"))
                .isInstanceOfSatisfying(SchemaRegistryException.SubjectNotFound.class, e -> {
                    note("GET /subjects/no-such-subject/versions/latest", e.getClass().getSimpleName() + ": " + e.getMessage());
                    assertThat(e.errorCode()).isEqualTo(40401);
                });
        assertThatThrownBy(() -> registry.idOf(subject, incompatible))
                .isInstanceOf(SchemaRegistryException.SchemaNotFound.class);

        registry.setCompatibility(subject, CompatibilityLevel.FULL);
        assertThat(registry.compatibility(subject)).isEqualTo(CompatibilityLevel.FULL);
        assertThat(registry.subjects()).contains(subject);

        byte[] unknownId = {0, 0, 0x0F, 0x12, 0x06, 2};
        assertThatThrownBy(() -> SpecificAvroSerde.forValues(ChurnAlert.class, server.url()).deserializer()
                .deserialize("churn-alerts", unknownId))
                .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                .hasMessageContaining("schema id 987654");
        Files.createDirectories(ANSWERS.getParent());
        Files.write(ANSWERS, answers, StandardCharsets.UTF_8);
    }

    @Test
    void pipelineRunsWithSchemasInTheRealRegistryAndOutputIsPlainConfluentAvro(
            EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry server) throws Exception {
        Topics topics = new Topics("tp-reg", "transitions-reg", "alerts-reg", "profiles-reg", "dlq-reg", "params-reg");
        broker.createTopics(topics.newTopics(2));
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "careerstream-registry-it");
        settings.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("careerstream-reg-it-").toString());
        settings.put(CareerstreamConfig.SCHEMA_REGISTRY_URL, server.url());
        settings.put(CareerstreamConfig.TOPIC_TOUCHPOINTS, topics.touchpoints());
        settings.put(CareerstreamConfig.TOPIC_TRANSITIONS, topics.transitions());
        settings.put(CareerstreamConfig.TOPIC_ALERTS, topics.alerts());
        settings.put(CareerstreamConfig.TOPIC_PROFILES, topics.profiles());
        settings.put(CareerstreamConfig.TOPIC_DLQ, topics.deadLetters());
        settings.put(CareerstreamConfig.TOPIC_MODEL_PARAMETERS, topics.modelParameters());
        settings.put(CareerstreamConfig.CHURN_RULE, "CADENCE");
        CareerstreamConfig config = new CareerstreamConfig(settings);
        Instant t0 = Instant.parse("1997-01-01T12:00:00Z");

        try (KafkaStreams streams = new KafkaStreams(CareerTopology.build(config), config.streamsProperties())) {
            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            var serializer = SpecificAvroSerde.forValues(TouchpointEvent.class, server.url()).serializer();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                TouchpointEvent e = purchase("r1", "o1", t0, 1000);
                producer.send(new ProducerRecord<>(topics.touchpoints(), null, t0.toEpochMilli(),
                        "r1".getBytes(StandardCharsets.UTF_8), serializer.serialize(topics.touchpoints(), e)));
                for (var tick : StreamClock.<byte[], byte[]>ticks(topics.touchpoints(), 2, t0.plus(Duration.ofDays(400)).toEpochMilli())) {
                    producer.send(tick);
                }
            }
            // A consumer with nothing of ours: the wire format, the registry's REST API and plain Avro.
            List<String> stages = new ArrayList<>();
            Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "plain-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics.transitions()));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        ByteBuffer in = ByteBuffer.wrap(r.value());
                        assertThat(in.get()).isEqualTo((byte) 0);
                        Schema writer = fetchSchema(server.url(), in.getInt());
                        GenericRecord t = new GenericDatumReader<GenericRecord>(writer)
                                .read(null, DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null));
                        if (t.get("dimension").toString().equals("STAGE")) {
                            stages.add(t.get("to").toString());
                        }
                    }
                    assertThat(stages).containsExactly("NEW", "AT_RISK", "LAPSED");
                });
            }
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
        assertThat(SchemaRegistries.forUrl(server.url()).subjects())
                .contains(topics.touchpoints() + "-value", topics.transitions() + "-value", topics.profiles() + "-value");
    }

    private static Schema fetchSchema(String baseUrl, int id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        return new Schema.Parser().parse(new ObjectMapper().readTree(response.body()).path("schema").asText());
    }
}
