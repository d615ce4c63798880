package io.careerstream.local.faults;

import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.sandbox.workload.CdnowPurchases;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * The inputs of the fault suite, built from the CDNOW purchase log: the clean replay (optionally
 * several copies of the log under distinct customer ids, for a million events or more), and the
 * same replay with resends, with malformed records, or reordered within the late grace.
 */
final class FaultInput {

    /** One record to produce: a touchpoint, or raw bytes (malformed input), with its key and timestamp. */
    record Item(long timestamp, String key, TouchpointEvent event, byte[] raw, boolean rawNullValue) {
        static Item of(TouchpointEvent e) {
            return new Item(e.getOccurredAt().toEpochMilli(), e.getCustomerId(), e, null, false);
        }

        byte[] value(Function<TouchpointEvent, byte[]> serializer) {
            return event != null ? serializer.apply(event) : rawNullValue ? null : raw;
        }
    }

    private FaultInput() {
    }

    /** The CDNOW purchases, {@code copies} times under distinct customer ids, in event-time order. */
    static List<Item> clean(List<CdnowPurchases.Row> rows, int copies) {
        List<Item> items = new ArrayList<>(rows.size() * copies);
        for (int copy = 0; copy < copies; copy++) {
            for (CdnowPurchases.Row row : rows) {
                String customer = copy == 0 ? row.customerId() : row.customerId() + "-" + copy;
                String id = copy + "-" + row.line();
                items.add(Item.of(TouchpointEvent.newBuilder().setEventId("cdnow-" + id).setCustomerId(customer)
                        .setOccurredAt(Instant.ofEpochMilli(row.occurredAt())).setChannel("web")
                        .setPayload(new Purchase("order-" + id, row.amountCents(), "USD", row.cds(), List.of("music")))
                        .build()));
            }
        }
        items.sort(Comparator.comparingLong(Item::timestamp));
        return items;
    }

    /** {@code share} of the events sent again (same event, same time) 1 to 200 records after the original. */
    static List<Item> withResends(List<Item> clean, double share, long seed) {
        Random random = new Random(seed);
        List<List<Item>> resendsAfter = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            resendsAfter.add(new ArrayList<>(1));
        }
        for (int i = 0; i < clean.size(); i++) {
            if (random.nextDouble() < share) {
                int at = Math.min(clean.size() - 1, i + 1 + random.nextInt(200));
                resendsAfter.get(at).add(clean.get(i));
            }
        }
        List<Item> out = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            out.add(clean.get(i));
            out.addAll(resendsAfter.get(i));
        }
        return out;
    }

    static int resendCount(List<Item> withResends, List<Item> clean) {
        return withResends.size() - clean.size();
    }

    /** Each event delayed on its way by less than {@code maxDelayMs}, arriving in order of arrival. */
    static List<Item> shuffledWithin(List<Item> clean, long maxDelayMs, long seed) {
        Random random = new Random(seed);
        record Arrival(long at, int index) {
        }
        List<Arrival> arrivals = new ArrayList<>();
        for (int i = 0; i < clean.size(); i++) {
            arrivals.add(new Arrival(clean.get(i).timestamp() + (long) (random.nextDouble() * maxDelayMs), i));
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::index));
        return arrivals.stream().map(a -> clean.get(a.index())).toList();
    }

    /** The kinds of malformed record, each with the dead-letter reason it must get. */
    enum Malformed {
        RANDOM_BYTES("UNDESERIALIZABLE"), BAD_MAGIC_BYTE("UNDESERIALIZABLE"), UNKNOWN_SCHEMA_ID("UNDESERIALIZABLE"),
        TRUNCATED_AVRO("UNDESERIALIZABLE"), WRONG_SCHEMA("UNDESERIALIZABLE"), MISSING_CUSTOMER_ID("MISSING_CUSTOMER_ID"),
        NEGATIVE_AMOUNT("NEGATIVE_AMOUNT"), FAR_FUTURE_TIME("FUTURE_TIMESTAMP"), NULL_VALUE_WITHOUT_TICK("EMPTY_VALUE"),
        KEY_MISMATCH("KEY_MISMATCH");

        final String reason;

        Malformed(String reason) {
            this.reason = reason;
        }
    }

    /**
     * {@code count} malformed records spread evenly over the clean input, cycling through every
     * {@link Malformed} kind. Each takes the timestamp of its neighbour, so it does not move stream
     * time. {@code wrongSchema} is a valid record of another schema in the wire format.
     */
    static List<Item> withMalformed(List<Item> clean, int count, Function<TouchpointEvent, byte[]> serializer,
                                    byte[] wrongSchema, long seed) {
        Random random = new Random(seed);
        List<Item> out = new ArrayList<>(clean);
        for (int i = count - 1; i >= 0; i--) {
            int at = (int) ((long) (i + 1) * clean.size() / (count + 1));
            Item anchor = clean.get(at);
            String key = anchor.key();
            long ts = anchor.timestamp();
            Malformed kind = Malformed.values()[i % Malformed.values().length];
            TouchpointEvent good = anchor.event();
            Item bad = switch (kind) {
                case RANDOM_BYTES -> {
                    byte[] b = new byte[1 + random.nextInt(64)];
                    random.nextBytes(b);
                    b[0] = 7; // never the wire format's magic byte 0
                    yield new Item(ts, key, null, b, false);
                }
                case BAD_MAGIC_BYTE -> {
                    byte[] b = serializer.apply(copyOf(good, "bad-" + i));
                    b[0] = 1;
                    yield new Item(ts, key, null, b, false);
                }
                case UNKNOWN_SCHEMA_ID -> {
                    byte[] b = serializer.apply(copyOf(good, "bad-" + i));
                    ByteBuffer.wrap(b).putInt(1, 987_654_321);
                    yield new Item(ts, key, null, b, false);
                }
                case TRUNCATED_AVRO -> {
                    byte[] b = serializer.apply(copyOf(good, "bad-" + i));
                    byte[] cut = new byte[Math.max(6, b.length / 2)];
                    System.arraycopy(b, 0, cut, 0, cut.length);
                    yield new Item(ts, key, null, cut, false);
                }
                case WRONG_SCHEMA -> new Item(ts, key, null, wrongSchema, false);
                case MISSING_CUSTOMER_ID -> {
                    TouchpointEvent e = copyOf(good, "bad-" + i);
                    e.setCustomerId("");
                    yield new Item(ts, "", e, null, false);
                }
                case NEGATIVE_AMOUNT -> {
                    TouchpointEvent e = copyOf(good, "bad-" + i);
                    ((Purchase) e.getPayload()).setAmountMinor(-100L);
                    yield new Item(ts, key, e, null, false);
                }
                case FAR_FUTURE_TIME -> {
                    TouchpointEvent e = copyOf(good, "bad-" + i);
                    e.setOccurredAt(Instant.now().plusSeconds(400L * 86_400));
                    yield new Item(ts, key, e, null, false);
                }
                case NULL_VALUE_WITHOUT_TICK -> new Item(ts, key, null, null, true);
                case KEY_MISMATCH -> new Item(ts, key + "-other", copyOf(good, "bad-" + i), null, false);
            };
            out.add(at + 1, bad);
        }
        return out;
    }

    private static TouchpointEvent copyOf(TouchpointEvent e, String eventId) {
        TouchpointEvent c = TouchpointEvent.newBuilder(e).build();
        c.setEventId(eventId);
        c.setPayload(Purchase.newBuilder((Purchase) e.getPayload()).setOrderId(eventId).build());
        return c;
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
