package io.careerstream.domain;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.churn.GammaGamma;
import io.careerstream.churn.PurchaseSummary;
import io.careerstream.churn.RegularityMixture;
import io.careerstream.churn.RepeatPurchaseModel;
import java.util.function.Supplier;

/**
 * The churn maths behind the silence levels and the career map's time-dependent features: the
 * customer's expected interval, when the current silence makes them at risk and lapsed (the exact
 * crossing times, by the churn model's P(alive) or by their own cadence), how far silence has gone
 * at a moment, and the model's figures (P(alive), expected purchases and spend). Which stage that
 * means is the career map's business.
 */
public final class ChurnMaths {

    static final long WEEK_MS = 7 * CustomerState.DAY_MS;

    private final LifecyclePolicy policy;
    private final SilencePolicy silence;
    private final Supplier<ChurnModelParameters> parameters;
    private final ReportingCurrency money;

    /** Churn maths with the cadence silence rule only (no churn model). */
    public ChurnMaths(LifecyclePolicy policy) {
        this(policy, SilencePolicy.CADENCE, () -> ChurnModelParameters.CDNOW);
    }

    /**
     * @param parameters the churn model's current parameters; asked at every evaluation, so they
     *     can be replaced while running
     */
    public ChurnMaths(LifecyclePolicy policy, SilencePolicy silence, Supplier<ChurnModelParameters> parameters) {
        this(policy, silence, parameters, ReportingCurrency.USD);
    }

    /** @param money the currency every amount of the state is kept in */
    public ChurnMaths(LifecyclePolicy policy, SilencePolicy silence, Supplier<ChurnModelParameters> parameters,
                      ReportingCurrency money) {
        this.policy = policy;
        this.silence = silence;
        this.parameters = parameters;
        this.money = money;
    }

    /** The rule that turns silence into AT_RISK and LAPSED, with its P(alive) thresholds. */
    public SilencePolicy silencePolicy() {
        return silence;
    }

    /** The currency every amount of the state is kept in. */
    public ReportingCurrency money() {
        return money;
    }

    /** Own mean interval (floored), or the policy's default for a customer without a rhythm yet. */
    public double expectedIntervalDays(CustomerState s) {
        double mean = s.meanIntervalDays();
        return Double.isNaN(mean) ? policy.defaultIntervalDays() : Math.max(policy.minIntervalDays(), mean);
    }

    /** When the current silence episode makes the customer at risk; 0 for a non-buyer. */
    public long atRiskAt(CustomerState s) {
        return silence.rule() == SilencePolicy.Rule.CADENCE ? thresholdAt(s, policy.atRiskFactor())
                : probabilityAliveFallsTo(s, silence.atRiskProbabilityAlive());
    }

    /** When the current silence episode makes the customer lapsed; 0 for a non-buyer. */
    public long lapsedAt(CustomerState s) {
        return silence.rule() == SilencePolicy.Rule.CADENCE ? thresholdAt(s, policy.lapsedFactor())
                : probabilityAliveFallsTo(s, silence.lapsedProbabilityAlive());
    }

    /**
     * When P(alive) falls below {@code threshold} if the customer stays silent: solved (in closed
     * form for MBG/NBD, by a bracketing root finder for MBG/CNBD-k and the regularity mixture, whose
     * P(alive) also only falls with silence), so the timer index can hold the exact moment. Never
     * sooner than the minimum interval after the last purchase, so nobody is "at risk" the day after
     * buying.
     */
    private long probabilityAliveFallsTo(CustomerState s, double threshold) {
        if (!s.hasPurchased()) {
            return 0;
        }
        ChurnModelParameters p = parameters.get();
        PurchaseSummary history = summary(s, s.lastPurchaseAt);
        double age = p.purchaseModel().ageWhenProbabilityAliveFallsTo(p.purchaseModelParameters(), history, threshold);
        if (Double.isInfinite(age)) {
            return Long.MAX_VALUE; // never within any horizon that matters
        }
        long crossing = s.firstPurchaseAt + Math.round(age * WEEK_MS);
        return Math.max(crossing, s.lastPurchaseAt + Math.round(policy.minIntervalDays() * CustomerState.DAY_MS));
    }

    /** The purchase model's probability that the customer is still alive at {@code now}; NaN for a non-buyer. */
    public double probabilityAlive(CustomerState s, long now) {
        if (!s.hasPurchased()) {
            return Double.NaN;
        }
        ChurnModelParameters p = parameters.get();
        return p.purchaseModel().probabilityAlive(p.purchaseModelParameters(), summary(s, now));
    }

