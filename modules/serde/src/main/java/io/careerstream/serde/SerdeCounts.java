package io.careerstream.serde;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many values each serde of ours has encoded and decoded in this process, by what it encodes
 * (an Avro record's class name, the customer state): the benchmark reads the difference over a
 * run to count encodes and decodes per input event (docs/benchmarks.md, "Per input event"). Each
 * serde looks its counter up once, so counting costs one uncontended {@link LongAdder} add.
 */
public final class SerdeCounts {

    private static final ConcurrentMap<String, LongAdder> ENCODED = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, LongAdder> DECODED = new ConcurrentHashMap<>();

    private SerdeCounts() {
    }

    /** The counter of values of {@code what} encoded. */
    public static LongAdder encodes(String what) {
        return ENCODED.computeIfAbsent(what, w -> new LongAdder());
    }

    /** The counter of values of {@code what} decoded. */
    public static LongAdder decodes(String what) {
        return DECODED.computeIfAbsent(what, w -> new LongAdder());
    }

    /** Values encoded so far, by what they are. */
    public static Map<String, Long> encoded() {
        return snapshot(ENCODED);
    }

    /** Values decoded so far, by what they are. */
    public static Map<String, Long> decoded() {
        return snapshot(DECODED);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((what, n) -> copy.put(what, n.sum()));
        return copy;
    }
}
