package io.careerstream.pipeline.career;

import io.careerstream.domain.ChurnSignal;
import io.careerstream.domain.StageChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Transitions per edge of the career map and churn alerts per level, counted per hour of EVENT time
 * (the change's or alert's own time, not the clock's) as they are published: the console's flows
 * and trends read these few counters, never the customer store. A window store of one-hour buckets,
 * changelogged, whose retention ({@link #RETENTION}, the 30-day window and a day's slack) drops old
 * hours on its own, in the store and in its changelog.
 *
 * <p>Keys: {@code edge:DIMENSION:FROM>TO} (FROM empty for a customer's first stage) and
 * {@code alert:LEVEL} (alerts opened; their ends are not counted).
 */
public final class CareerFlows {

    public static final String STORE = "career-flows";
    public static final Duration BUCKET = Duration.ofHours(1);
    public static final Duration RETENTION = Duration.ofDays(31);
    public static final String EDGE = "edge:";
    public static final String ALERT = "alert:";

    /** One hour's count of one key, as read back. */
    public record Bucket(String key, long start, long count) {
    }

    private final WindowStore<String, Long> store;

    public CareerFlows(WindowStore<String, Long> store) {
        this.store = store;
    }

    /** The store, for the career node and the eraser; the record cache folds an interval's counts into one changelog record each. */
    public static StoreBuilder<WindowStore<String, Long>> storeBuilder() {
        return Stores.windowStoreBuilder(Stores.persistentWindowStore(STORE, RETENTION, BUCKET, false),
                Serdes.String(), Serdes.Long()).withCachingEnabled();
    }

    public static String edge(StageChange.Dimension dimension, String from, String to) {
        return EDGE + dimension.name() + ":" + (from == null ? "" : from) + ">" + to;
    }

    public void apply(StageChange change) {
        add(edge(change.dimension(), change.from(), change.to()), change.at());
    }

    public void apply(ChurnSignal signal) {
        if (signal.status() == ChurnSignal.Status.OPENED) {
            add(ALERT + signal.level().name(), signal.at());
        }
    }

    private void add(String key, long at) {
        long start = bucketStart(at);
        Long now = store.fetch(key, start);
        // A time older than the retention is not kept (the store drops it): it is outside every window the console offers.
        store.put(key, (now == null ? 0 : now) + 1, start);
    }

    public static long bucketStart(long at) {
        return Math.floorDiv(at, BUCKET.toMillis()) * BUCKET.toMillis();
    }

    /**
     * Every bucket within the retention of the newest one: at most the retention's hours times the
     * map's edges and levels. The store drops old hours a segment at a time (and its record cache may
     * still hold some), so the older ones it returns are left out here.
     */
    public static List<Bucket> read(ReadOnlyWindowStore<String, Long> store) {
        List<Bucket> buckets = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, Long> all = store.all()) {
            all.forEachRemaining(kv -> buckets.add(new Bucket(kv.key.key(), kv.key.window().start(), kv.value)));
        }
        long newest = buckets.stream().mapToLong(Bucket::start).max().orElse(0);
        buckets.removeIf(b -> b.start() <= newest - RETENTION.toMillis());
        return buckets;
    }
}
