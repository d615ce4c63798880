package io.careerstream.app.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;
import java.util.List;

/**
 * Keeps /metrics small enough to scrape every 15 s: Kafka's own metrics per client and per stream
 * thread stay, those per task, processor node, state store, record cache, topic, partition and
 * broker node go (several thousand series that no dashboard or alert of ours reads, growing with
 * the partitions). Our own {@code careerstream_*} metrics and the data-loss counters are never
 * touched. {@code careerstream.http.metrics.kafka.detail=ALL} shows everything.
 */
public final class KafkaMetricsFilter implements MeterFilter {

    /** How much of Kafka's metrics to show. */
    public enum Detail { SUMMARY, ALL }

    /** Meter-name prefixes (Micrometer's dotted names) of the per-task, per-store, per-partition and per-node families. */
    private static final List<String> FINE_GRAINED = List.of(
            "kafka.stream.task.", "kafka.stream.processor.node.", "kafka.stream.state.", "kafka.stream.record.cache.",
            "kafka.stream.topic.", "kafka.consumer.fetch.manager.", "kafka.producer.topic.", "kafka.consumer.node.",
            "kafka.producer.node.", "kafka.admin.client.node.", "kafka.app.info.", "kafka.kafka.metrics.count.");

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        String name = id.getName();
        for (String prefix : FINE_GRAINED) {
            if (name.startsWith(prefix)) {
                return MeterFilterReply.DENY;
            }
        }
        return MeterFilterReply.NEUTRAL;
    }
}
