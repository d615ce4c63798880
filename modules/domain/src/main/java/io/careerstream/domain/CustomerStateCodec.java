package io.careerstream.domain;

import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Versioned binary encoding of {@link CustomerState} for the RocksDB store and its changelog.
 *
 * <p>Why by hand: this is the one record written on every event for every customer, so bytes
 * per customer decide disk, changelog and restore time. Variable-length integers and times stored
 * as deltas from the first touchpoint bring a typical customer under 100 bytes. A general
 * format (Avro, JSON) would need a schema or field names per record for the same job.
 *
 * <p>Layout (version 6, the format of release 0.1.0, the first): version byte, flags byte (bit 32:
 * the alert at the alert level is open), stage id and track id (length-prefixed UTF-8;
 * the career map's ids are short), alert level, seven times (zig-zag varlong deltas from the first
 * touchpoint, 0 for "never"), counters (varints), spend (varlong), then the de-duplication memory
 * (count; per key the time it was seen as a zig-zag delta from the previous one, starting at the
 * first touchpoint, and the key's 8 bytes: about 10 bytes a key) and the recent purchase days
 * (count; zig-zag day deltas, starting at the last purchase day); the category
 * rhythms (count; per category, most recent first: name, last day as a zig-zag delta from the
 * last purchase day, span to its first day, purchase days, sum of squared intervals, spend) and
 * the decayed engagement (a bit mask of the kinds that are not zero, 0 for none; then the
 * reference time as a zig-zag delta from the first touchpoint and a 4-byte float per kind
 * present): a customer without categories or engagement pays 2 bytes; for a
 * customer with two or more purchase days, the log-sum of the gaps between them (varlong, in
 * millionths of a neper; flag bit 16 when it is unknown, then nothing) and keeps among the recent
 * purchase days the latest one before the grace period (see {@link RecentPurchaseDays}): about 5
 * bytes for a repeat buyer; last, the hash of the career map version the customer was last evaluated
 * under (4 bytes), which tells the map roll-out who is still to be re-evaluated.
 *
 * <p>Version 7 appends the customer's {@link CareerHistory}: the number of kept stage and track
 * changes; when there are any, a small dictionary of the ids they name other than the current
 * stage and track (count, then length-prefixed UTF-8), and per change, newest first, a code
 * (times two, plus 1 for a track change: 0 no track, 1 the current stage, 2 the current track,
 * 3 and up the dictionary's ids) and its day as a zig-zag delta back from the day of the latest
 * evaluation, then from the change after it; last the number of kept purchase days and each,
 * newest first, as a zig-zag delta back from the last purchase day, then from the day after it.
 * About 2 bytes a change and 1 to 2 bytes a purchase day. Then one byte: the P(alive) tenth the
 * customer is counted under in the console's distribution, plus 2 (0 not counted yet, 1 none,
 * 2 to 11 the tenths); a state without it (the first version 7 builds) reads as not counted.
 *
 * <p>Version 6 (release 0.1.0) is still read: its states have no history, so decoding one seeds
 * the history with what the state knows (the current stage since it was entered, the purchase
 * days it remembers and its first and last purchase day); the next write is version 7. Versions
 * 1 to 5 were never released, so they are not read: a state in one of them is refused with a
 * clear error, like any unknown version, never misread. A later release that changes the layout
 * writes a new version and reads this one.
 */
public final class CustomerStateCodec {

    public static final byte VERSION = 7;
    /** The format of release 0.1.0, still read (without a history). */
    public static final byte VERSION_0_1_0 = 6;
    /** Flag: the log-sum of the purchase gaps is unknown (version 5). */
    private static final int GAPS_UNKNOWN = 16;
    /** Flag: the alert at the alert level is open. */
    private static final int ALERT_OPEN = 32;

    private CustomerStateCodec() {
    }

    public static byte[] encode(CustomerState s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        out.write(VERSION);
        boolean gapsUnknown = s.logGapSum == PurchaseGaps.UNKNOWN;
        int flags = (s.reactivationPending ? 1 : 0) | (s.lastMentionNegative ? 2 : 0)
                | (s.unsubscribed ? 4 : 0) | (s.spamReported ? 8 : 0) | (gapsUnknown ? GAPS_UNKNOWN : 0)
                | (s.alertOpen ? ALERT_OPEN : 0);
        out.write(flags);
        writeString(out, s.stage);
        writeString(out, s.track);
        out.write(s.alertLevel.ordinal());
        long base = s.firstTouchpointAt;
        writeVarlong(out, base);
        writeTime(out, s.lastTouchpointAt, base);
        writeTime(out, s.stageSince, base);
        writeTime(out, s.firstPurchaseAt, base);
        writeTime(out, s.lastPurchaseAt, base);
        writeTime(out, s.nextCheckAt, base);
        writeTime(out, s.evaluatedAt, base);
        for (int counter : new int[] {s.purchaseDays, s.purchases, s.inquiries, s.openComplaints, s.emailOpens,
                s.emailClicks, s.positiveMentions, s.negativeMentions, s.referrals, s.suggestions, s.praises}) {
            writeVarlong(out, counter);
        }
        writeVarlong(out, zigzag(s.totalSpendMinor));
        DeduplicationMemory seen = s.seen;
        writeVarlong(out, seen.size());
        long previous = base;
        for (int i = 0; i < seen.size(); i++) {
            writeVarlong(out, zigzag(seen.seenAt(i) - previous));
            previous = seen.seenAt(i);
            writeLong(out, seen.key(i));
        }
        RecentPurchaseDays days = s.recentPurchaseDays;
        writeVarlong(out, days.size());
        long previousDay = Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS);
        for (int i = 0; i < days.size(); i++) {
            writeVarlong(out, zigzag(days.day(i) - previousDay));
            previousDay = days.day(i);
        }
        writeCategories(out, s.categories, Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS));
        writeEngagement(out, s.engagement, base);
        if (s.purchaseDays >= 2 && !gapsUnknown) {
            writeVarlong(out, s.logGapSum);
        }
        writeInt(out, s.mapVersionHash);
        writeHistory(out, s);
        out.write(s.countedAliveTenth - CustomerState.NOT_COUNTED); // 0..11
        return out.toByteArray();
    }

    public static CustomerState decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte version = in.get();
            if (version != VERSION && version != VERSION_0_1_0) {
                throw new IllegalArgumentException("Unknown customer state encoding version " + version
                        + " (this build reads versions " + VERSION_0_1_0 + ", the format of release 0.1.0, and "
                        + VERSION + ")");
            }
            CustomerState s = new CustomerState();
            int flags = in.get();
            s.reactivationPending = (flags & 1) != 0;
            s.lastMentionNegative = (flags & 2) != 0;
            s.unsubscribed = (flags & 4) != 0;
            s.spamReported = (flags & 8) != 0;
            s.alertOpen = (flags & ALERT_OPEN) != 0;
            s.stage = readString(in);
            s.track = readString(in);
            s.alertLevel = AlertLevel.values()[in.get()];
            long base = readVarlong(in);
            s.firstTouchpointAt = base;
            s.lastTouchpointAt = readTime(in, base);
            s.stageSince = readTime(in, base);
            s.firstPurchaseAt = readTime(in, base);
            s.lastPurchaseAt = readTime(in, base);
            s.nextCheckAt = readTime(in, base);
            s.evaluatedAt = readTime(in, base);
            s.purchaseDays = (int) readVarlong(in);
            s.purchases = (int) readVarlong(in);
            s.inquiries = (int) readVarlong(in);
            s.openComplaints = (int) readVarlong(in);
            s.emailOpens = (int) readVarlong(in);
            s.emailClicks = (int) readVarlong(in);
            s.positiveMentions = (int) readVarlong(in);
            s.negativeMentions = (int) readVarlong(in);
            s.referrals = (int) readVarlong(in);
            s.suggestions = (int) readVarlong(in);
            s.praises = (int) readVarlong(in);
            s.totalSpendMinor = unzigzag(readVarlong(in));
            readMemory(in, s, base);
            readCategories(in, s.categories, Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS));
            readEngagement(in, s.engagement, base);
            s.logGapSum = (flags & GAPS_UNKNOWN) != 0 ? PurchaseGaps.UNKNOWN : s.purchaseDays >= 2 ? readVarlong(in) : 0;
            s.mapVersionHash = in.getInt();
            if (version == VERSION_0_1_0) {
                seedHistory(s);
            } else {
                readHistory(in, s);
                // Written by every version 7 state but the first builds' (which counted it elsewhere).
                if (in.hasRemaining()) {
                    int tenth = (in.get() & 0xff) + CustomerState.NOT_COUNTED;
                    if (tenth > 9) {
                        throw new IllegalArgumentException("Corrupt customer state: P(alive) tenth " + tenth);
                    }
                    s.countedAliveTenth = (byte) tenth;
                }
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException("Customer state has " + in.remaining() + " trailing bytes");
            }
            return s;
        } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("Truncated or corrupt customer state (" + bytes.length + " bytes)", e);
        }
    }

    private static void readMemory(ByteBuffer in, CustomerState s, long base) {
        int keys = (int) readVarlong(in);
        long seenAt = base;
        for (int i = 0; i < keys; i++) {
            seenAt += unzigzag(readVarlong(in));
            s.seen.remember(in.getLong(), seenAt, Integer.MAX_VALUE);
        }
        int days = (int) readVarlong(in);
        long day = Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS);
        for (int i = 0; i < days; i++) {
            day += unzigzag(readVarlong(in));
            s.recentPurchaseDays.add(day);
        }
    }

    private static void writeHistory(ByteArrayOutputStream out, CustomerState s) {
        CareerHistory h = s.history;
        writeVarlong(out, h.changeCount());
        if (h.changeCount() > 0) {
            java.util.List<String> dictionary = new java.util.ArrayList<>();
            for (int i = 0; i < h.changeCount(); i++) {
                String to = h.change(i).to();
                if (to != null && !to.equals(s.stage) && !to.equals(s.track) && !dictionary.contains(to)) {
                    dictionary.add(to);
                }
            }
            writeVarlong(out, dictionary.size());
            for (String id : dictionary) {
                writeString(out, id);
            }
            long previousDay = Math.floorDiv(s.evaluatedAt, CustomerState.DAY_MS);
            for (int i = h.changeCount() - 1; i >= 0; i--) {
                CareerHistory.Change c = h.change(i);
                int code = c.to() == null ? 0 : c.to().equals(s.stage) ? 1 : c.to().equals(s.track) ? 2
                        : 3 + dictionary.indexOf(c.to());
                writeVarlong(out, code * 2L + (c.dimension() == StageChange.Dimension.TRACK ? 1 : 0));
                writeVarlong(out, zigzag(previousDay - c.day()));
                previousDay = c.day();
            }
        }
        writeVarlong(out, h.purchaseDayCount());
        long previousDay = Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS);
        for (int i = h.purchaseDayCount() - 1; i >= 0; i--) {
            writeVarlong(out, zigzag(previousDay - h.purchaseDay(i)));
            previousDay = h.purchaseDay(i);
        }
    }

    private static void readHistory(ByteBuffer in, CustomerState s) {
        // Counts are checked before anything is allocated: a corrupt record is refused, never an OutOfMemoryError.
        int count = bounded(readVarlong(in), CareerHistory.MAX_CHANGES, "stage and track changes");
        CareerHistory.Change[] changes = new CareerHistory.Change[count];
        if (count > 0) {
            String[] dictionary = new String[bounded(readVarlong(in), count, "history ids")];
            for (int i = 0; i < dictionary.length; i++) {
                dictionary[i] = readString(in);
            }
            long day = Math.floorDiv(s.evaluatedAt, CustomerState.DAY_MS);
            for (int i = count - 1; i >= 0; i--) {
                long header = readVarlong(in);
                int code = (int) (header >>> 1);
                String to = code == 0 ? null : code == 1 ? s.stage : code == 2 ? s.track : dictionary[code - 3];
                day -= unzigzag(readVarlong(in));
                changes[i] = new CareerHistory.Change((header & 1) == 1 ? StageChange.Dimension.TRACK
                        : StageChange.Dimension.STAGE, to, day);
            }
        }
        long[] days = new long[bounded(readVarlong(in), CareerHistory.MAX_PURCHASE_DAYS, "purchase days in the history")];
        long day = Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS);
        for (int i = days.length - 1; i >= 0; i--) {
            day -= unzigzag(readVarlong(in));
            days[i] = day;
        }
        s.history.restore(changes, days);
    }

    private static int bounded(long value, int max, String what) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException("Corrupt customer state: " + value + " " + what + " (at most " + max + ")");
        }
        return (int) value;
    }

    /** A state of release 0.1.0 kept no history: it starts from what the state knows. */
    private static void seedHistory(CustomerState s) {
        if (s.stage != null) {
            s.history.record(StageChange.Dimension.STAGE, s.stage, s.stageSince);
        }
        if (s.hasPurchased()) {
            s.history.addPurchaseDay(Math.floorDiv(s.firstPurchaseAt, CustomerState.DAY_MS));
            for (int i = 0; i < s.recentPurchaseDays.size(); i++) {
                s.history.addPurchaseDay(s.recentPurchaseDays.day(i));
            }
            s.history.addPurchaseDay(Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS));
        }
    }

    private static void writeCategories(ByteArrayOutputStream out, CategoryRhythms categories, long lastPurchaseDay) {
        writeVarlong(out, categories.size());
        for (int i = 0; i < categories.size(); i++) {
            CategoryRhythms.Rhythm r = categories.get(i);
            writeString(out, r.name);
            writeVarlong(out, zigzag(r.lastDay - lastPurchaseDay));
            writeVarlong(out, r.lastDay - r.firstDay);
            writeVarlong(out, r.purchaseDays);
            writeVarlong(out, r.sumSquaredIntervals);
            writeVarlong(out, zigzag(r.spendMinor));
        }
    }

    private static void readCategories(ByteBuffer in, CategoryRhythms categories, long lastPurchaseDay) {
        int count = (int) readVarlong(in);
        for (int i = 0; i < count; i++) {
            String name = readString(in);
            long lastDay = lastPurchaseDay + unzigzag(readVarlong(in));
            long firstDay = lastDay - readVarlong(in);
            int purchaseDays = (int) readVarlong(in);
            long sumSquares = readVarlong(in);
            long spend = unzigzag(readVarlong(in));
            categories.append(new CategoryRhythms.Rhythm(name, firstDay, lastDay, purchaseDays, sumSquares, spend));
        }
    }

    private static void writeEngagement(ByteArrayOutputStream out, DecayedEngagement engagement, long base) {
        int mask = 0;
        DecayedEngagement.Kind[] kinds = DecayedEngagement.Kind.values();
        for (DecayedEngagement.Kind kind : kinds) {
            if (engagement.countAtReference(kind) != 0) {
                mask |= 1 << kind.ordinal();
            }
        }
        out.write(mask);
        if (mask == 0) {
            return;
        }
        writeVarlong(out, zigzag(engagement.referenceAt() - base));
        for (DecayedEngagement.Kind kind : kinds) {
            if ((mask & (1 << kind.ordinal())) != 0) {
                writeInt(out, Float.floatToIntBits((float) engagement.countAtReference(kind)));
            }
        }
    }

    private static void readEngagement(ByteBuffer in, DecayedEngagement engagement, long base) {
        int mask = in.get() & 0xFF;
        if (mask == 0) {
            return;
        }
        long referenceAt = base + unzigzag(readVarlong(in));
        double[] values = new double[DecayedEngagement.Kind.values().length];
        for (int i = 0; i < values.length; i++) {
            if ((mask & (1 << i)) != 0) {
                values[i] = Float.intBitsToFloat(in.getInt());
            }
        }
        engagement.restore(referenceAt, values);
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write(v >>> shift);
        }
    }

    private static void writeLong(ByteArrayOutputStream out, long v) {
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.write((int) (v >>> shift));
        }
    }

    private static void writeString(ByteArrayOutputStream out, String value) {
        if (value == null) {
            writeVarlong(out, 0);
            return;
        }
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        writeVarlong(out, bytes.length + 1L);
        out.writeBytes(bytes);
    }

    private static String readString(ByteBuffer in) {
        int length = (int) readVarlong(in) - 1;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeTime(ByteArrayOutputStream out, long time, long base) {
        writeVarlong(out, time == 0 ? 0 : zigzag(time - base) + 1);
    }

    private static long readTime(ByteBuffer in, long base) {
        long v = readVarlong(in);
        return v == 0 ? 0 : unzigzag(v - 1) + base;
    }

    private static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    private static long unzigzag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    private static void writeVarlong(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private static long readVarlong(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IllegalArgumentException("Malformed varint in customer state");
    }
}
