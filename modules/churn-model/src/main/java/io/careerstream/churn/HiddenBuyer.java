package io.careerstream.churn;

import org.hipparchus.special.Gamma;

/**
 * How a simulated customer really buys and drops out: the parameters the simulation drew for them,
 * which no model sees. Knowing them, P(alive) after a silence is exact (Bayes' rule on the
 * customer's own process), so a threshold on it bounds what any model fitted from purchases alone
 * can do on the same customers: a model can at best estimate these parameters. Times in days.
 */
public sealed interface HiddenBuyer {

    /** P(still a customer at day {@code now}), given purchases {@code d[0..k]} and none since {@code d[k]}. */
    double probabilityAlive(double[] d, int k, double now);

    /**
     * Gaps between purchases Gamma-distributed (shape 1: a Poisson buyer), an exponential lifetime
     * in calendar time. The customer is alive at a purchase; the silence s since then is
     * <ul>
     *   <li>alive and silent: the lifetime outlasts s (e^−μs, memoryless) and so does the gap (Q(κ, βs));
     *   <li>silent at all: the gap outlasts s, or it ends within s after the lifetime did:
     *       1 − ∫₀ˢ f(g) e^−μg dg = 1 − (β/(β+μ))^κ P(κ, (β+μ)s), the integral of a Gamma density
     *       times an exponential being a Gamma density of rate β + μ, scaled,
     * </ul>
     * with κ the shape, β = κ / mean gap, μ = 1 / mean lifetime, P and Q the regularized incomplete
     * gamma functions. P(alive) is the ratio; for κ = 1 it is Pareto/NBD's individual
     * 1 / (1 + μ/(λ+μ) (e^((λ+μ)s) − 1)).
     */
    record RenewalBuyer(double gapShape, double meanGapDays, double meanLifetimeDays) implements HiddenBuyer {
        @Override
        public double probabilityAlive(double[] d, int k, double now) {
            double s = Math.max(0, now - d[k]);
            double beta = gapShape / meanGapDays;
            double mu = 1 / meanLifetimeDays;
            double aliveAndSilent = Math.exp(-mu * s) * Gamma.regularizedGammaQ(gapShape, beta * s);
            double silent = 1 - Math.pow(beta / (beta + mu), gapShape) * Gamma.regularizedGammaP(gapShape, (beta + mu) * s);
            return aliveAndSilent / silent;
        }
    }

    /**
     * Poisson purchasing at {@code ratePerDay}; gone right after a repeat purchase with probability
     * {@code dropOut} (BG/NBD's story), so never before the first repeat purchase.
     */
    record DropAfterPurchase(double ratePerDay, double dropOut) implements HiddenBuyer {
        @Override
        public double probabilityAlive(double[] d, int k, double now) {
            if (k == 0) {
                return 1;
            }
            double stayedAndSilent = (1 - dropOut) * Math.exp(-ratePerDay * Math.max(0, now - d[k]));
            return stayedAndSilent / (stayedAndSilent + dropOut);
        }
    }
}
