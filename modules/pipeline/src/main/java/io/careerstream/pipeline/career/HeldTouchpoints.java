package io.careerstream.pipeline.career;

import io.careerstream.domain.Touchpoint;
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
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Touchpoints of customers with an alias, held until every path a touchpoint of theirs can take
 * has moved past their event time, then applied in event-time order (see
 * {@link CustomerCareerProcessor}). Keys sort by event time, then customer id and event id, so
 * "everything before W" is one range scan and a tie between two paths is broken the same way on
 * every run; the value is the touchpoint itself, with its customer and the time it entered the
 * pipeline.
 *
 * <p>Why by hand: a held touchpoint is one of the domain's records, not a contract; a few bytes
 * per field keep the store small and its changelog cheap.
 */
public final class HeldTouchpoints {

    /** A held touchpoint and when it entered the pipeline (Long.MAX_VALUE: arrived directly). */
    public record Held(Touchpoint touchpoint, long enteredAt, Bytes key) {
    }

    private final KeyValueStore<Bytes, byte[]> store;
    /** The earliest event time held, or Long.MAX_VALUE when none: most records need no scan. */
    private long earliest = Long.MIN_VALUE;

    public HeldTouchpoints(KeyValueStore<Bytes, byte[]> store) {
        this.store = store;
    }

    public void hold(Touchpoint touchpoint, long enteredAt) {
        store.put(key(touchpoint.occurredAt(), touchpoint.customerId(), touchpoint.eventId()), encode(touchpoint, enteredAt));
        earliest = earliest == Long.MIN_VALUE ? earliest : Math.min(earliest, touchpoint.occurredAt());
    }

    /** Whether anything held has an event time before {@code time}. */
    public boolean anyBefore(long time) {
        if (earliest == Long.MIN_VALUE) {
            earliest = Long.MAX_VALUE;
            try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
                if (all.hasNext()) {
                    earliest = ByteBuffer.wrap(all.next().key.get()).getLong() ^ Long.MIN_VALUE;
                }
            }
        }
        return earliest < time;
    }

    /** Every held touchpoint with an event time before {@code time}, in order. */
    public List<Held> before(long time) {
        List<Held> found = new ArrayList<>();
        if (!anyBefore(time)) {
            return found;
        }
        try (KeyValueIterator<Bytes, byte[]> range = store.range(key(Long.MIN_VALUE, "", ""), key(time, "", ""))) {
            while (range.hasNext()) {
                var entry = range.next();
                Held held = decode(entry.key, entry.value);
                if (held.touchpoint().occurredAt() < time) {
                    found.add(held);
                }
            }
        }
        return found;
    }

    public void release(Held held) {
        store.delete(held.key());
        earliest = Long.MIN_VALUE; // looked up again when next needed
    }

    /** Drops every held touchpoint of a customer (erasure); returns how many. */
    public int removeCustomer(String customerId) {
        List<Bytes> keys = new ArrayList<>();
        try (KeyValueIterator<Bytes, byte[]> all = store.all()) {
            while (all.hasNext()) {
                var entry = all.next();
                if (decode(entry.key, entry.value).touchpoint().customerId().equals(customerId)) {
                    keys.add(entry.key);
                }
            }
        }
        keys.forEach(store::delete);
        earliest = Long.MIN_VALUE;
        return keys.size();
    }

    /** Event time with the sign bit flipped, big-endian, so that byte order is time order for every time. */
    static Bytes key(long occurredAt, String customerId, String eventId) {
        byte[] customer = customerId.getBytes(StandardCharsets.UTF_8);
        byte[] event = eventId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + customer.length + 1 + event.length)
                .putLong(occurredAt ^ Long.MIN_VALUE).put(customer).put((byte) 0).put(event).array());
    }

    static byte[] encode(Touchpoint touchpoint, long enteredAt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(enteredAt);
            out.writeUTF(touchpoint.eventId());
            out.writeUTF(touchpoint.customerId());
            out.writeLong(touchpoint.occurredAt());
            if (touchpoint instanceof Touchpoint.Purchase p) {
                out.writeByte('P');
                out.writeUTF(p.orderId());
                out.writeLong(p.amountMinor());
                out.writeUTF(p.currency());
                out.writeInt(p.itemCount());
                out.writeInt(p.categories().size());
                for (String category : p.categories()) {
                    out.writeUTF(category);
                }
            } else if (touchpoint instanceof Touchpoint.Inquiry i) {
                out.writeByte('I');
                out.writeByte(i.kind().ordinal());
                out.writeBoolean(i.resolved());
            } else if (touchpoint instanceof Touchpoint.SocialMention m) {
                out.writeByte('M');
                out.writeByte(m.sentiment().ordinal());
                out.writeLong(m.reach());
                out.writeBoolean(m.referral());
            } else if (touchpoint instanceof Touchpoint.EmailEngagement e) {
                out.writeByte('E');
                out.writeByte(e.action().ordinal());
                // Appended after the fields of earlier versions, which a held record of theirs ends with.
                out.writeUTF(e.campaignId());
                out.writeBoolean(e.variant() != null);
                if (e.variant() != null) {
                    out.writeUTF(e.variant());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    static Held decode(Bytes key, byte[] value) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
            long enteredAt = in.readLong();
            String eventId = in.readUTF();
            String customerId = in.readUTF();
            long occurredAt = in.readLong();
            Touchpoint touchpoint = switch (in.readByte()) {
                case 'P' -> {
                    String orderId = in.readUTF();
                    long amount = in.readLong();
                    String currency = in.readUTF();
                    int items = in.readInt();
                    List<String> categories = new ArrayList<>();
                    for (int n = in.readInt(); n > 0; n--) {
                        categories.add(in.readUTF());
                    }
                    yield new Touchpoint.Purchase(eventId, customerId, occurredAt, orderId, amount, currency, items, categories);
                }
                case 'I' -> new Touchpoint.Inquiry(eventId, customerId, occurredAt,
                        Touchpoint.InquiryKind.values()[in.readByte()], in.readBoolean());
                case 'M' -> new Touchpoint.SocialMention(eventId, customerId, occurredAt,
                        Touchpoint.Sentiment.values()[in.readByte()], in.readLong(), in.readBoolean());
                case 'E' -> {
                    Touchpoint.EmailAction action = Touchpoint.EmailAction.values()[in.readByte()];
                    // A record held by an earlier version ends here: no campaign details.
                    String campaignId = in.available() > 0 ? in.readUTF() : "";
                    String variant = in.available() > 0 && in.readBoolean() ? in.readUTF() : null;
                    yield new Touchpoint.EmailEngagement(eventId, customerId, occurredAt, action, campaignId, variant);
                }
                default -> throw new IllegalStateException("Unknown held touchpoint kind in " + key);
            };
            return new Held(touchpoint, enteredAt, key);
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt held touchpoint " + key, e);
        }
    }
}
