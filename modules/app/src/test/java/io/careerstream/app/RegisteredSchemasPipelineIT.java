package io.careerstream.app;

import io.careerstream.app.http.HttpSettings;
import io.careerstream.serde.SerdeSettings;
import io.careerstream.registry.RegistrySettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.topics.Topics;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.TickProtocol;
import io.careerstream.registry.SchemaNormalizer;
import java.io.Reader;
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
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The deployment the docs prescribe, end to end against a real registry (Apicurio): {@code schemas
 * register}, then the pipeline as `run` starts it, with deploy/careerstream.properties, where
 * {@code auto.register.schemas=false}. Every output topic is read with nothing of ours: the
 * Confluent header skipped, the body decoded with plain Avro and the schema from schemas/*.avsc.
 * What the server answered is written to target/registered-schemas-answers.txt.
 */
@ExtendWith({SchemaRegistryExtension.class, EmbeddedKafkaExtension.class})
class RegisteredSchemasPipelineIT {

    private static final Path DEPLOY_CONFIG = Path.of("../../deploy/careerstream.properties");
    private static final Path SCHEMAS = Path.of("../../schemas");
    private static final Path ANSWERS = Path.of("target", "registered-schemas-answers.txt");
    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final int PARTITIONS = 2;

    private final List<String> answers = new ArrayList<>();

