package io.careerstream.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The customer's recent story, kept in the state for the console: the last {@link #MAX_CHANGES}
 * stage and track changes (to the day) and the last {@link #MAX_PURCHASE_DAYS} purchase days.
 * Bounded, so the state stays within its size budget however long the customer lives; the codec
 * writes it as day deltas and small codes (see {@link CustomerStateCodec}).
 *
 * <p>Immutable arrays, replaced on every change, so {@link #copy()} shares them safely.
 */
public final class CareerHistory {

    private static final long DAY_MS = 86_400_000L;
    /** How many stage and track changes are kept (together, newest last). */
    public static final int MAX_CHANGES = 10;
    /** How many distinct purchase days are kept (ascending). */
    public static final int MAX_PURCHASE_DAYS = 10;

    /**
     * One change of stage or track.
     *
     * @param to the new stage or track id; null for a track change to no track
     * @param day UTC epoch day of the change
     */
    public record Change(StageChange.Dimension dimension, String to, long day) {
        public Change {
            Objects.requireNonNull(dimension, "dimension");
        }
    }

    private Change[] changes = new Change[0];
    private long[] purchaseDays = new long[0];

    /** The kept changes, oldest first. */
    public List<Change> changes() {
        return List.of(changes);
    }

    /** The kept purchase days (UTC epoch days), ascending. */
    public long[] purchaseDays() {
        return purchaseDays.clone();
    }

    int changeCount() {
        return changes.length;
    }

    Change change(int i) {
        return changes[i];
    }

    int purchaseDayCount() {
        return purchaseDays.length;
    }

    long purchaseDay(int i) {
        return purchaseDays[i];
    }

    /** Appends a change (evaluations only move forward in time), forgetting the oldest beyond the limit. */
    void record(StageChange.Dimension dimension, String to, long at) {
        Change change = new Change(dimension, to, Math.floorDiv(at, DAY_MS));
        int keep = Math.min(changes.length, MAX_CHANGES - 1);
        Change[] next = new Change[keep + 1];
        System.arraycopy(changes, changes.length - keep, next, 0, keep);
        next[keep] = change;
        changes = next;
    }

    /**
     * Adds a purchase day if it is new and among the latest {@link #MAX_PURCHASE_DAYS} (a late
     * purchase can fall between kept days); the oldest is forgotten beyond the limit.
     */
    void addPurchaseDay(long day) {
        int at = Arrays.binarySearch(purchaseDays, day);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        if (purchaseDays.length == MAX_PURCHASE_DAYS && insert == 0) {
            return; // older than every kept day: not among the latest
        }
        long[] grown = new long[purchaseDays.length + 1];
        System.arraycopy(purchaseDays, 0, grown, 0, insert);
        grown[insert] = day;
        System.arraycopy(purchaseDays, insert, grown, insert + 1, purchaseDays.length - insert);
        purchaseDays = grown.length > MAX_PURCHASE_DAYS ? Arrays.copyOfRange(grown, 1, grown.length) : grown;
    }

    /** For the codec: restores the kept changes, oldest first. */
    void restore(Change[] changes, long[] purchaseDays) {
        this.changes = changes.clone();
        this.purchaseDays = purchaseDays.clone();
    }

    CareerHistory copy() {
        CareerHistory c = new CareerHistory();
        c.changes = changes; // never mutated in place
        c.purchaseDays = purchaseDays;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CareerHistory h && Arrays.equals(changes, h.changes) && Arrays.equals(purchaseDays, h.purchaseDays);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(changes) * 31 + Arrays.hashCode(purchaseDays);
    }

    @Override
    public String toString() {
        return "CareerHistory{changes=" + Arrays.toString(changes) + ", purchaseDays=" + Arrays.toString(purchaseDays) + '}';
    }
}
