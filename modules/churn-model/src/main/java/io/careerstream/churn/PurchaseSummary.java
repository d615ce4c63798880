package io.careerstream.churn;

/**
 * A customer's repeat-buying history in the form the customer-base models use, time in weeks.
 *
 * @param x repeat purchase days (the first purchase does not count)
 * @param tx time from the first purchase to the last one
 * @param T time from the first purchase to the end of observation ("now")
 * @param meanRepeatSpend mean spend per repeat purchase day (0 when x = 0)
 */
public record PurchaseSummary(int x, double tx, double T, double meanRepeatSpend) {

    public PurchaseSummary {
        if (x < 0 || tx < 0 || T < tx || Double.isNaN(tx) || Double.isNaN(T)) {
            throw new IllegalArgumentException("Invalid purchase summary x=" + x + ", t_x=" + tx + ", T=" + T
                    + ": need x >= 0 and 0 <= t_x <= T");
        }
        if (x == 0 && tx != 0) {
            throw new IllegalArgumentException("t_x must be 0 when x = 0, was " + tx);
        }
    }

    public PurchaseSummary(int x, double tx, double T) {
        this(x, tx, T, 0);
    }
}
