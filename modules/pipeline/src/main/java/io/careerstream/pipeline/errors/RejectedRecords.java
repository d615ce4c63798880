package io.careerstream.pipeline.errors;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The counter of records a global-store loader skipped ({@code <name>-rejected-total}, group
 * {@code careerstream-<name>}): the dead-letter handlers do not run on the global thread, so a
 * loader that skips a poison record counts it here for ops to alert on.
 */
public final class RejectedRecords {

    private RejectedRecords() {
    }

    /** Registers the sensor for {@code name} (e.g. {@code model-parameters}) on the current thread. */
    public static Sensor sensor(ProcessorContext<?, ?> context, String name, String description) {
        Sensor sensor = context.metrics().addSensor("careerstream-" + name + "-rejected", Sensor.RecordingLevel.INFO);
        sensor.add(new MetricName(name + "-rejected-total", "careerstream-" + name, description,
                Map.of("thread-id", Thread.currentThread().getName())), new CumulativeSum());
        return sensor;
    }
}
