package io.careerstream.pipeline.career;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Knows, in a customer's task, how far every path into it has come, so that the touchpoints of a
 * customer with an alias are applied in event-time order whatever the timing of the identity
 * detour (docs/architecture.md, "Identity links").
 *
 * <p>A customer's touchpoints come by its own touchpoints partition and, for each of its aliases,
 * through the resolver of the alias's partition. A customer with aliases in partitions {@code S}
 * may be advanced to time {@code W = min(own progress, progress of every partition in S)}: every
 * touchpoint of it with an event time before {@code W} has arrived (in-order partitions assumed;
 * one out of order at its source, or that waited for its link, is applied on arrival). Its own
 * progress is the task's stream time (the touchpoints partition is the only input whose
 * timestamps move it), or just past the latest tick; the others' come as progress markers.
 */
final class ResolutionGate {

    /** The key of the latest tick's horizon in the progress store, beside the partitions' progress. */
    private static final String TICK_HORIZON = "tick";

    private final KeyValueStore<String, Long> progress;
    /** {@link #progress} in memory: a handful of entries, read for every touchpoint of a customer with an alias. */
    private final Map<String, Long> known = new HashMap<>();
    private final KeyValueStore<String, byte[]> aliasPartitions;
    private boolean anyAliases;

    ResolutionGate(KeyValueStore<String, Long> progress, KeyValueStore<String, byte[]> aliasPartitions) {
        this.progress = progress;
        this.aliasPartitions = aliasPartitions;
        try (KeyValueIterator<String, Long> all = progress.all()) {
            all.forEachRemaining(entry -> known.put(entry.key, entry.value));
        }
        try (KeyValueIterator<String, byte[]> all = aliasPartitions.all()) {
            this.anyAliases = all.hasNext();
        }
    }

    /** Whether any customer of this task has an alias: without, nothing is ever held and nothing is looked up. */
    boolean active() {
        return anyAliases;
    }

    /** Records that the customer has an alias in touchpoints partition {@code partition}. */
    void link(String customerId, int partition) {
        byte[] stored = aliasPartitions.get(customerId);
        BitSet partitions = stored == null ? new BitSet() : BitSet.valueOf(stored);
        if (!partitions.get(partition)) {
            partitions.set(partition);
            aliasPartitions.put(customerId, partitions.toByteArray());
        }
        anyAliases = true;
    }

    /** Forgets the customer's aliases (erasure). */
    void forget(String customerId) {
        aliasPartitions.delete(customerId);
    }

    /** Whether the customer's touchpoints may come by another path than its own partition. */
    boolean gates(String customerId) {
        return anyAliases && aliasPartitions.get(customerId) != null;
    }

    /** Partition {@code partition} has resolved everything before {@code watermark}; true if that is news. */
    boolean advance(int partition, long watermark) {
        return raise(Integer.toString(partition), watermark);
    }

    /** A tick at {@code time} settles what is due up to and including it: the task's own progress is just past it. */
    void ticked(long time) {
        raise(TICK_HORIZON, time + 1);
    }

    private boolean raise(String key, long value) {
        Long current = known.get(key);
        if (current != null && current >= value) {
            return false;
        }
        known.put(key, value);
        progress.put(key, value);
        return true;
    }

    /** The task's own progress: its stream time, or just past the latest tick. */
    long own(long streamTime) {
        Long tick = known.get(TICK_HORIZON);
        return tick == null ? streamTime : Math.max(streamTime, tick);
    }

    /**
     * The time before which every touchpoint of the customer has arrived: Long.MIN_VALUE while a
     * partition of one of its aliases has not said how far it has come.
     */
    long watermark(String customerId, long streamTime) {
        long watermark = own(streamTime);
        byte[] stored = aliasPartitions.get(customerId);
        if (stored == null) {
            return watermark;
        }
        BitSet partitions = BitSet.valueOf(stored);
        for (int p = partitions.nextSetBit(0); p >= 0; p = partitions.nextSetBit(p + 1)) {
            Long reached = known.get(Integer.toString(p));
            watermark = Math.min(watermark, reached == null ? Long.MIN_VALUE : reached);
        }
        return watermark;
    }

    /** The furthest any customer can have come: no held touchpoint at or after this is released now. */
    long furthest(long streamTime) {
        long furthest = Long.MIN_VALUE;
        for (Map.Entry<String, Long> entry : known.entrySet()) {
            if (!entry.getKey().equals(TICK_HORIZON)) {
                furthest = Math.max(furthest, entry.getValue());
            }
        }
        return Math.min(furthest, own(streamTime));
    }
}
