package io.careerstream.domain;

import java.util.Arrays;

/**
 * The customer's purchase days (UTC epoch days, ascending) that a touchpoint within the late grace
 * period could still fall on. With them a late purchase on a day already counted is not counted
 * again, so the number of purchase days does not depend on the order purchases arrive in (within
 * the grace period). Older days are forgotten: a purchase that far back is late and not applied.
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

    /** Forgets the days before {@code firstDayKept}. */
    void forgetBefore(long firstDayKept) {
        int n = 0;
        while (n < days.length && days[n] < firstDayKept) {
            n++;
        }
        if (n > 0) {
            days = Arrays.copyOfRange(days, n, days.length);
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
