package io.careerstream.benchmark;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAccumulator;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAccumulator;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Where a latency run's time went, read from the pipeline's own metrics and the JVM's GC
 * notifications while the run lasts: how long the exactly-once commits took (Streams' commit
 * latency, of which the producer's {@code commitTransaction}), how long a stream thread's poll
 * waited (a thread checks whether its commit is due only between polls), how many sends the stream
 * producers retried, and how long the collector stopped the process (broker included: one JVM). A
 * p99 above the commit interval is one of these, or waiting for a core.
 */
final class LatencyAnatomy implements AutoCloseable {

    /** The figures of one run; durations in milliseconds. */
    record Reading(double commitAvgMs, double commitMaxMs, double transactionCommitAvgMs, double producerRetries,
                   double gcPauseMaxMs, double gcPauseTotalMs, double pollMaxMs) {
    }

    /**
     * The window of Streams' windowed metrics (its {@code *-max}) for the latency pipelines: short,
     * so that the maxima sampled during the measured part are that part's, not the start-up's.
     */
    static final long METRICS_WINDOW_MS = 1_000;
    private static final long SAMPLE_EVERY_MS = 250;

    private final KafkaStreams streams;
    private final Map<String, Double> before;
    private final LongAccumulator gcPauseMax = new LongAccumulator(Math::max, 0);
    private final AtomicLong gcPauseTotal = new AtomicLong();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final DoubleAccumulator commitMax = new DoubleAccumulator(Math::max, 0);
    private final DoubleAccumulator pollMax = new DoubleAccumulator(Math::max, 0);
    private final DoubleAdder commitAvgSum = new DoubleAdder();
    private final AtomicLong commitAvgSamples = new AtomicLong();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "latency-anatomy");
        t.setDaemon(true);
        return t;
    });

    private LatencyAnatomy(KafkaStreams streams) {
        this.streams = streams;
        this.before = counters(streams);
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener(listener, null, null);
                emitters.add(emitter);
            }
        }
        sampler.scheduleAtFixedRate(this::sampleMaxima, 0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching a pipeline running with {@link #METRICS_WINDOW_MS} windows; read with
     * {@link #read()} when the run ends. Streams keeps two windows, so the first samples also see
     * the two seconds before the call: call it after a warm-up longer than that.
     */
    static LatencyAnatomy watch(KafkaStreams streams) {
        return new LatencyAnatomy(streams);
    }

    Reading read() {
        sampleMaxima();
        Map<String, Double> after = counters(streams);
        double commits = delta(after, "commit-total");
        double transactionNanos = delta(after, "txn-commit-time-ns-total");
        return new Reading(
                commitAvgSamples.get() == 0 ? 0 : commitAvgSum.sum() / commitAvgSamples.get(),
                commitMax.get(),
                commits == 0 ? 0 : transactionNanos / commits / 1e6,
                delta(after, "record-retry-total"),
                gcPauseMax.get(),
                gcPauseTotal.get(),
                pollMax.get());
    }

    private void sampleMaxima() {
        commitMax.accumulate(maxOf(streams, "stream-thread-metrics", "commit-latency-max"));
        commitAvgSum.add(maxOf(streams, "stream-thread-metrics", "commit-latency-avg"));
        commitAvgSamples.incrementAndGet();
        pollMax.accumulate(maxOf(streams, "stream-thread-metrics", "poll-latency-max"));
    }

    private double delta(Map<String, Double> after, String name) {
        return after.getOrDefault(name, 0.0) - before.getOrDefault(name, 0.0);
    }

    /** Counters summed over every stream thread and its producer. */
    private static Map<String, Double> counters(KafkaStreams streams) {
        Map<String, Double> sums = new HashMap<>();
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            boolean threadCommits = name.group().equals("stream-thread-metrics") && name.name().equals("commit-total");
            boolean producer = name.group().equals("producer-metrics")
                    && (name.name().equals("txn-commit-time-ns-total") || name.name().equals("record-retry-total"));
            if ((threadCommits || producer) && e.getValue().metricValue() instanceof Number n) {
                sums.merge(name.name(), n.doubleValue(), Double::sum);
            }
        }
        return sums;
    }

    /** The largest value of a per-thread metric over the threads (0 where none is recorded yet). */
    private static double maxOf(KafkaStreams streams, String group, String metric) {
        double max = 0;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            if (e.getKey().group().equals(group) && e.getKey().name().equals(metric)
                    && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                max = Math.max(max, n.doubleValue());
            }
        }
        return max;
    }

    private void onGc(Notification notification, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            return;
        }
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        // Concurrent cycles run beside the application; only the pauses stop it.
        // (G1's "G1 Concurrent GC", ZGC's "ZGC Cycles": their durations are not pauses.)
        if (info.getGcName().contains("Concurrent") || info.getGcName().contains("Cycles")) {
            return;
        }
        long pause = info.getGcInfo().getDuration();
        gcPauseMax.accumulate(pause);
        gcPauseTotal.addAndGet(pause);
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        for (NotificationEmitter emitter : emitters) {
            try {
                emitter.removeNotificationListener(listener);
            } catch (ListenerNotFoundException e) {
                // never added: nothing to remove
            }
        }
    }
}
