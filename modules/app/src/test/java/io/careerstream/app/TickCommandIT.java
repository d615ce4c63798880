package io.careerstream.app;

import io.careerstream.registry.RegistrySettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.TickProtocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./careerstream tick} against a real broker: ticks arrive, refusals and failures are never quiet. */
@ExtendWith(EmbeddedKafkaExtension.class)
class TickCommandIT {

    private static final int PARTITIONS = 3;

    @Test
    void aTickArrivesOnEveryPartitionWithItsTimeAndNoKeyOrValue(EmbeddedKafkaBroker broker) throws Exception {
        String topic = createTopic(broker, "ticks-ok", Map.of());
        Instant at = Instant.parse("1998-06-30T00:00:00Z"); // the end of a backfill: far behind is fine by default

        // The brokers from the environment, as a deployment may give them.
        CliRun run = CliRun.withEnvironment(Map.of("CAREERSTREAM_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                "tick", "-t", topic, "--at", at.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Sent ticks at " + at + " to " + PARTITIONS + " partitions of " + topic);
        List<ConsumerRecord<byte[], byte[]>> ticks = readAll(broker, topic, PARTITIONS);
        assertThat(ticks).extracting(ConsumerRecord::partition).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(ticks).allSatisfy(tick -> {
            assertThat(tick.timestamp()).isEqualTo(at.toEpochMilli());
            assertThat(tick.key()).isNull();
            assertThat(tick.value()).isNull();
            assertThat(TickProtocol.isTick(tick.headers())).isTrue();
        });
    }

    @Test
    void anAtBeyondTheTopicsTimestampLimitIsRefusedAndNothingIsWritten(EmbeddedKafkaBroker broker) throws Exception {
        // The broker's default limit, as it reports it, and the pipeline's default skew fits well inside it.
        String defaults = createTopic(broker, "ticks-default-limit", Map.of());
        assertThat(topicConfig(broker, defaults, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG))
                .isEqualTo(Long.toString(Duration.ofHours(1).toMillis()));
        long defaultSkew = new CareerstreamConfig(Map.of("bootstrap.servers", broker.bootstrapServers(),
                RegistrySettings.URL, "mock://tick-it")).pipeline().maxFutureSkewMs();
        assertThat(defaultSkew).isLessThan(Duration.ofHours(1).toMillis());

        Instant inTwoHours = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        CliRun refused = CliRun.of("tick", "-b", broker.bootstrapServers(), "-t", defaults, "--at", inTwoHours.toString());

        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("--at " + inTwoHours, "more than 3600000 ms (1h) ahead",
                "message.timestamp.after.max.ms of topic " + defaults, "Nothing sent.");
        assertThat(refused.err().lines().filter(l -> !l.isBlank())).hasSize(1);
        assertThat(refused.out()).doesNotContain("Sent ticks");

        // A limit lowered on the topic is the one that counts.
        String strict = createTopic(broker, "ticks-strict-limit",
                Map.of(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "60000"));
        Instant inTenMinutes = Instant.now().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
        CliRun strictRun = CliRun.of("tick", "-b", broker.bootstrapServers(), "-t", strict, "--at", inTenMinutes.toString());
        assertThat(strictRun.exit()).isEqualTo(2);
        assertThat(strictRun.err()).contains("more than 60000 ms (1m) ahead", "message.timestamp.after.max.ms of topic " + strict);

        assertThat(endOffsets(broker, defaults)).containsOnly(0L);
        assertThat(endOffsets(broker, strict)).containsOnly(0L);

        // The check mirrors the broker: sent anyway, the same tick is refused.
        Throwable brokerSays = sendRaw(broker, strict, inTenMinutes);
        assertThat(brokerSays).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(InvalidTimestampException.class);
        System.out.println("Broker refusal of a tick 10 minutes ahead (limit 60000 ms): " + brokerSays.getCause().getMessage());
        assertThat(endOffsets(broker, strict)).containsOnly(0L);
    }

    @Test
    void aTopicWithLogAppendTimeCannotCarryAnAtButTakesATickNow(EmbeddedKafkaBroker broker) {
        String topic = createTopic(broker, "ticks-append-time",
                Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));

        CliRun refused = CliRun.of("tick", "-b", broker.bootstrapServers(), "-t", topic, "--at", "1998-06-30T00:00:00Z");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("message.timestamp.type=LogAppendTime", "cannot carry --at 1998-06-30T00:00:00Z");
        assertThat(endOffsets(broker, topic)).containsOnly(0L);

        CliRun now = CliRun.of("tick", "-b", broker.bootstrapServers(), "-t", topic);
        assertThat(now.exit()).as(now.err()).isZero();
        assertThat(readAll(broker, topic, PARTITIONS)).hasSize(PARTITIONS);
    }

