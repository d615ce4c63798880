package io.careerstream.domain;

/**
 * Which rule turns silence into AT_RISK and LAPSED.
 *
 * @param rule PROBABILITY_ALIVE (default): thresholds on MBG/NBD's P(alive), with the cadence
 *     figures as evidence; CADENCE: silence longer than k times the customer's own interval
 * @param atRiskProbabilityAlive at risk once P(alive) falls below this
 * @param lapsedProbabilityAlive lapsed once P(alive) falls below this
 */
public record SilencePolicy(Rule rule, double atRiskProbabilityAlive, double lapsedProbabilityAlive) {

    /** The available silence rules. */
    public enum Rule { PROBABILITY_ALIVE, CADENCE }

    /**
     * Chosen from {@code model evaluate}'s table (docs/churn-model.md), the same on two seeds: the
     * earliest AT_RISK level with F1 at least 0.85, the earliest LAPSED level with precision at
     * least 0.95.
     */
    public static final SilencePolicy DEFAULT = new SilencePolicy(Rule.PROBABILITY_ALIVE, 0.2, 0.05);
    public static final SilencePolicy CADENCE = new SilencePolicy(Rule.CADENCE, 0.2, 0.05);

    public SilencePolicy {
        if (!(lapsedProbabilityAlive > 0 && lapsedProbabilityAlive < atRiskProbabilityAlive && atRiskProbabilityAlive < 1)) {
            throw new IllegalArgumentException("P(alive) thresholds must satisfy 0 < lapsed (" + lapsedProbabilityAlive
                    + ") < at risk (" + atRiskProbabilityAlive + ") < 1");
        }
    }
}
