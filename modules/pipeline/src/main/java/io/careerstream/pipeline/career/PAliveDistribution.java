package io.careerstream.pipeline.career;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * How many customers have P(alive) in each tenth of [0, 1] (and how many have none yet: never
 * bought), as of each customer's latest evaluation, kept in the stream: a customer's bucket is
 * remembered ({@link #BUCKETS_STORE}, one byte per customer), and when an evaluation moves it to
 * another bucket, one counter goes down and another up. Reading the distribution is a read of
 * eleven counters in the career counts store (keys {@code p-alive:0.3} for [0.3, 0.4),
 * {@code p-alive:none}), never a scan of the customers.
 */
public final class PAliveDistribution {

    public static final String BUCKETS_STORE = "customer-p-alive-bucket";
    public static final String PREFIX = "p-alive:";
    public static final String NONE = "none";
    private static final byte NO_BUCKET = -1;

    private final KeyValueStore<String, Long> counts;
    private final KeyValueStore<String, byte[]> buckets;

    public PAliveDistribution(KeyValueStore<String, Long> counts, KeyValueStore<String, byte[]> buckets) {
        this.counts = counts;
        this.buckets = buckets;
    }

    /** Each customer's bucket, changelogged: written only when the bucket changes. */
    public static StoreBuilder<KeyValueStore<String, byte[]>> storeBuilder() {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUCKETS_STORE), Serdes.String(), Serdes.ByteArray());
    }

    /** The bucket of a probability: 0..9 (1.0 falls in 9), or none for NaN. */
    static byte bucket(double probabilityAlive) {
        if (Double.isNaN(probabilityAlive)) {
            return NO_BUCKET;
        }
        return (byte) Math.max(0, Math.min(9, (int) Math.floor(probabilityAlive * 10)));
    }

    /** The counter's name of a bucket: {@code 0.3} for [0.3, 0.4), {@value #NONE}. */
    public static String label(byte bucket) {
        return bucket == NO_BUCKET ? NONE : "0." + bucket;
    }

    /** A customer's latest evaluation: moves them to the bucket of its P(alive) (NaN: none). */
    public void apply(String customerId, double probabilityAlive) {
        byte next = bucket(probabilityAlive);
        byte[] was = buckets.get(customerId);
        if (was != null && was[0] == next) {
            return;
        }
        if (was != null) {
            add(label(was[0]), -1);
        }
        add(label(next), 1);
        buckets.put(customerId, new byte[] {next});
    }

    /** An erased customer: out of the distribution, and their remembered bucket deleted. */
    public void forget(String customerId) {
        byte[] was = buckets.get(customerId);
        if (was != null) {
            add(label(was[0]), -1);
            buckets.delete(customerId);
        }
    }

    private void add(String bucket, long delta) {
        String key = PREFIX + bucket;
        Long now = counts.get(key);
        long next = (now == null ? 0 : now) + delta;
        if (next == 0) {
            counts.delete(key);
        } else {
            counts.put(key, next);
        }
    }

    /** Customers per bucket label, from one instance's career counts store. */
    public static Map<String, Long> read(ReadOnlyKeyValueStore<String, Long> counts) {
        Map<String, Long> distribution = new HashMap<>();
        try (KeyValueIterator<String, Long> all = counts.prefixScan(PREFIX, new StringSerializer())) {
            all.forEachRemaining(kv -> distribution.merge(kv.key.substring(PREFIX.length()), kv.value, Long::sum));
        }
        return distribution;
    }
}
