package io.careerstream.pipeline.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What the alert rules ask of one instance (deploy/prometheus/rules): is it ready, which state is
 * it in, how often were its stream threads replaced, can it reach the schema registry, how long is
 * its punctuation interval, and which career map is it running. Each is one series whose value
 * Prometheus can compare, where Kafka Streams' own metrics give a string (its state) or nothing.
 */
public final class InstanceHealth {

    public static final String READY = "careerstream.ready";
    public static final String STATE = "careerstream.state";
    public static final String THREAD_REPLACEMENTS = "careerstream.stream.thread.replacements";
    public static final String REGISTRY_UP = "careerstream.schema.registry.up";
    public static final String PUNCTUATION_INTERVAL = "careerstream.punctuation.interval";
    public static final String MAP_INFO = "careerstream.map.info";

    private final Counter threadReplacements;
    private final AtomicInteger registryUp = new AtomicInteger(1);

    /**
     * @param ready   whether the instance serves (RUNNING and not failed), as /health/ready says
     * @param state   the Kafka Streams state now
     */
    public InstanceHealth(MeterRegistry registry, BooleanSupplier ready, Supplier<KafkaStreams.State> state,
                          Duration punctuationInterval, String mapVersion) {
        Gauge.builder(READY, () -> ready.getAsBoolean() ? 1 : 0)
                .description("1 while this instance is ready (Kafka Streams RUNNING, processing not stopped), else 0")
                .register(registry);
        for (KafkaStreams.State s : KafkaStreams.State.values()) {
            Gauge.builder(STATE, () -> state.get() == s ? 1 : 0)
                    .description("1 for the Kafka Streams state this instance is in, 0 for the others")
                    .tag("state", s.name()).register(registry);
        }
        threadReplacements = Counter.builder(THREAD_REPLACEMENTS)
                .description("Stream threads that died of a failure and were replaced (careerstream.thread.replacements.max)")
                .register(registry);
        Gauge.builder(REGISTRY_UP, registryUp, AtomicInteger::get)
                .description("1 when the schema registry answered this instance's last check, else 0")
                .register(registry);
        Gauge.builder(PUNCTUATION_INTERVAL, () -> punctuationInterval.toMillis() / 1000.0)
                .description("careerstream.punctuation.interval.ms, for comparing punctuation run times with it")
                .baseUnit("seconds").register(registry);
        Gauge.builder(MAP_INFO, () -> 1)
                .description("The career map version this instance runs (value always 1)")
                .tag("version", mapVersion).register(registry);
    }

    public void threadReplaced() {
        threadReplacements.increment();
    }

    public void registryAnswered(boolean answered) {
        registryUp.set(answered ? 1 : 0);
    }
}
