package io.careerstream.pipeline.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The identity links of a task read the other way round: customer id → the aliases that point to
 * it, so that an erasure finds a customer's links without scanning every link. Keys are the
 * customer id's length (4 bytes), the customer id and the alias; values are empty: one prefix scan
 * lists a customer's aliases.
 *
 * <p>The index holds nothing the links store does not, so its store has no changelog (no topic
 * an erasure must clean) and {@link #rebuildFrom} fills it from the links when the task starts.
 * An entry left over from before a crash (its link since moved or deleted) is harmless: an
 * erasure acts only on an alias whose link still points to the erased customer, and drops the
 * customer's entries either way.
 */
public final class CustomerAliases {

    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;

    public CustomerAliases(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    /** Records that {@code alias} points to {@code customerId}. */
    public void add(String customerId, String alias) {
        store.put(key(customerId, alias), PRESENT);
    }

    /** Forgets that {@code alias} points to {@code customerId} (unlinked, moved to another customer, erased). */
    public void remove(String customerId, String alias) {
        store.delete(key(customerId, alias));
    }

    /** The aliases recorded for the customer. */
    public List<String> of(String customerId) {
        List<String> aliases = new ArrayList<>();
        Bytes prefix = prefix(customerId);
        int skip = prefix.get().length;
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(prefix, Serdes.Bytes().serializer())) {
            while (it.hasNext()) {
                byte[] key = it.next().key.get();
                aliases.add(new String(key, skip, key.length - skip, StandardCharsets.UTF_8));
            }
        }
        return aliases;
    }

    /** Puts every link of {@code links} (alias → customer id) into the index; returns how many. */
    public long rebuildFrom(KeyValueStore<String, String> links) {
        long indexed = 0;
        try (KeyValueIterator<String, String> all = links.all()) {
            while (all.hasNext()) {
                var link = all.next();
                add(link.value, link.key);
                indexed++;
            }
        }
        return indexed;
    }

    private static Bytes prefix(String customerId) {
        byte[] id = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Integer.BYTES + id.length).putInt(id.length).put(id).array());
    }

    static Bytes key(String customerId, String alias) {
        byte[] prefix = prefix(customerId).get();
        byte[] name = alias.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + name.length).put(prefix).put(name).array());
    }
}