    @Test
    void theTopicComesFromTheSettingsAndTheBrokersOptionBeatsTheEnvironmentAndTheFile(EmbeddedKafkaBroker broker,
                                                                                   @TempDir Path dir) throws Exception {
        String topic = createTopic(broker, "ticks-configured", Map.of());
        Path config = dir.resolve("careerstream.properties");
        Files.writeString(config, "bootstrap.servers=127.0.0.1:1\ncareerstream.topic.touchpoints=" + topic + "\n");

        CliRun run = CliRun.withEnvironment(Map.of("CAREERSTREAM_BOOTSTRAP_SERVERS", "127.0.0.1:2"),
                "tick", "--config", config.toString(), "--bootstrap-servers", broker.bootstrapServers(),
                "--at", "1998-06-30T00:00:00Z");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("to " + PARTITIONS + " partitions of " + topic);
        assertThat(readAll(broker, topic, PARTITIONS)).hasSize(PARTITIONS);
    }

    @Test
    void aTopicThatDoesNotExistIsAClearError(EmbeddedKafkaBroker broker) {
        CliRun run = CliRun.of("tick", "-b", broker.bootstrapServers(), "-t", "no-such-topic");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("Topic no-such-topic does not exist on " + broker.bootstrapServers());
    }

    @Test
    void aTickTheBrokerDoesNotWriteIsReportedPerPartitionWithItsReason(EmbeddedKafkaBroker broker) throws Exception {
        // A real refusal the command cannot foresee: the topic takes no batch as large as a tick.
        String topic = createTopic(broker, "ticks-tiny-batches", Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "16"));

        CliRun run = CliRun.of("tick", "-b", broker.bootstrapServers(), "-t", topic);

        assertThat(run.exit()).isEqualTo(1);
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(run.err()).containsPattern("Tick to " + topic + "-" + p + " not written: RecordTooLargeException: .+");
        }
        assertThat(run.err()).contains(PARTITIONS + " of " + PARTITIONS + " ticks at ", "not written to " + topic);
        assertThat(run.out()).doesNotContain("Sent ticks");
        assertThat(endOffsets(broker, topic)).containsOnly(0L);
    }

    private static String createTopic(EmbeddedKafkaBroker broker, String prefix, Map<String, String> configs) {
        String name = prefix + "-" + System.nanoTime();
        broker.createTopics(List.of(new NewTopic(name, PARTITIONS, (short) 1).configs(configs)));
        return name;
    }

    private static String topicConfig(EmbeddedKafkaBroker broker, String topic, String name) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = broker.admin()) {
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            return config.get(name).value();
        }
    }

    private static Throwable sendRaw(EmbeddedKafkaBroker broker, String topic, Instant at) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> tick = TickProtocol.<byte[], byte[]>ticks(topic, 1, at.toEpochMilli()).get(0);
            return catchThrowable(() -> producer.send(tick).get(30, TimeUnit.SECONDS));
        }
    }

    private static List<Long> endOffsets(EmbeddedKafkaBroker broker, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker)) {
            return new ArrayList<>(consumer.endOffsets(partitions(topic), Duration.ofSeconds(30)).values());
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(broker)) {
            consumer.assign(partitions(topic));
            consumer.seekToBeginning(partitions(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            assertThat(consumer.poll(Duration.ofMillis(500))).isEmpty();
        }
        return records;
    }

    private static List<TopicPartition> partitions(String topic) {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(EmbeddedKafkaBroker broker) {
        return new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