    /**
     * The purchase model in force: MBG/NBD, MBG/CNBD-k when the fitted regularity k is above 1, or
     * the per-customer regularity mixture (MBG/CNBD-mix) when the parameters carry class weights.
     */
    public RepeatPurchaseModel model() {
        return parameters.get().purchaseModel();
    }

    /**
     * The regularity k the model judges this customer by: the model's own k, or under the
     * regularity mixture the customer's most probable class given their purchases up to the last
     * one (their own gaps; a one-time buyer keeps the population's most common class). It does not
     * move with silence, so it is a property of the customer, not of the moment.
     */
    public int regularity(CustomerState s) {
        ChurnModelParameters p = parameters.get();
        if (!p.isMixture() || !s.hasPurchased()) {
            return p.purchaseModel().regularity();
        }
        return RegularityMixture.likelyRegularity(p.purchaseModelParameters(), summary(s, s.lastPurchaseAt));
    }

    /**
     * Days the customer is past their own rhythm at {@code now}: days since the last purchase minus
     * the expected interval, 0 while not yet due; NaN for a non-buyer.
     */
    public double daysOverdue(CustomerState s, long now) {
        return s.hasPurchased() ? Math.max(0, daysSinceLastPurchase(s, now) - expectedIntervalDays(s)) : Double.NaN;
    }

    /** Expected purchase days in the {@code days} after {@code now}; NaN for a non-buyer. */
    public double expectedPurchases(CustomerState s, long now, double days) {
        return s.hasPurchased()
                ? parameters.get().purchaseModel().conditionalExpectedPurchases(parameters.get().purchaseModelParameters(),
                        summary(s, now), days / 7)
                : Double.NaN;
    }

    /**
     * Gamma-Gamma's expected spend of the customer's next purchase, major units of the reporting
     * currency; NaN for a
     * non-buyer. The customer's mean spend is taken over all purchase days, the first included (the
     * state keeps no separate first spend). Expected value = expected purchases x this.
     */
    public double expectedSpendPerPurchase(CustomerState s) {
        if (!s.hasPurchased()) {
            return Double.NaN;
        }
        double meanSpend = money.toMajor(s.totalSpendMinor) / s.purchaseDays;
        return meanSpend > 0 ? GammaGamma.conditionalExpectedSpend(parameters.get().gammaGamma(), s.purchaseDays, meanSpend) : 0;
    }

    /**
     * The model's view of the customer at {@code now}, weeks: x, t_x, T and the log-sum of the
     * intervals (the state keeps it over gaps in days: minus x log 7 for weeks; NaN when unknown).
     */
    private static PurchaseSummary summary(CustomerState s, long now) {
        int x = s.purchaseDays - 1;
        double tx = x == 0 ? 0 : (double) (s.lastPurchaseAt - s.firstPurchaseAt) / WEEK_MS;
        double age = (double) (Math.max(now, s.lastPurchaseAt) - s.firstPurchaseAt) / WEEK_MS;
        double logIntervals = x == 0 ? 0 : s.logGapSumDays() - x * LOG_7;
        return new PurchaseSummary(x, tx, Math.max(age, tx), 0, logIntervals);
    }

    private static final double LOG_7 = Math.log(7);

    private long thresholdAt(CustomerState s, double factor) {
        if (!s.hasPurchased()) {
            return 0;
        }
        return s.lastPurchaseAt + Math.round(factor * expectedIntervalDays(s) * CustomerState.DAY_MS);
    }

    /** How far silence has gone at {@code now}. */
    public AlertLevel silenceLevel(CustomerState s, long now) {
        if (!s.hasPurchased()) {
            return AlertLevel.NONE;
        }
        if (now >= lapsedAt(s)) {
            return AlertLevel.LAPSED;
        }
        return now >= atRiskAt(s) ? AlertLevel.AT_RISK : AlertLevel.NONE;
    }

    /** The rule that puts a customer at {@code level}, as an alert's record names it. */
    public String describe(AlertLevel level) {
        if (silence.rule() == SilencePolicy.Rule.CADENCE) {
            double factor = level == AlertLevel.LAPSED ? policy.lapsedFactor() : policy.atRiskFactor();
            return "silence of more than " + factor + " times the own expected interval";
        }
        double threshold = level == AlertLevel.LAPSED ? silence.lapsedProbabilityAlive() : silence.atRiskProbabilityAlive();
        return "P(alive) below " + threshold + " under " + model().name();
    }

    public double daysSinceLastPurchase(CustomerState s, long now) {
        return Math.max(0, now - s.lastPurchaseAt) / (double) CustomerState.DAY_MS;
    }

}
