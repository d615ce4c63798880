package io.careerstream.pipeline;

import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.pipeline.metrics.InputLag;
import io.careerstream.topics.Topics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Input lag follows the partitions as they move between instances: each input partition (of the
 * four topics the tasks read) has its series on exactly one instance, none reads NaN, and when an
 * instance leaves, the survivor reports its partitions and the leaver reports none.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class InputLagIT {

    private static final int PARTITIONS = 4;
    private static final Instant T0 = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void lagSeriesFollowThePartitionsBetweenInstances(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT.prefixed("lag-");
        broker.createTopics(topics.newTopics(PARTITIONS));
        String registry = "mock://lag-" + UUID.randomUUID();
        SimpleMeterRegistry metricsA = new SimpleMeterRegistry();
        SimpleMeterRegistry metricsB = new SimpleMeterRegistry();
        Set<String> all = allInputPartitions(topics);

        try (CareerPipeline a = CareerPipeline.start(config(broker, topics, registry, "a"), Duration.ofMinutes(2), metricsA)) {
            send(broker, topics, a.config());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                a.refreshMetrics();
                assertThat(series(metricsA, InputLag.RECORDS)).isEqualTo(all);
                assertThat(series(metricsA, InputLag.SECONDS)).isEqualTo(all);
                assertThat(values(metricsA)).allSatisfy(v -> assertThat(v).isZero()); // everything processed
            });

            try (CareerPipeline b = CareerPipeline.start(config(broker, topics, registry, "b"), Duration.ofMinutes(2), metricsB)) {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                    a.refreshMetrics();
                    b.refreshMetrics();
                    Set<String> onA = series(metricsA, InputLag.RECORDS);
                    Set<String> onB = series(metricsB, InputLag.RECORDS);
                    assertThat(onA).isNotEmpty();
                    assertThat(onB).isNotEmpty();
                    assertThat(onA).doesNotContainAnyElementsOf(onB);
                    Set<String> union = new HashSet<>(onA);
                    union.addAll(onB);
                    assertThat(union).isEqualTo(all);
                    assertThat(values(metricsA)).noneMatch(v -> Double.isNaN(v));
                    assertThat(values(metricsB)).noneMatch(v -> Double.isNaN(v));
                });
            }
            assertThat(series(metricsB, InputLag.RECORDS)).as("a closed instance reports no partition").isEmpty();

            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                a.refreshMetrics();
                assertThat(series(metricsA, InputLag.RECORDS)).isEqualTo(all);
                assertThat(values(metricsA)).noneMatch(v -> Double.isNaN(v));
            });
        }
    }

    private CareerstreamConfig config(EmbeddedKafkaBroker broker, Topics topics, String registry, String instance) {
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics, "lag-app",
                dir.resolve(instance), registry);
        settings.put(PipelineSettings.LAG_INTERVAL_MS, 1000L);
        return new CareerstreamConfig(settings);
    }

    private static void send(EmbeddedKafkaBroker broker, Topics topics, CareerstreamConfig config) {
        var serializer = config.careerTopics().touchpoints().valueSerializer();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int c = 0; c < 40; c++) {
                TouchpointEvent e = purchase("c" + c, "o" + c, T0.plusSeconds(c), 1000);
                producer.send(new ProducerRecord<>(topics.touchpoints(), null, e.getOccurredAt().toEpochMilli(),
                        ("c" + c).getBytes(StandardCharsets.UTF_8), serializer.serialize(topics.touchpoints(), e)));
            }
        }
    }

    /** topic-partition of every series of the metric. */
    private static Set<String> series(SimpleMeterRegistry registry, String metric) {
        Set<String> series = new HashSet<>();
        for (Gauge g : registry.find(metric).gauges()) {
            series.add(g.getId().getTag("topic") + "-" + g.getId().getTag("partition"));
        }
        return series;
    }

    private static List<Double> values(SimpleMeterRegistry registry) {
        List<Double> values = new ArrayList<>();
        registry.find(InputLag.RECORDS).gauges().forEach(g -> values.add(g.value()));
        registry.find(InputLag.SECONDS).gauges().forEach(g -> values.add(g.value()));
        return values;
    }

    private static Set<String> allInputPartitions(Topics topics) {
        Set<String> all = new HashSet<>();
        for (String topic : List.of(topics.touchpoints(), topics.resolvedTouchpoints(), topics.identityLinks(),
                topics.erasureRequests())) {
            for (int p = 0; p < PARTITIONS; p++) {
                all.add(topic + "-" + p);
            }
        }
        return all;
    }
}
