package io.careerstream.pipeline;

import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.registry.RegistrySettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.topics.Topics;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.errors.DataLossException;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.pipeline.ops.LagReport;
import io.careerstream.pipeline.ops.TopicScan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * On a real broker: the ways Careerstream used to lose data without telling anyone now either
 * cannot happen or are reported — deleted input, retention that would delete history, a poison
 * record on model-parameters, an unreachable registry.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class NothingLostIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");

    @Test
    void inputDeletedBeforeItWasProcessedStopsThePipelineOrIsReportedAndCounted(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = createTopics(broker, "loss");
        Map<String, Object> settings = settings(broker, topics);
        TopicPartition partition = new TopicPartition(topics.touchpoints(), 0);

        try (CareerPipeline pipeline = CareerPipeline.start(new CareerstreamConfig(settings), Duration.ofSeconds(60))) {
            send(broker, topics, settings, "early-", 3, T0);
            awaitNoLag(broker, topics, settings);
        }
        // While the pipeline is stopped, ten more arrive and the broker deletes six of them unread.
        send(broker, topics, settings, "late-", 10, T0.plus(Duration.ofDays(1)));
        try (Admin admin = broker.admin()) {
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(9))).all().get();
        }

        Throwable failure = startAndAwaitFailure(new CareerstreamConfig(settings));
        assertThat(causes(failure)).anySatisfy(c -> assertThat(c).isInstanceOf(DataLossException.class)
                .hasMessageContaining(partition + ": the next offset to process is 3 but the log now starts at 9")
                .hasMessageContaining("6 records (offsets 3 to 8) were deleted before the pipeline processed them"));
        assertThat(committedOffset(broker, settings, partition)).as("FAIL leaves the offsets for the operator").isEqualTo(3);

        settings.put(PipelineSettings.ON_DATA_LOSS, "CONTINUE");
        try (CareerPipeline pipeline = CareerPipeline.start(new CareerstreamConfig(settings), Duration.ofSeconds(60))) {
            awaitNoLag(broker, topics, settings);
            assertThat(metric(pipeline, "records-lost-total")).isEqualTo(6.0);
            assertThat(metric(pipeline, "data-loss-events-total")).isEqualTo(1.0);
            assertThat(pipeline.metrics().registry().get(CareerMetrics.DEAD_LETTERS).tag("reason", "DATA_LOSS").counter()
                    .count()).as("the marker counted as a dead letter").isEqualTo(1.0);
        }
        List<String> firstSeen = new ArrayList<>();
        var reader = new CareerstreamConfig(settings).careerTopics().transitions().valueDeserializer();
        TopicScan.readAll(broker.bootstrapServers(), topics.transitions(), total -> { }, r -> {
            StageTransition t = reader.deserialize(r.topic(), r.value());
            if (t.getFrom() == null && t.getDimension().equals("STAGE")) {
                firstSeen.add(t.getCustomerId());
            }
        });
        assertThat(firstSeen).containsExactlyInAnyOrder("early-0", "early-1", "early-2", "late-6", "late-7", "late-8", "late-9");
        // Each instance that found the loss left a marker on the dead-letter topic, whatever became of its metrics.
        List<Map<String, String>> markers = new ArrayList<>();
        TopicScan.readAll(broker.bootstrapServers(), topics.deadLetters(), total -> { }, r -> {
            Map<String, String> headers = new java.util.HashMap<>();
            r.headers().forEach(h -> headers.put(h.key(), new String(h.value(), java.nio.charset.StandardCharsets.UTF_8)));
            markers.add(headers);
        });
        assertThat(markers).hasSize(2).allSatisfy(headers -> assertThat(headers)
                .containsEntry(DeadLetters.REASON_HEADER, "DATA_LOSS")
                .containsEntry(DeadLetters.TOPIC_HEADER, partition.topic())
                .containsEntry(DeadLetters.PARTITION_HEADER, "0")
                .containsEntry(DeadLetters.OFFSET_HEADER, "3")
                .containsEntry("careerstream.dlq.lost.offsets", "3-8"));
    }

    @Test
    void timeRetentionThatWouldDeleteTheHistoryToProcessIsRefusedAtStartUp(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT.prefixed("weekly-");
        Map<String, String> weekly = new HashMap<>(Topics.EVENT_LOG);
        weekly.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(7).toMillis()));
        List<NewTopic> newTopics = new ArrayList<>(topics.newTopics(1));
        newTopics.set(0, new NewTopic(topics.touchpoints(), 1, (short) 1).configs(weekly));
        broker.createTopics(newTopics);
        Map<String, Object> settings = settings(broker, topics);
        // Half an hour before the broker would delete them: inside the check's one-hour margin, and
        // still there when the check runs, whenever the broker's retention task happens to run.
        send(broker, topics, settings, "old-", 5, Instant.now().minus(Duration.ofDays(7)).plus(Duration.ofMinutes(30)));

        assertThatThrownBy(() -> CareerPipeline.start(new CareerstreamConfig(settings), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Refusing to start")
                .hasMessageContaining(topics.touchpoints() + ": retention.ms=604800000")
                .hasMessageContaining("5 unprocessed touchpoints are that old")
                .hasMessageContaining("careerstream.topic.retention.check=WARN");

        settings.put(PipelineSettings.RETENTION_CHECK, "WARN");
        try (CareerPipeline pipeline = CareerPipeline.start(new CareerstreamConfig(settings), Duration.ofSeconds(60))) {
            assertThat(pipeline.failure()).isNotDone();
        }
    }

    @Test
    void aFutureSkewTheBrokerWouldRefuseIsAConfigurationErrorNamingTheKey(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT.prefixed("strict-");
        Map<String, String> strict = new HashMap<>(Topics.EVENT_LOG);
        strict.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, "60000");
        List<NewTopic> newTopics = new ArrayList<>(topics.newTopics(1));
        newTopics.set(1, new NewTopic(topics.transitions(), 1, (short) 1).configs(strict));
        broker.createTopics(newTopics);

        assertThatThrownBy(() -> CareerPipeline.start(new CareerstreamConfig(settings(broker, topics)), Duration.ofSeconds(60)))
                .hasMessageContaining(topics.transitions() + ": careerstream.validation.max.future.skew.ms (900000) "
                        + "must be below the topic's message.timestamp.after.max.ms (60000)");
    }

    @Test
    void aPoisonRecordOnModelParametersIsSkippedAndCounted(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = createTopics(broker, "poison");
        Map<String, Object> settings = settings(broker, topics);
        try (var producer = producer(broker)) {
            producer.send(new ProducerRecord<>(topics.modelParameters(), bytes("default"), bytes("not avro at all"))).get();
        }
        try (CareerPipeline pipeline = CareerPipeline.start(new CareerstreamConfig(settings), Duration.ofSeconds(60))) {
            send(broker, topics, settings, "after-poison-", 1, T0);
            awaitNoLag(broker, topics, settings);
            assertThat(pipeline.failure()).isNotDone();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(metric(pipeline, "model-parameters-rejected-total")).isEqualTo(1.0));
        }
    }

    @Test
    void anUnreachableRegistryFailsTheStartWithOneLineNamingTheUrl(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = createTopics(broker, "noregistry");
        Map<String, Object> settings = settings(broker, topics);
        String url = "http://127.0.0.1:" + EmbeddedKafkaBroker.freePort();
        settings.put(RegistrySettings.URL, url);
        settings.put("schema.registry.max.retries", 1);
        assertThatThrownBy(() -> CareerPipeline.start(new CareerstreamConfig(settings), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Schema registry " + url + " (schema.registry.url) is not usable");
    }

    private static Topics createTopics(EmbeddedKafkaBroker broker, String prefix) {
        Topics topics = Topics.DEFAULT.prefixed(prefix + "-");
        broker.createTopics(topics.newTopics(1));
        return topics;
    }

    private static Map<String, Object> settings(EmbeddedKafkaBroker broker, Topics topics) throws Exception {
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics,
                "nothing-lost-" + UUID.randomUUID(), Files.createTempDirectory("careerstream-it-"),
                "mock://nothing-lost-" + UUID.randomUUID());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        return settings;
    }

    /** {@code count} first purchases of customers PREFIX0..PREFIXn-1, all on partition 0. */
    private static void send(EmbeddedKafkaBroker broker, Topics topics, Map<String, Object> settings, String prefix,
                             int count, Instant at) throws Exception {
        var serializer = new CareerstreamConfig(settings).careerTopics().touchpoints().valueSerializer();
        try (var producer = producer(broker)) {
            for (int i = 0; i < count; i++) {
                TouchpointEvent e = purchase(prefix + i, prefix + "order-" + i, at.plusSeconds(i), 1000);
                producer.send(new ProducerRecord<>(topics.touchpoints(), 0, at.plusSeconds(i).toEpochMilli(),
                        bytes(e.getCustomerId()), serializer.serialize(topics.touchpoints(), e))).get();
            }
        }
    }

    private static void awaitNoLag(EmbeddedKafkaBroker broker, Topics topics, Map<String, Object> settings) {
        try (Admin admin = broker.admin()) {
            LagReport lag = new LagReport(admin, Map.of(), Duration.ofSeconds(30));
            String group = (String) settings.get(StreamsConfig.APPLICATION_ID_CONFIG);
            await().atMost(Duration.ofSeconds(60)).until(() -> lag.total(group, topics.touchpoints()) == 0);
        }
    }

    /** Starts the pipeline and returns why it stopped: at start-up, or soon after. */
    private static Throwable startAndAwaitFailure(CareerstreamConfig config) throws Exception {
        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofSeconds(60))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> pipeline.failure().isDone());
            return pipeline.failure().get();
        } catch (IllegalStateException e) {
            return e;
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    private static long committedOffset(EmbeddedKafkaBroker broker, Map<String, Object> settings, TopicPartition partition)
            throws Exception {
        try (Admin admin = broker.admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(
                    (String) settings.get(StreamsConfig.APPLICATION_ID_CONFIG)).partitionsToOffsetAndMetadata().get();
            return offsets.get(partition).offset();
        }
    }

    private static double metric(CareerPipeline pipeline, String name) {
        double sum = 0;
        for (Map.Entry<MetricName, ? extends Metric> m : pipeline.streams().metrics().entrySet()) {
            if (m.getKey().name().equals(name)) {
                sum += ((Number) m.getValue().metricValue()).doubleValue();
            }
        }
        return sum;
    }

    private static KafkaProducer<byte[], byte[]> producer(EmbeddedKafkaBroker broker) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
