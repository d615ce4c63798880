package io.careerstream.churn;

import java.time.Duration;
import java.time.Instant;

/**
 * A customer's repeat-buying history in the form the customer-base models use, time in weeks.
 *
 * @param x repeat purchase days (the first purchase does not count)
 * @param tx time from the first purchase to the last one
 * @param T time from the first purchase to the end of observation ("now")
 * @param meanRepeatSpend mean spend per repeat purchase day (0 when x = 0)
 * @param logIntervalSum sum of the logarithms of the x intervals between purchase days (weeks):
 *     what the regularity-aware MBG/CNBD-k likelihood needs beyond x, t_x and T; NaN when unknown
 *     (as from running totals), 0 when x = 0
 */
public record PurchaseSummary(int x, double tx, double T, double meanRepeatSpend, double logIntervalSum) {

    public PurchaseSummary {
        if (x < 0 || tx < 0 || T < tx || Double.isNaN(tx) || Double.isNaN(T)) {
            throw new IllegalArgumentException("Invalid purchase summary x=" + x + ", t_x=" + tx + ", T=" + T
                    + ": need x >= 0 and 0 <= t_x <= T");
        }
        if (x == 0 && tx != 0) {
            throw new IllegalArgumentException("t_x must be 0 when x = 0, was " + tx);
        }
        if (x == 0) {
            logIntervalSum = 0;
        }
    }

    /** A summary without the intervals (enough for every model's P(alive), and for fitting k = 1). */
    public PurchaseSummary(int x, double tx, double T, double meanRepeatSpend) {
        this(x, tx, T, meanRepeatSpend, Double.NaN);
    }

    public PurchaseSummary(int x, double tx, double T) {
        this(x, tx, T, 0);
    }

    /** Whether the intervals between purchases are known (needed to fit a regularity k > 1). */
    public boolean hasIntervals() {
        return !Double.isNaN(logIntervalSum);
    }

    private static final double WEEK_MS = Duration.ofDays(7).toMillis();

    /**
     * The summary at {@code end} of a customer known only by running totals (as a customer profile
     * keeps them): {@code purchaseDays} days with a purchase, the first and the last of them, and the
     * total spend. The mean spend is per purchase day with the first one included, because totals
     * keep no separate first spend (the literature's mean is over repeat purchases only). T is at
     * least t_x, so a last purchase after {@code end} does not make the summary invalid.
     *
     * @throws IllegalArgumentException when {@code purchaseDays} is below 1
     */
    public static PurchaseSummary fromTotals(int purchaseDays, Instant firstPurchase, Instant lastPurchase,
                                             double totalSpend, Instant end) {
        if (purchaseDays < 1) {
            throw new IllegalArgumentException("A customer with purchases has at least one purchase day, was " + purchaseDays);
        }
        int x = purchaseDays - 1;
        long first = firstPurchase.toEpochMilli();
        double tx = x == 0 ? 0 : (lastPurchase.toEpochMilli() - first) / WEEK_MS;
        double t = Math.max(tx, (end.toEpochMilli() - first) / WEEK_MS);
        double meanSpend = totalSpend / purchaseDays;
        return new PurchaseSummary(x, tx, t, x == 0 ? 0 : meanSpend);
    }
}
