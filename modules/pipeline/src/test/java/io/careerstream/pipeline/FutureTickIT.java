package io.careerstream.pipeline;

import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.topics.Topics;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.topics.TickProtocol;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue #9 on a real broker: with the input topic's timestamp limit relaxed, a tick a year ahead
 * used to move stream time and crash-loop the pipeline on outputs the broker refused. Now it is
 * dead-lettered, stream time stays, and the next tick settles as usual.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class FutureTickIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final int PARTITIONS = 2;

    @Test
    void aFutureTickIsDeadLetteredAndThePipelineKeepsRunning(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT;
        broker.createTopics(topics.specs(PARTITIONS).stream().map(s -> {
            Map<String, String> configs = new HashMap<>(s.configs());
            if (s.name().equals(topics.touchpoints())) {
                configs.put(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.toString(Long.MAX_VALUE));
            }
            return new NewTopic(s.name(), s.partitions(), (short) 1).configs(configs);
        }).toList());
        String registryUrl = "mock://it-" + UUID.randomUUID();
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics,
                "careerstream-future-tick-it", Files.createTempDirectory("careerstream-it-"), registryUrl);
        settings.put(ChurnSettings.CHURN_RULE, "CADENCE");
        CareerstreamConfig config = new CareerstreamConfig(settings);

        List<KafkaStreams.State> states = new CopyOnWriteArrayList<>();
        try (KafkaStreams streams = new KafkaStreams(CareerTopology.build(config), config.streamsProperties())) {
            streams.setStateListener((newState, oldState) -> states.add(newState));
            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);

            var serializer = config.careerTopics().touchpoints().valueSerializer();
            long aYearAhead = Instant.now().plus(Duration.ofDays(365)).toEpochMilli();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (TouchpointEvent e : List.of(purchase("c1", "o1", T0, 1000),
                        purchase("c1", "o2", T0.plus(DAY.multipliedBy(10)), 1000))) {
                    producer.send(new ProducerRecord<>(topics.touchpoints(), null, e.getOccurredAt().toEpochMilli(),
                            bytes(e.getCustomerId()), serializer.serialize(topics.touchpoints(), e))).get();
                }
                // Accepted by the relaxed input topic; before the fix it dragged stream time a year ahead.
                for (ProducerRecord<byte[], byte[]> tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(), PARTITIONS, aYearAhead)) {
                    producer.send(tick).get();
                }
                for (ProducerRecord<byte[], byte[]> tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(), PARTITIONS,
                        T0.plus(DAY.multipliedBy(100)).toEpochMilli())) {
                    producer.send(tick).get();
                }
            }

            List<ConsumerRecord<String, byte[]>> alerts = new ArrayList<>();
            List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
            try (var alertConsumer = new KafkaConsumer<>(consumerConfig(broker), new StringDeserializer(), new ByteArrayDeserializer());
                 var dlqConsumer = new KafkaConsumer<>(consumerConfig(broker), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                alertConsumer.subscribe(List.of(topics.alerts()));
                dlqConsumer.subscribe(List.of(topics.deadLetters()));
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    alertConsumer.poll(Duration.ofMillis(200)).forEach(alerts::add);
                    dlqConsumer.poll(Duration.ofMillis(50)).forEach(deadLetters::add);
                    assertThat(alerts).hasSize(3); // AT_RISK opens, ends superseded by LAPSED, LAPSED opens
                    assertThat(deadLetters).hasSize(PARTITIONS);
                });
            }

            var decode = config.careerTopics().alerts().valueDeserializer();
            assertThat(alerts).extracting(r -> decode.deserialize(topics.alerts(), r.value()))
                    .extracting(a -> a.getStatus() + " " + a.getLevel())
                    .containsExactly("OPENED AT_RISK", "ENDED AT_RISK", "OPENED LAPSED");
            // Judged in 1997, stamped in 1997: stream time never went to the future tick's time.
            assertThat(alerts).allSatisfy(r -> assertThat(r.timestamp()).isLessThan(T0.plus(DAY.multipliedBy(101)).toEpochMilli()));
            assertThat(deadLetters).allSatisfy(dead -> {
                assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("FUTURE_TIMESTAMP");
                assertThat(header(dead, TickProtocol.TICK_HEADER)).isNotNull();
                assertThat(dead.timestamp()).isLessThan(aYearAhead);
            });
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(states).doesNotContain(KafkaStreams.State.PENDING_ERROR, KafkaStreams.State.ERROR);
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        var h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> consumerConfig(EmbeddedKafkaBroker broker) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
}
