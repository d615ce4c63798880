package io.careerstream.domain;

/**
 * Keeps {@link CustomerState#logGapSum}, the sum of the logarithms of the gaps between consecutive
 * purchase days: the one statistic of a customer's own rhythm that the per-customer regularity
 * (the regularity mixture of MBG/CNBD-k, whose Erlang likelihood reads the intervals only through
 * it) needs beyond x, t_x and T.
 *
 * <p>Why fixed point: a late purchase day splits a gap already counted (its log is taken out, the
 * two new ones put in). With each gap's logarithm rounded to 1/{@link #SCALE} on its own and
 * summed as a long, the sum is the same to the last unit whatever the order purchases arrived in;
 * a double would differ in its last bits. Gaps are whole days (purchase days are UTC days), at least
 * one, so every term is at least 0. The rounding, at most 5e-7 per gap, moves a crossing time by
 * seconds (1/10,000 moved it by minutes: the highest class multiplies the sum by 15), for about
 * one byte more than that would cost.
 */
final class PurchaseGaps {

    /** Units per neper (the state's, which decodes the sum). */
    static final long SCALE = CustomerState.LOG_GAP_SCALE;
    /** The sum is unknown: a state from before it was kept, with three or more purchase days. */
    static final long UNKNOWN = CustomerState.LOG_GAP_UNKNOWN;

    private PurchaseGaps() {
    }

    /** log(gap days) in units of 1/{@link #SCALE}. */
    static long log(long gapDays) {
        return Math.round(Math.log(gapDays) * SCALE);
    }

    /**
     * Adds the purchase day {@code day}, not counted before, to {@code s}'s sum. Called before the
     * day changes the first and last purchase or joins {@link CustomerState#recentPurchaseDays}; a
     * customer without purchases starts at 0.
     *
     * <p>A day after the last or before the first adds one gap. A day between them splits the gap
     * between its neighbours, which the recent purchase days know (they hold every purchase day from
     * their first on, the latest before the grace period included); a day before all of them, which
     * only a grace period raised since could let in, has neighbours nobody remembers: the sum is
     * then unknown.
     */
    static void addDay(CustomerState s, long day) {
        if (s.purchaseDays == 0) {
            s.logGapSum = 0;
            return;
        }
        if (s.logGapSum == UNKNOWN) {
            return;
        }
        long firstDay = Math.floorDiv(s.firstPurchaseAt, CustomerState.DAY_MS);
        long lastDay = Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS);
        if (day > lastDay) {
            s.logGapSum += log(day - lastDay);
        } else if (day < firstDay) {
            s.logGapSum += log(firstDay - day);
        } else {
            RecentPurchaseDays known = s.recentPurchaseDays;
            long before = known.before(day);
            long after = known.after(day);
            if (known.size() == 0 || day < known.first() || before == Long.MIN_VALUE || after == Long.MAX_VALUE) {
                s.logGapSum = UNKNOWN;
                return;
            }
            s.logGapSum += log(day - before) + log(after - day) - log(after - before);
        }
    }

}
