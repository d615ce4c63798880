package io.careerstream.pipeline.career;

import io.careerstream.domain.StageChange;
import io.careerstream.domain.map.CareerMap;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How many customers are in each stage and each career track, kept up to date from the changes
 * as they happen (one small store per task, changelogged), so that "customers per stage" is a
 * read of a few counters, never a scan of every customer. Keys are {@code stage:ID} and
 * {@code track:ID}; a customer without a track counts as {@value CareerMap#NO_TRACK}.
 */
public final class CareerCounts {

    public static final String STAGE = "stage:";
    public static final String TRACK = "track:";

    private final KeyValueStore<String, Long> store;

    public CareerCounts(KeyValueStore<String, Long> store) {
        this.store = store;
    }

    /** Counts one real change: a first stage adds a customer (and their empty track), a move shifts one. */
    public void apply(StageChange change) {
        String prefix = change.dimension() == StageChange.Dimension.STAGE ? STAGE : TRACK;
        if (change.from() == null) {
            add(TRACK + CareerMap.NO_TRACK, 1);
        } else {
            add(prefix + change.from(), -1);
        }
        add(prefix + change.to(), 1);
    }

    /** Takes an erased customer out of the counts of their stage and track. */
    public void forget(String stage, String track) {
        if (stage == null) {
            return; // never counted
        }
        add(STAGE + stage, -1);
        add(TRACK + (track == null ? CareerMap.NO_TRACK : track), -1);
    }

    private void add(String key, long delta) {
        Long now = store.get(key);
        long next = (now == null ? 0 : now) + delta;
        if (next == 0) {
            store.delete(key);
        } else {
            store.put(key, next);
        }
    }

    /** Customers per id for one dimension ({@link #STAGE} or {@link #TRACK}), summed over {@code store}. */
    public static Map<String, Long> read(ReadOnlyKeyValueStore<String, Long> store, String prefix) {
        Map<String, Long> counts = new HashMap<>();
        try (KeyValueIterator<String, Long> all = store.prefixScan(prefix, new StringSerializer())) {
            all.forEachRemaining(kv -> counts.merge(kv.key.substring(prefix.length()), kv.value, Long::sum));
        }
        return counts;
    }
}
