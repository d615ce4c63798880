package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * MBG/NBD (Batislam, Denizel and Filiztekin 2007): as BG/NBD, but a customer may also drop out
 * right after the first purchase, so a one-time buyer's P(alive) falls with silence, which is
 * what churn alerts need. Parameters: r, alpha, a, b.
 */
public final class MbgNbd implements RepeatPurchaseModel {

    public static final MbgNbd INSTANCE = new MbgNbd();

    private MbgNbd() {
    }

    @Override
    public String name() {
        return "MBG/NBD";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("r", "alpha", "a", "b");
    }

    @Override
    public double logLikelihood(double[] p, PurchaseSummary c) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        int x = c.x();
        double a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
        double a2 = logGamma(a + b) + logGamma(b + x + 1) - logGamma(b) - logGamma(a + b + x + 1);
        double a3 = -(r + x) * Math.log(alpha + c.T());
        double a4 = Math.log(a) - Math.log(b + x) - (r + x) * Math.log(alpha + c.tx());
        return a1 + a2 + LogSpace.logSumExp(a3, a4);
    }

    @Override
    public ToDoubleFunction<double[]> totalLogLikelihood(CustomerGroups customers) {
        return new GroupedMbgCnbdLikelihood(customers, 1);
    }

    @Override
    public double probabilityAlive(double[] p, PurchaseSummary c) {
        return 1 / (1 + Math.exp(logOddsDead(p, c.x(), c.tx(), c.T())));
    }

    /** log of P(dead)/P(alive) for a history; increases with T while the customer stays silent. */
    static double logOddsDead(double[] p, int x, double tx, double T) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        return Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
    }

    /**
     * The age T (weeks since the first purchase) at which P(alive) falls to {@code threshold},
     * solved in closed form; never earlier than {@code tx}.
     */
    @Override
    public double ageWhenProbabilityAliveFallsTo(double[] p, int x, double tx, double threshold) {
        if (!(threshold > 0 && threshold < 1)) {
            throw new IllegalArgumentException("P(alive) threshold must be in (0, 1), was " + threshold);
        }
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        // 1/(1+odds) = threshold  <=>  log odds = log(1/threshold - 1)
        double target = Math.log(1 / threshold - 1) - Math.log(a) + Math.log(b + x);
        double logRatio = target / (r + x);
        return Math.max(tx, (alpha + tx) * Math.exp(logRatio) - alpha);
    }

    @Override
    public double ageWhenProbabilityAliveFallsTo(double[] p, PurchaseSummary history, double threshold) {
        return ageWhenProbabilityAliveFallsTo(p, history.x(), history.tx(), threshold);
    }

    @Override
    public double conditionalExpectedPurchases(double[] p, PurchaseSummary c, double t) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        int x = c.x();
        double z = t / (alpha + c.T() + t);
        double first = (a + b + x) / (a - 1);
        double second = 1 - Math.pow((alpha + c.T()) / (alpha + c.T() + t), r + x) * Hypergeometric.f21(r + x, b + x + 1, a + b + x, z);
        double denominator = 1 + a / (b + x) * Math.exp((r + x) * (Math.log(alpha + c.T()) - Math.log(alpha + c.tx())));
        return first * second / denominator;
    }

    @Override
    public double expectedPurchases(double[] p, double t) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        return b / (a - 1) * (1 - Math.pow(alpha / (alpha + t), r) * Hypergeometric.f21(r, b + 1, a + b, t / (alpha + t)));
    }
}
