package io.careerstream.pipeline.career;

import io.careerstream.domain.CustomerState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * When each customer's silence must next be checked, in a key-value store ordered by due time.
 * Keys are the due time as 8 big-endian bytes followed by the customer id, so the store's byte
 * order is time order and "what is due" is one range scan that touches only due entries: the
 * punctuator's work is proportional to the customers due, never to the population.
 *
 * <p>The index holds nothing the customer states do not: each state carries its next check time.
 * So its store has no changelog and {@link #rebuildFrom} fills it from the states when the task
 * starts. Entries it already holds are harmless: one that no longer matches its customer's state
 * is stale and is dropped when it comes due, as after any reschedule.
 */
public final class ChurnTimerIndex {

    /** A due check. */
    public record Entry(long dueAt, String customerId) {
    }

    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    public ChurnTimerIndex(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /**
     * Moves a customer's entry from {@code previousDueAt} to {@code nextDueAt}; 0 means none.
     *
     * @throws IllegalArgumentException if {@code nextDueAt} is negative (before 1970): as unsigned bytes
     *         a negative time sorts after every positive one, so the entry would never come due. The
     *         index is left unchanged.
     */
    public void reschedule(String customerId, long previousDueAt, long nextDueAt) {
        if (nextDueAt < 0) {
            throw new IllegalArgumentException("Cannot schedule the churn check of customer '" + customerId + "' at "
                    + nextDueAt + " (before 1970-01-01): the timer index holds only times from the epoch on");
        }
        if (previousDueAt == nextDueAt) {
            return;
        }
        if (previousDueAt != 0) {
            store.delete(key(previousDueAt, customerId));
        }
        if (nextDueAt != 0) {
            store.put(key(nextDueAt, customerId), PRESENT);
        }
    }

    /**
     * Puts every customer's next check from {@code states} into the index (idempotent: an entry
     * already there is written again); returns how many customers have a check scheduled. Run when
     * a task starts, after its states are restored: a restored or migrated task brings its states
     * from the changelog but an empty index, and after a crash the index on disk may lack checks
     * whose states were committed.
     */
    public long rebuildFrom(ReadOnlyKeyValueStore<String, CustomerState> states) {
        long scheduled = 0;
        try (KeyValueIterator<String, CustomerState> all = states.all()) {
            while (all.hasNext()) {
                var customer = all.next();
                long dueAt = customer.value.nextCheckAt();
                if (dueAt > 0) {
                    store.put(key(dueAt, customer.key), PRESENT);
                    scheduled++;
                }
            }
        }
        return scheduled;
    }

    /** Every entry due at or before {@code now}, earliest first. */
    public List<Entry> dueAt(long now) {
        List<Entry> due = new ArrayList<>();
        // Upper bound: the 8-byte prefix of now + 1 sorts before every key due at now + 1.
        Bytes to = Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(now + 1).array());
        try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(new byte[Long.BYTES]), to)) {
            while (it.hasNext()) {
                ByteBuffer key = ByteBuffer.wrap(it.next().key.get());
                long dueAt = key.getLong();
                if (dueAt > now) {
                    break;
                }
                due.add(new Entry(dueAt, StandardCharsets.UTF_8.decode(key).toString()));
            }
        }
        return due;
    }

    public void remove(Entry entry) {
        store.delete(key(entry.dueAt(), entry.customerId()));
    }

    static Bytes key(long dueAt, String customerId) {
        byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(dueAt).put(id).array());
    }
}
