package io.careerstream.sandbox.workload;

import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.topics.TickProtocol;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the demo sends, in event-time order: the real CDNOW purchases, synthetic
 * touchpoints for the same customers, prospects, and a few deliberately bad records that must
 * end up in the dead-letter topic without disturbing anything else.
 */
public final class DemoWorkload {

    /** One record to send: either a touchpoint to serialize or raw bytes, sent at {@code timestamp}. */
    public record Outgoing(long timestamp, String key, TouchpointEvent event, byte[] rawValue) {
        static Outgoing of(TouchpointEvent e) {
            // A mention known only by a handle is keyed by the handle (see SocialHandles).
            String key = e.getCustomerId().isEmpty() && e.getAlias() != null ? e.getAlias() : e.getCustomerId();
            return new Outgoing(e.getOccurredAt().toEpochMilli(), key, e, null);
        }
    }

    /** The demo's records and what they contain. */
    public record Workload(List<Outgoing> records, int purchases, int synthetic, int bad, int customers,
                           long lastEventAt, SocialHandles.Identities identities) {
    }

    /** Share of the customers with social mentions whose handle is linked to them. */
    static final double LINKED_HANDLES = 0.5;
    /** Mentions from handles that are never linked: they end as UNRESOLVED_IDENTITY dead letters. */
    public static final int UNKNOWN_HANDLE_MENTIONS = 12;

    /** End of the CDNOW observation window. */
    public static final long OBSERVATION_END =
            LocalDate.of(1998, 7, 1).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();

    /** The CDNOW log has no product lines; the demo gives each order a music genre (see {@link #genre}). */
    static final List<String> GENRES = List.of("rock", "pop", "jazz", "classical", "country", "soul");

    private DemoWorkload() {
    }

    /**
     * A genre for one order, so that the per-category features have something to read: each
     * customer has a favourite genre (seven orders in ten), the rest spread over the others.
     * Deterministic in the customer and the line, so every demo run sends the same workload.
     */
    static String genre(String customerId, long line) {
        int favourite = Math.floorMod(customerId.hashCode(), GENRES.size());
        int roll = Math.floorMod(Long.hashCode(line * 0x9E3779B97F4A7C15L), 10);
        return roll < 7 ? GENRES.get(favourite) : GENRES.get((favourite + 1 + roll % (GENRES.size() - 1)) % GENRES.size());
    }

    public static Workload build(List<CdnowPurchases.Row> rows, long seed, int prospects, int badRecords) {
        List<Outgoing> records = new ArrayList<>(rows.size() * 2);
        Map<String, Long> firstPurchase = new HashMap<>();
        for (CdnowPurchases.Row row : rows) {
            TouchpointEvent e = TouchpointEvent.newBuilder()
                    .setEventId("cdnow-" + row.line())
                    .setCustomerId(row.customerId())
                    .setOccurredAt(Instant.ofEpochMilli(row.occurredAt()))
                    .setChannel("web")
                    .setPayload(new Purchase("cdnow-order-" + row.line(), row.amountCents(), "USD", row.cds(),
                            List.of(genre(row.customerId(), row.line()))))
                    .build();
            records.add(Outgoing.of(e));
            firstPurchase.merge(row.customerId(), row.occurredAt(), Math::min);
        }
        SyntheticTouchpoints synthetic = new SyntheticTouchpoints(seed);
        List<TouchpointEvent> syntheticEvents = new ArrayList<>();
        for (Map.Entry<String, Long> customer : firstPurchase.entrySet()) {
            syntheticEvents.addAll(synthetic.forCustomer(customer.getKey(), customer.getValue(), OBSERVATION_END));
        }
        SocialHandles.Identities identities = SocialHandles.assign(syntheticEvents, seed, LINKED_HANDLES,
                syntheticEvents.isEmpty() ? 0 : UNKNOWN_HANDLE_MENTIONS);
        syntheticEvents.forEach(e -> records.add(Outgoing.of(e)));
        int syntheticCount = syntheticEvents.size();
        long start = rows.stream().mapToLong(CdnowPurchases.Row::occurredAt).min().orElse(0);
        for (TouchpointEvent e : synthetic.prospects(prospects, start, OBSERVATION_END)) {
            records.add(Outgoing.of(e));
            syntheticCount++;
        }
        records.sort(Comparator.comparingLong(Outgoing::timestamp));
        List<Outgoing> bad = BadRecords.spreadOver(records, badRecords);
        records.addAll(bad);
        records.sort(Comparator.comparingLong(Outgoing::timestamp));
        long last = records.isEmpty() ? 0 : records.get(records.size() - 1).timestamp();
        return new Workload(records, rows.size(), syntheticCount, bad.size(), firstPurchase.size() + prospects, last,
                identities);
    }

