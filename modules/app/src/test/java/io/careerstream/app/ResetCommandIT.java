package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.pipeline.ops.TopicScan;
import io.careerstream.topics.TickProtocol;
import io.careerstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./careerstream reset}: refused while an instance runs; a dry run changes nothing; then
 * executed, the pipeline started again processes the same input to the same transitions, in the
 * same order, with the same ids.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ResetCommandIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final String APP = "reset-it";

    @TempDir
    Path dir;

    @Test
    void aResetReplaysTheInputToTheSameOutputs(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT.prefixed("reset-");
        broker.createTopics(topics.newTopics(2));
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics, APP, dir.resolve("state"),
                "mock://reset-it-" + UUID.randomUUID());
        CareerstreamConfig config = new CareerstreamConfig(settings);
        String[] cli = cli(broker, topics);

        Map<Integer, List<String>> first;
        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofMinutes(2))) {
            send(broker, topics, config);
            first = awaitTransitions(broker, topics, config, 1);
            CliRun refused = CliRun.of(args(cli, "--execute"));
            assertThat(refused.exit()).as(refused.err()).isEqualTo(1);
            assertThat(refused.err()).contains("running members", "stop every instance first", "Nothing changed");
        }
        int firstCount = first.values().stream().mapToInt(List::size).sum();

        CliRun dryRun = CliRun.of(cli);
        assertThat(dryRun.exit()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).contains("Would reset (dry run; --execute does it) " + APP,
                "reset the offsets of " + topics.touchpoints() + " (2 partitions) to the beginning",
                "reset the offsets of " + topics.resolvedTouchpoints() + " (2 partitions) to its end",
                "delete internal topic " + APP + "-" + CareerTopology.CUSTOMER_STATE_STORE + "-changelog",
                "delete the local state");
        assertThat(dryRun.out()).containsPattern("tombstone the [1-9][0-9]* RFM sketches on " + topics.rfmSketches());
        assertThat(Files.exists(dir.resolve("state").resolve(APP))).as("a dry run changes nothing").isTrue();

        CliRun reset = CliRun.of(args(cli, "--execute"));
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(Files.exists(dir.resolve("state").resolve(APP))).isFalse();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.listTopics().names().get().stream()
                    .noneMatch(t -> t.startsWith(APP + "-") && t.endsWith("-changelog")));
        }

        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofMinutes(2))) {
            Map<Integer, List<String>> again = awaitTransitions(broker, topics, config, 2 * firstCount);
            first.forEach((partition, records) -> {
                List<String> twice = new ArrayList<>(records);
                twice.addAll(records);
                assertThat(again.get(partition)).as("partition " + partition + ": the first run's transitions, then the "
                        + "replay's, the same").isEqualTo(twice);
            });
        }
    }

    private String[] cli(EmbeddedKafkaBroker broker, Topics topics) {
        return new String[] {"reset", "-b", broker.bootstrapServers(), "--set", "application.id=" + APP,
                "--set", "state.dir=" + dir.resolve("state"),
                "--set", TopicSettings.TOPIC_TOUCHPOINTS + "=" + topics.touchpoints(),
                "--set", TopicSettings.TOPIC_TRANSITIONS + "=" + topics.transitions(),
                "--set", TopicSettings.TOPIC_ALERTS + "=" + topics.alerts(),
                "--set", TopicSettings.TOPIC_PROFILES + "=" + topics.profiles(),
                "--set", TopicSettings.TOPIC_DLQ + "=" + topics.deadLetters(),
                "--set", TopicSettings.TOPIC_MODEL_PARAMETERS + "=" + topics.modelParameters(),
                "--set", TopicSettings.TOPIC_ERASURE_REQUESTS + "=" + topics.erasureRequests(),
                "--set", TopicSettings.TOPIC_RFM_SKETCHES + "=" + topics.rfmSketches(),
                "--set", TopicSettings.TOPIC_IDENTITY_LINKS + "=" + topics.identityLinks(),
                "--set", TopicSettings.TOPIC_RESOLVED_TOUCHPOINTS + "=" + topics.resolvedTouchpoints()};
    }

    private String[] args(String[] cli, String... more) {
        List<String> all = new ArrayList<>(List.of(cli));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static void send(EmbeddedKafkaBroker broker, Topics topics, CareerstreamConfig config) throws Exception {
        var serializer = config.careerTopics().touchpoints().valueSerializer();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            int n = 0;
            for (String customer : List.of("c1", "c2", "c3", "c4")) {
                for (int week = 0; week < 4; week++) {
                    Instant at = T0.plus(Duration.ofDays(9L * week + n % 3));
                    TouchpointEvent e = TouchpointEvent.newBuilder().setEventId("e" + n).setCustomerId(customer)
                            .setOccurredAt(at).setChannel("pos")
                            .setPayload(new Purchase("o" + n++, 1000L, "USD", 1, List.of())).build();
                    producer.send(new ProducerRecord<>(topics.touchpoints(), null, at.toEpochMilli(),
                            customer.getBytes(StandardCharsets.UTF_8), serializer.serialize(topics.touchpoints(), e))).get();
                }
            }
            for (var tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(), 2, T0.plus(Duration.ofDays(400)).toEpochMilli())) {
                producer.send(tick).get();
            }
        }
    }

    /** Per partition, the transitions in topic order (id and change), once there are at least {@code atLeast} in all. */
    private static Map<Integer, List<String>> awaitTransitions(EmbeddedKafkaBroker broker, Topics topics,
                                                               CareerstreamConfig config, int atLeast) {
        var reader = config.careerTopics().transitions().valueDeserializer();
        Map<Integer, List<String>> seen = new java.util.TreeMap<>();
        int[] last = {-1};
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            seen.clear();
            TopicScan.readAll(broker.bootstrapServers(), topics.transitions(), total -> { }, r -> {
                StageTransition t = reader.deserialize(r.topic(), r.value());
                seen.computeIfAbsent(r.partition(), p -> new ArrayList<>())
                        .add(t.getTransitionId() + " " + t.getFrom() + "->" + t.getTo());
            });
            int size = seen.values().stream().mapToInt(List::size).sum();
            boolean settled = size == last[0] && size >= atLeast && size > 0;
            last[0] = size;
            return settled;
        });
        return seen;
    }
}
