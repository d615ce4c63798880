package io.careerstream.pipeline.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code careerstream_input_lag_records{partition}}: records in the input topic not yet read by
 * this instance, per partition it owns, from its consumers' own {@code records-lag} metric (no
 * admin call at scrape time). Registered before each scrape, as the consumers' metrics appear after
 * their first fetch, so newly owned partitions show up; a partition that moved away reads NaN here
 * and is reported by its new owner. {@code ./careerstream lag} gives the group's view, including time behind.
 */
public final class InputLagGauges {

    public static final String INPUT_LAG = "careerstream.input.lag.records";
    private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";

    private InputLagGauges() {
    }

    public static void register(KafkaStreams streams, String topic, CareerMetrics metrics) {
        MeterRegistry registry = metrics.registry();
        for (MetricName name : streams.metrics().keySet()) {
            String partition = name.tags().get("partition");
            if (isInputLag(name, topic) && partition != null) {
                // Registering an existing name and tags again returns the existing gauge.
                Gauge.builder(INPUT_LAG, streams, s -> lag(s, topic, partition))
                        .description("Records in the input topic not yet read, per partition this instance owns")
                        .tags("topic", topic, "partition", partition)
                        .register(registry);
            }
        }
    }

    private static double lag(KafkaStreams streams, String topic, String partition) {
        double lag = Double.NaN;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (isInputLag(name, topic) && partition.equals(name.tags().get("partition"))
                    && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                lag = Double.isNaN(lag) ? n.doubleValue() : Math.max(lag, n.doubleValue());
            }
        }
        return lag;
    }

    private static boolean isInputLag(MetricName name, String topic) {
        return FETCH_GROUP.equals(name.group()) && "records-lag".equals(name.name()) && topic.equals(name.tags().get("topic"));
    }
}
