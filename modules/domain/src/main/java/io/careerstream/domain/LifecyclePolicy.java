package io.careerstream.domain;

/**
 * The thresholds of the cadence silence rule and the expected interval. "Overdue" is measured against each customer's
 * own rhythm: silence longer than {@code atRiskFactor} times their expected interval makes them
 * at-risk, longer than {@code lapsedFactor} times makes them lapsed.
 *
 * @param atRiskFactor silence, in expected intervals, after which a buyer is at risk
 * @param lapsedFactor silence, in expected intervals, after which a buyer has lapsed
 * @param defaultIntervalDays expected interval of a one-time buyer, who has no rhythm of their own yet
 * @param minIntervalDays floor on the own interval, so a burst of purchases in one week does not
 *     make a customer "overdue" a few days later
 */
public record LifecyclePolicy(double atRiskFactor, double lapsedFactor, double defaultIntervalDays,
                              double minIntervalDays) {

    public static final LifecyclePolicy DEFAULT = new LifecyclePolicy(2.0, 4.0, 90.0, 7.0);

    public LifecyclePolicy {
        requirePositive("atRiskFactor", atRiskFactor);
        requirePositive("defaultIntervalDays", defaultIntervalDays);
        requirePositive("minIntervalDays", minIntervalDays);
        if (!(lapsedFactor > atRiskFactor)) {
            throw new IllegalArgumentException(
                    "lapsedFactor (" + lapsedFactor + ") must be greater than atRiskFactor (" + atRiskFactor + ")");
        }
    }

    private static void requirePositive(String name, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a positive number, was " + value);
        }
    }
}
