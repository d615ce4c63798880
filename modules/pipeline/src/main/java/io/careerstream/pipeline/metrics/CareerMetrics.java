package io.careerstream.pipeline.metrics;

import io.careerstream.domain.AlertLevel;
import io.careerstream.domain.ChurnSignal;
import io.careerstream.domain.StageChange;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.topics.RejectionReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pipeline's own metrics, in the business's words: what came in, what went out, how late, and
 * how much silence-checking work is waiting. Kafka Streams' metrics (docs/operations.md) say how
 * the engine runs; these say what it does. Names are Micrometer's dotted names; a Prometheus
 * registry renders them as {@code careerstream_touchpoints_total}, {@code
 * careerstream_event_to_output_seconds_bucket} and so on (the unit is in the name).
 *
 * <p>One instance serves the whole process: every task's processor and the exception handlers
 * record into it. The handlers are created by Kafka Streams, not by us, so they find it in their
 * configuration under {@link #CONFIG_KEY}.
 */
public final class CareerMetrics {

    /** The configuration entry through which Kafka Streams hands this object to the exception handlers. */
    public static final String CONFIG_KEY = "careerstream.internal.metrics";

    public static final String TOUCHPOINTS = "careerstream.touchpoints";
    public static final String DUPLICATES = "careerstream.touchpoints.duplicate";
    public static final String DEAD_LETTERS = "careerstream.dead.letters";
    public static final String TRANSITIONS = "careerstream.transitions";
    public static final String ALERTS = "careerstream.churn.alerts";
    public static final String ALERT_ENDS = "careerstream.churn.alert.ends";
    public static final String EVENT_TO_OUTPUT = "careerstream.event.to.output";
    public static final String PUNCTUATION = "careerstream.punctuation";
    public static final String DUE_CHECKS = "careerstream.punctuation.due.checks";
    public static final String TIMER_INDEX_ENTRIES = "careerstream.timer.index.entries";
    public static final String MAP_ROLLOUT_PROGRESS = "careerstream.map.rollout.progress";
    public static final String MAP_ROLLOUT_CUSTOMERS = "careerstream.map.rollout.customers";

    /**
     * Buckets of the event-to-output histogram: from the few milliseconds of a live record to the
     * hour of a backlog; anything older (a replay of history) falls in +Inf.
     */
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofHours(1)};

    private final MeterRegistry registry;
    private final Timer eventToOutput;
    private final Timer punctuation;
    private final DistributionSummary dueChecks;
    private final Counter mapRolledOut;
    private final Counter duplicates;
    /** The per-event counters, by kind and by dimension and new value, each registered once. */
    private final Map<String, Counter> touchpointCounters = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Counter> transitionCounters = new java.util.concurrent.ConcurrentHashMap<>();

    public CareerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.eventToOutput = Timer.builder(EVENT_TO_OUTPUT)
                .description("Time from a touchpoint's event time to its outputs being sent (history replayed: its age)")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        this.punctuation = Timer.builder(PUNCTUATION)
                .description("Duration of one run of the scheduled silence check (one task)")
                .serviceLevelObjectives(Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100),
                        Duration.ofSeconds(1), Duration.ofSeconds(10))
                .register(registry);
        this.dueChecks = DistributionSummary.builder(DUE_CHECKS)
                .description("Customers whose due check one punctuation or tick settled")
                .baseUnit("checks")
                .serviceLevelObjectives(1, 10, 100, 1_000, 10_000, 100_000)
                .register(registry);
        this.mapRolledOut = Counter.builder(MAP_ROLLOUT_CUSTOMERS)
                .description("Customers re-evaluated under a new career map by its roll-out")
                .register(registry);
        this.duplicates = Counter.builder(DUPLICATES)
                .description("Touchpoints recognised as re-sent (same eventId) and not counted again")
                .register(registry);
        // Every series exists from the start at 0, so that rate() and alerts see the first event
        // and a dashboard shows "none" rather than "no data".
        for (String kind : List.of("purchase", "inquiry", "social_mention", "email_engagement")) {
            touchpoints(kind);
        }
        for (RejectionReason reason : RejectionReason.values()) {
            deadLetters(reason);
        }
        for (AlertLevel level : AlertLevel.values()) {
            if (level != AlertLevel.NONE) {
                alerts(level);
                for (ChurnSignal.EndReason reason : ChurnSignal.EndReason.values()) {
                    alertEnds(level, reason);
                }
            }
        }
    }

    /** Declares the transition series of every stage and track of the map in force, at 0. */
    public CareerMetrics declare(CareerMap map) {
        map.stages().forEach(rule -> transitions("stage", rule.id()));
        map.tracks().forEach(rule -> transitions("track", rule.id()));
        transitions("track", CareerMap.NO_TRACK);
        return this;
    }

    /** Metrics kept in memory only: for tests and for tools that never expose them. */
    public static CareerMetrics inMemory() {
        return new CareerMetrics(new SimpleMeterRegistry());
    }

    /** The instance handed to the exception handlers through their configuration; a private one if none was. */
    public static CareerMetrics from(Map<String, ?> configs) {
        return configs.get(CONFIG_KEY) instanceof CareerMetrics metrics ? metrics : inMemory();
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void touchpointIn(Touchpoint touchpoint) {
        touchpoints(kind(touchpoint)).increment();
    }

    public void duplicate() {
        duplicates.increment();
    }

    public void deadLetter(RejectionReason reason) {
        deadLetters(reason).increment();
    }

    public void transition(StageChange change) {
        transitions(change.dimension().name().toLowerCase(java.util.Locale.ROOT), change.to()).increment();
    }

    /** An alert opened, or ended (counted by its reason). */
    public void alert(ChurnSignal signal) {
        if (signal.status() == ChurnSignal.Status.OPENED) {
            alerts(signal.level()).increment();
        } else {
            alertEnds(signal.level(), signal.endReason()).increment();
        }
    }

    private Counter touchpoints(String kind) {
        // Looked up once per kind: registering (a meter id built and hashed, the registry's map
        // searched) for every touchpoint took about 3 % of the stream threads (docs/benchmarks.md).
        return touchpointCounters.computeIfAbsent(kind, k -> Counter.builder(TOUCHPOINTS)
                .description("Valid touchpoints that reached the career processor, by kind").tag("kind", k).register(registry));
    }

    private Counter deadLetters(RejectionReason reason) {
        return Counter.builder(DEAD_LETTERS).description("Input records sent to the dead-letter topic, by reason")
                .tag("reason", reason.name()).register(registry);
    }

    private Counter transitions(String dimension, String to) {
        return transitionCounters.computeIfAbsent(dimension + '\u0000' + to, k -> Counter.builder(TRANSITIONS)
                .description("Stage and track transitions emitted, by dimension and new value")
                .tags("dimension", dimension, "to", to).register(registry));
    }

    private Counter alerts(AlertLevel level) {
        return Counter.builder(ALERTS).description("Churn alerts opened, by level")
                .tag("level", level.name()).register(registry);
    }

    private Counter alertEnds(AlertLevel level, ChurnSignal.EndReason reason) {
        return Counter.builder(ALERT_ENDS).description("Churn alerts ended, by level and reason")
                .tags("level", level.name(), "reason", reason.name()).register(registry);
    }

    public void eventToOutput(long eventTime, long now) {
        eventToOutput.record(Math.max(0, now - eventTime), TimeUnit.MILLISECONDS);
    }

    public void punctuation(long durationNanos, int settled) {
        punctuation.record(durationNanos, TimeUnit.NANOSECONDS);
        dueChecks.record(settled);
    }

    /**
     * A gauge of one task's timer index size (customers with a scheduled check); the returned
     * handle updates it and removes it when the task closes.
     */
    public TaskGauge timerIndexEntries(String taskId) {
        AtomicLong value = new AtomicLong();
        Gauge gauge = Gauge.builder(TIMER_INDEX_ENTRIES, value, AtomicLong::get)
                .description("Customers with a scheduled silence check in one task's timer index (estimate)")
                .tag("task", taskId)
                .register(registry);
        return new TaskGauge(registry, gauge, value);
    }

    static String kind(Touchpoint touchpoint) {
        if (touchpoint instanceof Touchpoint.Purchase) {
            return "purchase";
        }
        if (touchpoint instanceof Touchpoint.Inquiry) {
            return "inquiry";
        }
        return touchpoint instanceof Touchpoint.SocialMention ? "social_mention" : "email_engagement";
    }

    /**
     * How far one task's roll-out of the career map in force has come, 0 to 1 (1: every customer
     * of the task was evaluated under this map).
     */
    public TaskGauge mapRollOutProgress(String taskId) {
        AtomicLong bits = new AtomicLong(Double.doubleToLongBits(0));
        Gauge gauge = Gauge.builder(MAP_ROLLOUT_PROGRESS, bits, b -> Double.longBitsToDouble(b.get()))
                .description("How far one task's roll-out of the career map in force has come, 0 to 1")
                .tag("task", taskId)
                .register(registry);
        return new TaskGauge(registry, gauge, bits);
    }

    /** A customer re-evaluated under a new career map. */
    public void mapRolledOut() {
        mapRolledOut.increment();
    }

    /** One task's gauge: set from the stream thread, read by the scrape. */
    public static final class TaskGauge implements AutoCloseable {
        private final MeterRegistry registry;
        private final Meter meter;
        private final AtomicLong value;

        TaskGauge(MeterRegistry registry, Meter meter, AtomicLong value) {
            this.registry = registry;
            this.meter = meter;
            this.value = value;
        }

        public void set(long v) {
            value.set(v);
        }

        /** For a gauge of a ratio ({@link #mapRollOutProgress}). */
        public void set(double v) {
            value.set(Double.doubleToLongBits(v));
        }

        @Override
        public void close() {
            registry.remove(meter);
        }
    }
}
