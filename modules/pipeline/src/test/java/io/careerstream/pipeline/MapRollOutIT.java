package io.careerstream.pipeline;

import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.career.CareerCounts;
import io.careerstream.pipeline.config.CareerMapSettings;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new career map deployed with a restart reaches every customer in the background, without a
 * touchpoint of theirs: the customers the stricter loyalty rule no longer holds move to ACTIVE, with
 * the roll-out as trigger and the new map's version, and the counts per stage follow.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class MapRollOutIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final int CUSTOMERS = 6;

    @TempDir
    Path dir;

    @Test
    void aStricterMapIsRolledOutToEveryCustomerOnce(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT.prefixed("rollout-");
        broker.createTopics(topics.newTopics(2));
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics, "rollout-app",
                dir.resolve("state"), "mock://rollout-" + UUID.randomUUID());
        CareerstreamConfig shipped = new CareerstreamConfig(settings);
        try (CareerPipeline pipeline = CareerPipeline.start(shipped, Duration.ofMinutes(2))) {
            var serializer = shipped.careerTopics().touchpoints().valueSerializer();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                // Four purchase days a month apart: LOYAL under the shipped map (4 days, every 60 or sooner).
                for (int c = 0; c < CUSTOMERS; c++) {
                    for (int i = 0; i < 4; i++) {
                        TouchpointEvent e = purchase("c" + c, "o" + c + "-" + i, T0.plus(Duration.ofDays(30L * i + c)), 1000);
                        producer.send(new ProducerRecord<>(topics.touchpoints(), null, e.getOccurredAt().toEpochMilli(),
                                ("c" + c).getBytes(StandardCharsets.UTF_8), serializer.serialize(topics.touchpoints(), e)));
                    }
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> loyal(pipeline) == CUSTOMERS);
        }

        Path stricter = dir.resolve("stricter.yaml");
        Files.writeString(stricter, Files.readString(Path.of("../../config/career-map.yaml"))
                .replaceFirst("version: \"[^\"]+\"", "version: \"stricter-1\"").replace("purchaseDays >= 4", "purchaseDays >= 6"));
        Map<String, Object> restarted = new HashMap<>(settings);
        restarted.put(CareerMapSettings.CAREER_MAP, stricter.toString());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (CareerPipeline pipeline = CareerPipeline.start(new CareerstreamConfig(restarted), Duration.ofMinutes(2), registry)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> loyal(pipeline) == 0);
            List<StageTransition> rolledOut = new ArrayList<>();
            try (var consumer = reader(broker, shipped)) {
                consumer.subscribe(List.of(topics.transitions()));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                        if (CustomerCareer.MAP_ROLLOUT.equals(r.value().getTriggeringEventId())) {
                            rolledOut.add(r.value());
                        }
                    });
                    assertThat(rolledOut).hasSize(CUSTOMERS);
                });
            }
            assertThat(rolledOut).allSatisfy(t -> {
                assertThat(t.getFrom()).isEqualTo("LOYAL");
                assertThat(t.getTo()).isEqualTo("ACTIVE");
                assertThat(t.getMapVersion()).isEqualTo("stricter-1");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(registry.find(
                    CareerMetrics.MAP_ROLLOUT_PROGRESS).gauges()).isNotEmpty().allSatisfy(g -> assertThat(g.value()).isEqualTo(1.0)));
            assertThat(registry.get(CareerMetrics.MAP_ROLLOUT_CUSTOMERS).counter().count()).isEqualTo(CUSTOMERS);
        }
    }

    private static long loyal(CareerPipeline pipeline) {
        try {
            var counts = pipeline.streams().store(StoreQueryParameters.fromNameAndType(CareerTopology.CAREER_COUNTS_STORE,
                    QueryableStoreTypes.<String, Long>keyValueStore()));
            long loyal = 0;
            try (var all = counts.all()) {
                while (all.hasNext()) {
                    var next = all.next();
                    if (next.key.equals(CareerCounts.STAGE + "LOYAL")) {
                        loyal += next.value;
                    }
                }
            }
            return loyal;
        } catch (RuntimeException notQueryableYet) {
            return -1;
        }
    }

    private static KafkaConsumer<String, StageTransition> reader(EmbeddedKafkaBroker broker, CareerstreamConfig config) {
        Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "rollout-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(consumerConfig, new StringDeserializer(), config.careerTopics().transitions().valueDeserializer());
    }
}
