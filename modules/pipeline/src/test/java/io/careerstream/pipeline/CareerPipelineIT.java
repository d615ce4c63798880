package io.careerstream.pipeline;

import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.topics.Topics;
import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.StageTransition;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** End to end on a real KRaft broker with exactly-once processing. */
@ExtendWith(EmbeddedKafkaExtension.class)
class CareerPipelineIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final int PARTITIONS = 2;

    @Test
    void touchpointsBecomeTransitionsAlertsAndDeadLettersExactlyOnce(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT;
        broker.createTopics(topics.newTopics(PARTITIONS));
        String registryUrl = "mock://it-" + UUID.randomUUID();
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics, "careerstream-it",
                Files.createTempDirectory("careerstream-it-"), registryUrl);
        settings.put(ChurnSettings.CHURN_RULE, "CADENCE"); // the rules these expectations are written for
        CareerstreamConfig config = new CareerstreamConfig(settings);
        assertThat(config.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);

        try (KafkaStreams streams = new KafkaStreams(CareerTopology.build(config), config.streamsProperties())) {
            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);

            var serializer = config.careerTopics().touchpoints().valueSerializer();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (TouchpointEvent e : List.of(
                        purchase("c1", "o1", T0, 1000),
                        purchase("c1", "o2", T0.plus(DAY.multipliedBy(10)), 1000),
                        email("c2", T0.plus(DAY), EmailAction.OPEN))) {
                    producer.send(new ProducerRecord<>(topics.touchpoints(), null, e.getOccurredAt().toEpochMilli(),
                            bytes(e.getCustomerId()), serializer.serialize(topics.touchpoints(), e)));
                }
                producer.send(new ProducerRecord<>(topics.touchpoints(), bytes("c3"), bytes("garbage")));
                // Silence at the end of the input is only noticed once stream time moves on every partition.
                for (ProducerRecord<byte[], byte[]> tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(),
                        PARTITIONS, T0.plus(DAY.multipliedBy(100)).toEpochMilli())) {
                    producer.send(tick);
                }
            }

            List<StageTransition> transitions = new ArrayList<>();
            List<ChurnAlert> alerts = new ArrayList<>();
            List<ChurnAlert> ends = new ArrayList<>();
            List<ConsumerRecord<byte[], byte[]>> deadLetters = new ArrayList<>();
            try (var consumer = committedReader(broker, Map.of(
                    topics.transitions(), config.careerTopics().transitions().valueDeserializer(),
                    topics.alerts(), config.careerTopics().alerts().valueDeserializer()));
                 var dlqConsumer = new KafkaConsumer<>(consumerConfig(broker), new ByteArrayDeserializer(),
                         new ByteArrayDeserializer())) {
                dlqConsumer.subscribe(List.of(topics.deadLetters()));
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    for (ConsumerRecord<String, Object> r : consumer.poll(Duration.ofMillis(200))) {
                        if (r.value() instanceof StageTransition t && t.getDimension().equals("STAGE")) {
                            transitions.add(t);
                        } else if (r.value() instanceof ChurnAlert a) {
                            (a.getStatus() == io.careerstream.contracts.AlertStatus.OPENED ? alerts : ends).add(a);
                        }
                    }
                    dlqConsumer.poll(Duration.ofMillis(50)).forEach(deadLetters::add);
                    assertThat(transitions).extracting(t -> t.getCustomerId() + ":" + t.getTo())
                            .contains("c1:NEW", "c1:ACTIVE", "c1:AT_RISK", "c1:LAPSED", "c2:PROSPECT");
                    assertThat(alerts).extracting(ChurnAlert::getLevel).containsExactly(ChurnLevel.AT_RISK, ChurnLevel.LAPSED);
                    assertThat(ends).as("LAPSED superseded the AT_RISK alert").singleElement()
                            .extracting(ChurnAlert::getEndsAlertId).isEqualTo(alerts.get(0).getAlertId());
                    assertThat(deadLetters).hasSize(1);
                });
            }
            assertThat(transitions).hasSize(5); // one event per real change, nothing duplicated
            ConsumerRecord<byte[], byte[]> dead = deadLetters.get(0);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("garbage");
            assertThat(new String(dead.headers().lastHeader(DeadLetters.REASON_HEADER).value(), StandardCharsets.UTF_8))
                    .isEqualTo("UNDESERIALIZABLE");
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> consumerConfig(EmbeddedKafkaBroker broker) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    /** A read_committed consumer of several Avro topics, each with its own deserializer. */
    private static KafkaConsumer<String, Object> committedReader(EmbeddedKafkaBroker broker,
                                                                 Map<String, Deserializer<?>> byTopic) {
        Deserializer<Object> value = (topic, data) -> byTopic.get(topic).deserialize(topic, data);
        KafkaConsumer<String, Object> consumer = new KafkaConsumer<>(consumerConfig(broker), new StringDeserializer(), value);
        consumer.subscribe(List.copyOf(byTopic.keySet()));
        return consumer;
    }
}
