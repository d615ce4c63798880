package io.careerstream.pipeline.career;

import io.careerstream.domain.CustomerState;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * How many customers have P(alive) in each tenth of [0, 1] (and how many have none yet: never
 * bought), as of each customer's latest evaluation, kept in the stream: the tenth a customer is
 * counted under is remembered in their own state ({@link CustomerState#countedAliveTenth()}, one
 * byte, no store of its own), and when an evaluation moves it to another tenth, one counter goes
 * down and another up. Reading the distribution is a read of eleven counters in the career counts
 * store (keys {@code p-alive:0.3} for [0.3, 0.4), {@code p-alive:none}), never a scan of the customers.
 */
public final class PAliveDistribution {

    public static final String PREFIX = "p-alive:";
    public static final String NONE = "none";

    private final KeyValueStore<String, Long> counts;

    public PAliveDistribution(KeyValueStore<String, Long> counts) {
        this.counts = counts;
    }

    /** The tenth of a probability: 0..9 (1.0 falls in 9), or none for NaN. */
    static byte tenth(double probabilityAlive) {
        if (Double.isNaN(probabilityAlive)) {
            return CustomerState.NO_ALIVE_TENTH;
        }
        return (byte) Math.max(0, Math.min(9, (int) Math.floor(probabilityAlive * 10)));
    }

    /** The counter's name of a tenth: {@code 0.3} for [0.3, 0.4), {@value #NONE}. */
    public static String label(byte tenth) {
        return tenth == CustomerState.NO_ALIVE_TENTH ? NONE : "0." + tenth;
    }

    /**
     * A customer's latest evaluation: counts them under the tenth of its P(alive) (NaN: none) and
     * records that tenth in {@code state}, which the caller then stores.
     */
    public void apply(CustomerState state, double probabilityAlive) {
        byte next = tenth(probabilityAlive);
        byte was = state.countedAliveTenth();
        if (was == next) {
            return;
        }
        if (was != CustomerState.NOT_COUNTED) {
            add(label(was), -1);
        }
        add(label(next), 1);
        state.countedAliveTenth(next);
    }

    /** An erased customer (their state, about to be deleted): out of the distribution. */
    public void forget(CustomerState state) {
        if (state.countedAliveTenth() != CustomerState.NOT_COUNTED) {
            add(label(state.countedAliveTenth()), -1);
        }
    }

    private void add(String tenth, long delta) {
        String key = PREFIX + tenth;
        Long now = counts.get(key);
        long next = (now == null ? 0 : now) + delta;
        if (next == 0) {
            counts.delete(key);
        } else {
            counts.put(key, next);
        }
    }

    /** Customers per tenth's label, from one instance's career counts store. */
    public static Map<String, Long> read(ReadOnlyKeyValueStore<String, Long> counts) {
        Map<String, Long> distribution = new HashMap<>();
        try (KeyValueIterator<String, Long> all = counts.prefixScan(PREFIX, new StringSerializer())) {
            all.forEachRemaining(kv -> distribution.merge(kv.key.substring(PREFIX.length()), kv.value, Long::sum));
        }
        return distribution;
    }
}
