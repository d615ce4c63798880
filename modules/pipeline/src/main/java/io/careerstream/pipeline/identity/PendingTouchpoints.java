package io.careerstream.pipeline.identity;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Touchpoints waiting for the identity link of their alias, in one key-value store, in arrival
 * order. Each waiting touchpoint has an arrival number ({@code seq}, per task, increasing) and two
 * keys:
 * <ul>
 *   <li>{@code 'P' + seq} (8 big-endian bytes) holds the entry: byte order is arrival order, and
 *       since every entry waits equally long in stream time, arrival order is expiry order too —
 *       expiry and eviction of the oldest read from the front;</li>
 *   <li>{@code 'A' + alias length + alias + seq} holds nothing: one prefix scan finds an alias's
 *       touchpoints in arrival order when its link arrives.</li>
 * </ul>
 * The count and the next arrival number are kept in memory and recomputed from the store when the
 * task starts (one scan of at most {@code maxEntries} entries); only one processor uses the store.
 */
public final class PendingTouchpoints {

    /** A waiting touchpoint: its serialized value, and what is needed to forward or dead-letter it. */
    public record Entry(long seq, String alias, long expiresAt, long timestamp, Headers headers, byte[] value,
                        String sourceTopic, int sourcePartition, long sourceOffset) {
    }

    private static final byte PRIMARY = 'P';
    private static final byte BY_ALIAS = 'A';
    private static final byte[] PRESENT = new byte[0];

    private final KeyValueStore<Bytes, byte[]> store;
    private long nextSeq;
    private long count;

    public PendingTouchpoints(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(primaryKey(0), primaryKey(Long.MAX_VALUE))) {
            while (it.hasNext()) {
                long seq = ByteBuffer.wrap(it.next().key.get(), 1, Long.BYTES).getLong();
                nextSeq = seq + 1;
                count++;
            }
        }
    }

    public long size() {
        return count;
    }

    /** Adds a touchpoint at the end of the arrival order. */
    public void add(String alias, long expiresAt, long timestamp, Headers headers, byte[] value, String sourceTopic,
                    int sourcePartition, long sourceOffset) {
        long seq = nextSeq++;
        Entry entry = new Entry(seq, alias, expiresAt, timestamp, headers, value, sourceTopic, sourcePartition,
                sourceOffset);
        store.put(primaryKey(seq), encode(entry));
        store.put(aliasKey(alias, seq), PRESENT);
        count++;
    }

    /** Removes and returns the oldest waiting touchpoint, if any. */
    public Optional<Entry> removeOldest() {
        Optional<Entry> oldest;
        try (KeyValueIterator<Bytes, byte[]> it = store.range(primaryKey(0), primaryKey(Long.MAX_VALUE))) {
            oldest = it.hasNext() ? Optional.of(decode(it.next().value)) : Optional.empty();
        }
        oldest.ifPresent(this::remove);
        return oldest;
    }

    /** Removes and returns, oldest first, every touchpoint whose wait ends at or before {@code now}. */
    public List<Entry> removeExpired(long now) {
        List<Entry> expired = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.range(primaryKey(0), primaryKey(Long.MAX_VALUE))) {
            while (it.hasNext()) {
                Entry entry = decode(it.next().value);
                if (entry.expiresAt() > now) {
                    break;
                }
                expired.add(entry);
            }
        }
        expired.forEach(this::remove);
        return expired;
    }

    /** Removes and returns the touchpoints waiting for {@code alias}, in arrival order. */
    public List<Entry> removeAlias(String alias) {
        List<Entry> waiting = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> it = store.prefixScan(aliasPrefix(alias),
                org.apache.kafka.common.serialization.Serdes.Bytes().serializer())) {
            while (it.hasNext()) {
                KeyValue<Bytes, byte[]> next = it.next();
                byte[] key = next.key.get();
                long seq = ByteBuffer.wrap(key, key.length - Long.BYTES, Long.BYTES).getLong();
                byte[] value = store.get(primaryKey(seq));
                if (value != null) {
                    waiting.add(decode(value));
                }
            }
        }
        waiting.forEach(this::remove);
        return waiting;
    }

    private void remove(Entry entry) {
        store.delete(primaryKey(entry.seq()));
        store.delete(aliasKey(entry.alias(), entry.seq()));
        count--;
    }

    private static Bytes primaryKey(long seq) {
        return Bytes.wrap(ByteBuffer.allocate(1 + Long.BYTES).put(PRIMARY).putLong(seq).array());
    }

    private static Bytes aliasPrefix(String alias) {
        byte[] name = alias.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(1 + Integer.BYTES + name.length).put(BY_ALIAS).putInt(name.length)
                .put(name).array());
    }

    private static Bytes aliasKey(String alias, long seq) {
        byte[] prefix = aliasPrefix(alias).get();
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(seq).array());
    }

    // A private, versioned layout: the entry lives only in this store and its changelog.
    private static final byte VERSION = 1;

    static byte[] encode(Entry entry) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(entry.seq());
            out.writeUTF(entry.alias());
            out.writeLong(entry.expiresAt());
            out.writeLong(entry.timestamp());
            out.writeUTF(entry.sourceTopic());
            out.writeInt(entry.sourcePartition());
            out.writeLong(entry.sourceOffset());
            Header[] headers = entry.headers().toArray();
            out.writeInt(headers.length);
            for (Header header : headers) {
                out.writeUTF(header.key());
                writeBytes(out, header.value());
            }
            writeBytes(out, entry.value());
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Entry decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("pending touchpoint encoded with unknown version " + version);
            }
            long seq = in.readLong();
            String alias = in.readUTF();
            long expiresAt = in.readLong();
            long timestamp = in.readLong();
            String topic = in.readUTF();
            int partition = in.readInt();
            long offset = in.readLong();
            int headerCount = in.readInt();
            Headers headers = new RecordHeaders();
            for (int i = 0; i < headerCount; i++) {
                headers.add(in.readUTF(), readBytes(in));
            }
            return new Entry(seq, alias, expiresAt, timestamp, headers, readBytes(in), topic, partition, offset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] value = new byte[length];
        in.readFully(value);
        return value;
    }
}
