package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * MBG/CNBD-k (Platzer and Reutterer 2016, "Ticking away the moments: timing regularity helps to
 * better predict customer activity"; R's BTYDplus {@code mbgcnbd}): MBG/NBD with Erlang-k instead
 * of exponential intervals between purchases. With k = 1 it is MBG/NBD; with k &gt; 1 a customer
 * buys in a rhythm, so a silence several times their usual gap says much more about having
 * dropped out than it does for a Poisson buyer. Parameters r, alpha, a, b (weeks); k is fixed per
 * instance and chosen by {@link #fit} as the one with the best likelihood.
 *
 * <p>While alive, intervals are Erlang(k, lambda), lambda ~ Gamma(r, alpha) across customers
 * (mean interval k / lambda); at each purchase, the first included, the customer drops out with
 * probability p ~ Beta(a, b).
 */
public final class MbgCnbd implements RepeatPurchaseModel {

    /** The largest regularity tried when estimating k (BTYDplus tries up to 12; CDNOW-like data stop at 1). */
    public static final int MAX_K = 10;

    private final int k;

    private MbgCnbd(int k) {
        this.k = k;
    }

    /** The model with regularity {@code k} (1 = Poisson purchasing, as MBG/NBD). */
    public static MbgCnbd of(int k) {
        if (k < 1 || k > 100) {
            throw new IllegalArgumentException("MBG/CNBD-k needs an integer k in 1..100, was " + k);
        }
        return new MbgCnbd(k);
    }

    public int k() {
        return k;
    }

    @Override
    public String name() {
        return "MBG/CNBD-" + k;
    }

    @Override
    public List<String> parameterNames() {
        return List.of("r", "alpha", "a", "b");
    }

    @Override
    public int regularity() {
        return k;
    }

    /**
     * Written so that with k = 1 every operation is MBG/NBD's, in the same order: the two give the
     * same double, which the tests check exactly.
     */
    @Override
    public double logLikelihood(double[] p, PurchaseSummary c) {
        double[] terms = logTerms(p, c);
        return terms[0] + LogSpace.logSumExp(terms[1], terms[2]);
    }

    /**
     * The likelihood as {common, alive, dead} logarithms: L = exp(common) (exp(alive) + exp(dead)),
     * "alive" the history with the customer still a customer at T, "dead" with them gone right
     * after the last purchase.
     */
    double[] logTerms(double[] p, PurchaseSummary c) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        int x = c.x();
        double shape = r + (double) k * x;
        double a1 = logGamma(shape) - logGamma(r) + r * Math.log(alpha);
        double a2 = logGamma(a + b) + logGamma(b + x + 1) - logGamma(b) - logGamma(a + b + x + 1);
        double a3 = -shape * Math.log(alpha + c.T()) + Math.log(aliveSum(k, shape, alpha, c.tx(), c.T()));
        double a4 = Math.log(a) - Math.log(b + x) - shape * Math.log(alpha + c.tx());
        double common = a1 + a2;
        if (k > 1 && x > 0) {
            common += c.hasIntervals()
                    // The Erlang densities' factor that does not involve lambda: prod t_i^(k-1) / (k-1)!^x.
                    ? (k - 1) * c.logIntervalSum() - x * logGamma(k)
                    : unknownIntervalsFactor(k, x, c.tx());
        }
        return new double[] {common, a3, a4};
    }

    /**
     * The same factor when only the intervals' total t_x is known (a customer whose state predates
     * the log-interval sum): the density of the x-th purchase at t_x, an Erlang(kx) density, whose
     * lambda-free part is t_x^(kx-1) / (kx-1)!, taken relative to k = 1's t_x^(x-1) / (x-1)! so that
     * k = 1 stays MBG/NBD's likelihood. With x = 1 it is the known-interval factor.
     */
    static double unknownIntervalsFactor(int k, int x, double tx) {
        return (double) (k - 1) * x * Math.log(tx) - logGamma((double) k * x) + logGamma(x);
    }

    /**
     * Sum over j &lt; k of (shape)_j / j! * ((T - t_x) / (alpha + T))^j: the chance that the
     * interval running since the last purchase has not ended yet, relative to its j = 0 term. It is
     * 1 for k = 1.
     */
    static double aliveSum(int k, double shape, double alpha, double tx, double T) {
        double u = (T - tx) / (alpha + T);
        double term = 1;
        double sum = 1;
        for (int j = 1; j < k; j++) {
            term *= (shape + j - 1) / j * u;
            sum += term;
        }
        return sum;
    }

    private static final double[] INVERSE = new double[101];

    static {
        for (int j = 1; j < INVERSE.length; j++) {
            INVERSE[j] = 1.0 / j;
        }
    }

    /**
     * {@link #aliveSum} for a given u = (T - t_x) / (alpha + T), multiplying by 1/j from a table where it
     * divides by j (equal to rounding): for the grouped likelihoods, which take it for every history and
     * evaluation, where the divisions cost more than the rest.
     */
    static double aliveSum(int k, double shape, double u) {
        double term = 1;
        double sum = 1;
        for (int j = 1; j < k; j++) {
            term *= (shape + j - 1) * INVERSE[j] * u;
            sum += term;
        }
        return sum;
    }

    @Override
    public ToDoubleFunction<double[]> totalLogLikelihood(CustomerGroups customers) {
        return new GroupedMbgCnbdLikelihood(customers, k);
    }

    @Override
    public double probabilityAlive(double[] p, PurchaseSummary c) {
        return 1 / (1 + Math.exp(logOddsDead(p, c.x(), c.tx(), c.T())));
    }

    /** log of P(dead)/P(alive); increases with T while the customer stays silent. */
    double logOddsDead(double[] p, int x, double tx, double T) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        double shape = r + (double) k * x;
        return Math.log(a) - Math.log(b + x) + shape * (Math.log(alpha + T) - Math.log(alpha + tx))
                - Math.log(aliveSum(k, shape, alpha, tx, T));
    }

    /**
     * Approximate for k &gt; 1, as BTYDplus' is: the MBG/NBD expectation with the long-run purchase
     * rate lambda / k (Gamma(r + kx, k (alpha + T)) given the history), times this model's
     * P(alive). Exact for k = 1. The exact expectation needs the phase of the running interval,
     * which an Erlang renewal process makes an infinite sum; the approximation errs by less than
     * one purchase's worth over any horizon.
     */
    @Override
    public double conditionalExpectedPurchases(double[] p, PurchaseSummary c, double t) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        int x = c.x();
        double shape = r + (double) k * x;
        double scale = k * (alpha + c.T());
        double whileAlive = (a + b + x) / (a - 1)
                * (1 - Math.pow(scale / (scale + t), shape) * Hypergeometric.f21(shape, b + x + 1, a + b + x, t / (scale + t)));
        return whileAlive * probabilityAlive(p, c);
    }

    /** A new customer's expected repeat purchases: MBG/NBD's with the purchase rate lambda / k. */
    @Override
    public double expectedPurchases(double[] p, double t) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        double scale = k * alpha;
        return b / (a - 1) * (1 - Math.pow(scale / (scale + t), r) * Hypergeometric.f21(r, b + 1, a + b, t / (scale + t)));
    }

    /** One fit per k: the chosen one and the log-likelihood of every k tried. */
    public record RegularityFit(MbgCnbd model, MaximumLikelihood.Fit fit, double[] logLikelihoodByK) {
    }

    /**
     * Fits r, alpha, a, b for k = 1, 2, ... and keeps the k with the best likelihood. The
     * likelihood is unimodal in k in practice (as BTYDplus also assumes), so the search stops at
     * the first k that does worse than the one before, or at {@link #MAX_K}. Without intervals only
     * k = 1 can be fitted.
     */
    public static RegularityFit fit(List<PurchaseSummary> customers) {
        return fit(CustomerGroups.of(customers), null);
    }

    /**
     * As {@link #fit(List)}, with {@code mbgNbd} MBG/NBD's fit on the same customers from the usual start
     * when there is one: MBG/CNBD-1 is MBG/NBD, the same likelihood to the last digit, so its fit is that one.
     */
    public static RegularityFit fit(CustomerGroups customers, MaximumLikelihood.Fit mbgNbd) {
        int maxK = customers.allIntervalsKnown() ? MAX_K : 1;
        double[] lls = new double[maxK];
        java.util.Arrays.fill(lls, Double.NaN);
        MbgCnbd best = null;
        MaximumLikelihood.Fit bestFit = null;
        double[] start = {1, 3, 1, 3};
        for (int kk = 1; kk <= maxK; kk++) {
            MbgCnbd model = of(kk);
            // Each k starts where the previous ended with alpha scaled by k, which keeps the mean
            // interval; that saves most of the simplex work.
            double[] from = bestFit == null ? start : new double[] {bestFit.parameters()[0],
                    bestFit.parameters()[1] * kk / (kk - 1), bestFit.parameters()[2], bestFit.parameters()[3]};
            MaximumLikelihood.Fit fit = kk == 1 && mbgNbd != null ? mbgNbd
                    : WarmStartedFit.fit(model.parameterNames(), from, model::totalLogLikelihood, customers);
            lls[kk - 1] = fit.logLikelihood();
            if (bestFit != null && fit.logLikelihood() <= bestFit.logLikelihood()) {
                break;
            }
            best = model;
            bestFit = fit;
        }
        return new RegularityFit(best, bestFit, lls);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MbgCnbd other && other.k == k;
    }

    @Override
    public int hashCode() {
        return k;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MBG/CNBD-%d", k);
    }
}
