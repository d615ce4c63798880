package io.careerstream.domain;

import java.util.Arrays;

/**
 * The customer's purchase days (UTC epoch days, ascending) that a touchpoint within the late grace
 * period could still fall on, and the latest purchase day before them. With them a late purchase
 * on a day already counted is not counted again, so the number of purchase days does not depend on
 * the order purchases arrive in (within the grace period), and a late purchase day between two
 * others knows both neighbours, whose gap it splits ({@link PurchaseGaps}). Older days are
 * forgotten: a purchase that far back is late and not applied.
 *
 * <p>The days held are every purchase day from the first one held on (none between is missing), and
 * always include the latest purchase day.
 */
final class RecentPurchaseDays {

    private long[] days = new long[0];

    int size() {
        return days.length;
    }

    long day(int i) {
        return days[i];
    }

    boolean contains(long day) {
        return Arrays.binarySearch(days, day) >= 0;
    }

    void add(long day) {
        int at = Arrays.binarySearch(days, day);
        if (at >= 0) {
            return;
        }
        int insert = -at - 1;
        long[] grown = new long[days.length + 1];
        System.arraycopy(days, 0, grown, 0, insert);
        grown[insert] = day;
        System.arraycopy(days, insert, grown, insert + 1, days.length - insert);
        days = grown;
    }

    /** The first day held; only when {@link #size()} is above 0. */
    long first() {
        return days[0];
    }

    /** The latest day held before {@code day}, or {@link Long#MIN_VALUE} for none. */
    long before(long day) {
        int at = Arrays.binarySearch(days, day);
        int below = (at >= 0 ? at : -at - 1) - 1;
        return below >= 0 ? days[below] : Long.MIN_VALUE;
    }

    /** The earliest day held after {@code day}, or {@link Long#MAX_VALUE} for none. */
    long after(long day) {
        int at = Arrays.binarySearch(days, day);
        int above = at >= 0 ? at + 1 : -at - 1;
        return above < days.length ? days[above] : Long.MAX_VALUE;
    }

    /**
     * Forgets the days before {@code firstDayKept} except the latest of them: the neighbour a late
     * purchase day on or after {@code firstDayKept} may need.
     */
    void forgetBefore(long firstDayKept) {
        int n = 0;
        while (n < days.length && days[n] < firstDayKept) {
            n++;
        }
        if (n > 1) {
            days = Arrays.copyOfRange(days, n - 1, days.length);
        }
    }

    RecentPurchaseDays copy() {
        RecentPurchaseDays c = new RecentPurchaseDays();
        c.days = days; // never mutated in place: add and forgetBefore replace the array
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentPurchaseDays r && Arrays.equals(days, r.days);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(days);
    }
}