    /**
     * The records to produce: every touchpoint serialized (bad ones as they are), keyed by customer
     * id, timestamped with the event time, then one tick per partition at the end of observation so
     * that the silence after the last event is judged too.
     */
    public static List<ProducerRecord<byte[], byte[]>> toRecords(Workload workload, String topic, int partitions,
                                                                Serializer<TouchpointEvent> serializer) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(workload.records().size() + partitions);
        for (Outgoing out : workload.records()) {
            byte[] value = out.event() != null ? serializer.serialize(topic, out.event()) : out.rawValue();
            byte[] key = out.key() == null ? null : out.key().getBytes(StandardCharsets.UTF_8);
            records.add(new ProducerRecord<>(topic, null, out.timestamp(), key, value));
        }
        records.addAll(TickProtocol.<byte[], byte[]>ticks(topic, partitions, Math.max(workload.lastEventAt(), OBSERVATION_END)));
        return records;
    }

    /** The identity links to publish before the touchpoints, keyed by handle. */
    public static List<ProducerRecord<byte[], byte[]>> linkRecords(Workload workload, String topic,
                                                                   Serializer<IdentityLink> serializer) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (IdentityLink link : workload.identities().links()) {
            records.add(new ProducerRecord<>(topic, link.getAlias().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, link)));
        }
        return records;
    }

    /** Deliberately broken input, one kind after another, each exercising a dead-letter reason. */
    static final class BadRecords {
        private BadRecords() {
        }

        static List<Outgoing> spreadOver(List<Outgoing> good, int count) {
            List<Outgoing> bad = new ArrayList<>(count);
            for (int i = 0; i < count && !good.isEmpty(); i++) {
                Outgoing anchor = good.get((int) ((long) (i + 1) * good.size() / (count + 1)));
                long at = anchor.timestamp();
                String id = "bad-" + i;
                switch (i % 5) {
                    case 0 -> bad.add(new Outgoing(at, anchor.key(), null,
                            "{\"customerId\":\"not avro\"}".getBytes(StandardCharsets.UTF_8)));
                    case 1 -> bad.add(new Outgoing(at, "", touchpoint(id, "", at, 1000, "USD"), null));
                    case 2 -> bad.add(new Outgoing(at, anchor.key(), touchpoint(id, anchor.key(), at, -1999, "USD"), null));
                    case 3 -> bad.add(new Outgoing(at, anchor.key(),
                            touchpoint(id, anchor.key(), System.currentTimeMillis() + 365L * 86_400_000L, 1000, "USD"), null));
                    default -> bad.add(new Outgoing(at, anchor.key(), touchpoint(id, anchor.key(), at, 1000, "US$"), null));
                }
            }
            return bad;
        }

        private static TouchpointEvent touchpoint(String id, String customerId, long at, long amount, String currency) {
            return TouchpointEvent.newBuilder()
                    .setEventId(id)
                    .setCustomerId(customerId)
                    .setOccurredAt(Instant.ofEpochMilli(at))
                    .setChannel("web")
                    .setPayload(new Purchase("order-" + id, amount, currency, 1, List.of()))
                    .build();
        }
    }
}
