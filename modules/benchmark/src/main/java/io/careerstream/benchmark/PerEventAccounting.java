package io.careerstream.benchmark;

import io.careerstream.serde.SerdeCounts;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * What one run of a Kafka Streams contender did per input event (docs/benchmarks.md, "Per input
 * event"): records and bytes its producers sent, by kind of topic (from the producers' per-topic
 * metrics); calls on its key-value stores ({@link CountingStores}); values our serdes encoded and
 * decoded ({@link SerdeCounts}: Avro records, and the customer state); CPU time of its stream
 * threads, of its other threads (the producers' I/O threads and the like) and of the whole process,
 * the broker included. Counters are of the process: a reading is the difference from a snapshot
 * taken just before the contender started, and only one contender runs at a time.
 */
final class PerEventAccounting {

    /** The figures, in the order they are printed; each is per input event. */
    static final String[] ROWS = {
        "records produced, output topics", "records produced, changelogs", "records produced, repartition topics",
        "records produced, internal topics (resolved touchpoints, RFM sketches, dead letters)",
        "bytes produced, output topics", "bytes produced, changelogs", "bytes produced, repartition topics",
        "bytes produced, internal topics (resolved touchpoints, RFM sketches, dead letters)",
        "state-store reads", "state-store writes", "Avro decodes", "Avro encodes",
        "customer-state decodes", "customer-state encodes",
        "CPU of the stream threads, in all (ns)", "CPU of the busiest stream thread (ns)",
        "CPU of the contender's other threads: producer I/O, heartbeat (ns)", "CPU of the whole process, broker included (ns)"};

    private static final String STATE = io.careerstream.pipeline.career.CustomerStateSerde.COUNTED_AS;

    private final Map<String, Long> encoded = SerdeCounts.encoded();
    private final Map<String, Long> decoded = SerdeCounts.decoded();
    private final Map<String, Long> reads = CountingStores.reads();
    private final Map<String, Long> writes = CountingStores.writes();
    private final long processCpu = processCpuNanos();
    /** Records and bytes sent per topic, for the JSON's notes; filled by {@link #read}. */
    private final Map<String, Map<String, Double>> byTopic = new java.util.TreeMap<>();

    /** Taken just before the contender starts. */
    static PerEventAccounting snapshot() {
        return new PerEventAccounting();
    }

    /**
     * Per input event since the snapshot; call while the contender still runs (its threads and
     * metrics go when it closes), after it has caught up.
     *
     * @param app the contender's application id: its threads' names contain it
     * @param outputs the topics that are its outputs (the rest, but changelogs and repartition topics, are internal)
     */
    Map<String, Double> read(KafkaStreams streams, String app, Set<String> outputs, long events) {
        double[] records = new double[4];
        double[] bytes = new double[4];
        for (Map.Entry<MetricName, ? extends Metric> m : streams.metrics().entrySet()) {
            MetricName name = m.getKey();
            String topic = name.tags().get("topic");
            if (!name.group().equals("producer-topic-metrics") || topic == null) {
                continue;
            }
            int kind = topic.endsWith("-changelog") ? 1 : topic.endsWith("-repartition") ? 2 : outputs.contains(topic) ? 0 : 3;
            double value = ((Number) m.getValue().metricValue()).doubleValue();
            if (name.name().equals("record-send-total")) {
                records[kind] += value;
                byTopic.computeIfAbsent(topic, t -> new LinkedHashMap<>()).merge("records", value, Double::sum);
            } else if (name.name().equals("byte-total")) {
                bytes[kind] += value;
                byTopic.computeIfAbsent(topic, t -> new LinkedHashMap<>()).merge("bytes", value, Double::sum);
            }
        }
        long streamThreads = 0;
        long busiest = 0;
        long others = 0;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!t.getName().contains(app)) {
                continue;
            }
            long cpu = Math.max(0, threads.getThreadCpuTime(t.getId()));
            if (t.getName().contains("-StreamThread-") && !t.getName().startsWith("kafka-")) {
                streamThreads += cpu;
                busiest = Math.max(busiest, cpu);
            } else {
                others += cpu;
            }
        }
        double n = Math.max(1, events);
        Map<String, Double> perEvent = new LinkedHashMap<>();
        for (int k = 0; k < 4; k++) {
            perEvent.put(ROWS[k], records[k] / n);
        }
        for (int k = 0; k < 4; k++) {
            perEvent.put(ROWS[4 + k], bytes[k] / n);
        }
        perEvent.put(ROWS[8], sumSince(CountingStores.reads(), reads) / n);
        perEvent.put(ROWS[9], sumSince(CountingStores.writes(), writes) / n);
        Map<String, Long> decodedNow = SerdeCounts.decoded();
        Map<String, Long> encodedNow = SerdeCounts.encoded();
        perEvent.put(ROWS[10], (sumSince(decodedNow, decoded) - since(decodedNow, decoded, STATE)) / n);
        perEvent.put(ROWS[11], (sumSince(encodedNow, encoded) - since(encodedNow, encoded, STATE)) / n);
        perEvent.put(ROWS[12], since(decodedNow, decoded, STATE) / n);
        perEvent.put(ROWS[13], since(encodedNow, encoded, STATE) / n);
        perEvent.put(ROWS[14], streamThreads / n);
        perEvent.put(ROWS[15], busiest / n);
        perEvent.put(ROWS[16], others / n);
        perEvent.put(ROWS[17], (processCpuNanos() - processCpu) / n);
        return perEvent;
    }

    /** Per store, what changed since the snapshot: for the JSON's notes. */
    static Map<String, Long> bySince(Map<String, Long> now, Map<String, Long> then) {
        Map<String, Long> d = new LinkedHashMap<>();
        now.forEach((k, v) -> {
            long diff = v - then.getOrDefault(k, 0L);
            if (diff != 0) {
                d.put(k, diff);
            }
        });
        return d;
    }

    /** Records and bytes sent per topic (after {@link #read}). */
    Map<String, Map<String, Double>> sentByTopic() {
        return byTopic;
    }

    Map<String, Long> storeReadsSince() {
        return bySince(CountingStores.reads(), reads);
    }

    Map<String, Long> storeWritesSince() {
        return bySince(CountingStores.writes(), writes);
    }

    Map<String, Long> decodesSince() {
        return bySince(SerdeCounts.decoded(), decoded);
    }

    Map<String, Long> encodesSince() {
        return bySince(SerdeCounts.encoded(), encoded);
    }

    private static long sumSince(Map<String, Long> now, Map<String, Long> then) {
        long sum = 0;
        for (Map.Entry<String, Long> e : now.entrySet()) {
            sum += e.getValue() - then.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }

    private static long since(Map<String, Long> now, Map<String, Long> then, String key) {
        return now.getOrDefault(key, 0L) - then.getOrDefault(key, 0L);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