    @Test
    void outputsAreWrittenWithTheRegisteredSchemasWhenTheServiceMayNotRegister(EmbeddedKafkaBroker broker,
                                                                               EmbeddedSchemaRegistry server) throws Exception {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(DEPLOY_CONFIG)) {
            props.load(in);
        }
        assertThat(props.getProperty(SerdeSettings.AUTO_REGISTER_SCHEMAS)).isEqualTo("false");
        // Only what must differ on this machine: where the broker, the registry and the state are.
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(RegistrySettings.URL, server.url());
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("careerstream-registered-it-").toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, "1");
        CareerstreamConfig config = new CareerstreamConfig(props, HttpSettings.KEYS);
        Topics topics = config.pipeline().topics();
        broker.createTopics(topics.newTopics(PARTITIONS));

        // The operator's step, through the command's own code path. The different request timeout
        // gives the command its own registry client, so the service's lookups below reach the
        // server instead of the command's cache, as they would in separate processes.
        CliRun register = CliRun.of("schemas", "register", "--schema-registry-url", server.url(), "--schemas", SCHEMAS.toString(),
                "--set", "schema.registry.request.timeout.ms=9000");
        answers.add(register.out());
        assertThat(register.exit()).as(register.out() + register.err()).isZero();
        Map<String, Integer> registeredIds = new HashMap<>();
        Map<String, Class<? extends SpecificRecord>> classes = Map.of(
                topics.touchpoints(), TouchpointEvent.class, topics.transitions(), StageTransition.class,
                topics.alerts(), ChurnAlert.class, topics.profiles(), CustomerProfile.class,
                topics.modelParameters(), ModelParameters.class, topics.resolvedTouchpoints(), TouchpointEvent.class,
                topics.identityLinks(), IdentityLink.class);
        for (var entry : classes.entrySet()) {
            String subject = entry.getKey() + "-value";
            // The lookup the serde makes (POST /subjects/{subject}), answered by the server itself.
            Schema lookedUp = SchemaNormalizer.normalize(SpecificData.get().getSchema(entry.getValue()));
            var answer = rest(server, "POST", "/subjects/" + subject, Map.of("schema", lookedUp.toString()));
            assertThat(answer.statusCode()).as(subject + ": " + answer.body()).isEqualTo(200);
            registeredIds.put(entry.getKey(), json(answer).path("id").asInt());
            var level = rest(server, "GET", "/config/" + subject, null);
            answers.add(String.format("POST /subjects/%s -> %s; GET /config/%s -> %s", subject,
                    abbreviated(answer.body()), subject, level.body()));
            assertThat(json(level).path("compatibilityLevel").asText()).isEqualTo("FULL_TRANSITIVE");
        }

        // Started as `run` starts it (registry and topic checks, then Kafka Streams).
        KafkaStreams streams;
        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofMinutes(2))) {
            streams = pipeline.streams();
            // An upstream producer configured like the service: it may not register either.
            var serializer = config.careerTopics().touchpoints().valueSerializer();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                List<TouchpointEvent> events = new ArrayList<>();
                for (int week = 0; week < 4; week++) {
                    events.add(purchase("c1", "o" + week, T0.plus(Duration.ofDays(7L * week))));
                }
                events.add(event("c2", T0.plus(Duration.ofDays(1)), new EmailEngagement("campaign-1", EmailAction.OPEN, null, false)));
                for (TouchpointEvent e : events) {
                    producer.send(new ProducerRecord<>(topics.touchpoints(), null, e.getOccurredAt().toEpochMilli(),
                            e.getCustomerId().getBytes(StandardCharsets.UTF_8), serializer.serialize(topics.touchpoints(), e)));
                }
                // Silence is judged when stream time moves on: a tick on every partition, years later.
                for (var tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(), PARTITIONS,
                        T0.plus(Duration.ofDays(3000)).toEpochMilli())) {
                    producer.send(tick);
                }
            }

            Map<String, Schema> contracts = new HashMap<>();
            for (var entry : classes.entrySet()) {
                String file = entry.getValue().getSimpleName() + ".avsc";
                contracts.put(entry.getKey(), new Schema.Parser().parse(SCHEMAS.resolve(file).toFile()));
            }
            List<String> stages = new ArrayList<>();
            List<String> alerts = new ArrayList<>();
            Map<String, GenericRecord> profiles = new HashMap<>();
            List<String> outputs = List.of(topics.transitions(), topics.alerts(), topics.profiles(), topics.deadLetters());
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "plain-avro-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(outputs);
                List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
                await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.topic().equals(topics.deadLetters())) {
                            deadLetters.add(r);
                            continue;
                        }
                        ByteBuffer header = ByteBuffer.wrap(r.value(), 0, 5);
                        assertThat(header.get()).as("magic byte").isZero();
                        assertThat(header.getInt()).as("schema id on " + r.topic()).isEqualTo(registeredIds.get(r.topic()));
                        Schema schema = contracts.get(r.topic());
                        GenericRecord value = new GenericDatumReader<GenericRecord>(schema)
                                .read(null, DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null));
                        String customer = value.get("customerId").toString();
                        if (r.topic().equals(topics.transitions()) && value.get("dimension").toString().equals("STAGE")) {
                            stages.add(customer + ":" + value.get("to"));
                        } else if (r.topic().equals(topics.alerts())) {
                            alerts.add(customer + ":" + value.get("status") + " " + value.get("level"));
                        } else if (r.topic().equals(topics.profiles())) {
                            profiles.put(customer, value);
                        }
                    }
                    assertThat(deadLetters).as("dead letters").isEmpty();
                    // Order holds per customer (per partition), not across them.
                    assertThat(stages).filteredOn(s -> s.startsWith("c1:"))
                            .containsExactly("c1:NEW", "c1:ACTIVE", "c1:LOYAL", "c1:AT_RISK", "c1:LAPSED");
                    assertThat(stages).filteredOn(s -> s.startsWith("c2:")).containsExactly("c2:PROSPECT");
                    assertThat(alerts).containsExactly("c1:OPENED AT_RISK", "c1:ENDED AT_RISK", "c1:OPENED LAPSED");
                    assertThat(profiles).containsOnlyKeys("c1", "c2");
                    assertThat(profiles.get("c1").get("stage").toString()).isEqualTo("LAPSED");
                });
                assertThat(profiles.get("c1").get("purchases")).isEqualTo(4);
                assertThat(profiles.get("c2").get("stage").toString()).isEqualTo("PROSPECT");
                assertThat(profiles.get("c2").get("emailOpens")).isEqualTo(1);
                // Nothing was dead-lettered: the topic holds no record (nor a transaction marker).
                List<TopicPartition> dlq = consumer.partitionsFor(topics.deadLetters()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                assertThat(consumer.endOffsets(dlq).values()).allMatch(offset -> offset == 0L);
                answers.add("end offsets of " + topics.deadLetters() + ": " + consumer.endOffsets(dlq));
            }
            assertThat(pipeline.failure()).as("the pipeline kept running").isNotDone();
        }
        streams.cleanUp();

        // Nothing was registered on the way: every subject still has the one version the command registered.
        for (String topic : classes.keySet()) {
            var versions = rest(server, "GET", "/subjects/" + topic + "-value/versions", null);
            answers.add("GET /subjects/" + topic + "-value/versions -> " + versions.body());
            assertThat(json(versions).size()).as(topic).isEqualTo(1);
        }
        Files.createDirectories(ANSWERS.getParent());
        Files.write(ANSWERS, answers, StandardCharsets.UTF_8);
    }

    private static TouchpointEvent purchase(String customerId, String orderId, Instant at) {
        return event(customerId, at, new Purchase(orderId, 2500L, "USD", 1, List.of("music")));
    }

    private static TouchpointEvent event(String customerId, Instant at, Object payload) {
        return TouchpointEvent.newBuilder().setEventId("e-" + UUID.randomUUID()).setCustomerId(customerId)
                .setOccurredAt(at).setChannel("web").setPayload(payload).build();
    }

    private static HttpResponse<String> rest(EmbeddedSchemaRegistry server, String method, String path,
                                             Map<String, String> body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(new ObjectMapper().writeValueAsString(body)));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return new ObjectMapper().readTree(response.body());
    }

    private static String abbreviated(String body) {
        return body.length() <= 80 ? body : body.substring(0, 80) + "...";
    }
}
