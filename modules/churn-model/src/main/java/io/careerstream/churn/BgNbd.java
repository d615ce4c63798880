package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * BG/NBD (Fader, Hardie and Lee 2005, "Counting Your Customers the Easy Way"): purchase rates
 * Gamma(r, alpha) across customers; after each repeat purchase a customer drops out with
 * probability p ~ Beta(a, b). Computed in log space so that large x does not overflow.
 * Parameters: r, alpha, a, b.
 */
public final class BgNbd implements RepeatPurchaseModel {

    public static final BgNbd INSTANCE = new BgNbd();

    private BgNbd() {
    }

    @Override
    public String name() {
        return "BG/NBD";
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
        double a2 = logGamma(a + b) + logGamma(b + x) - logGamma(b) - logGamma(a + b + x);
        double a3 = -(r + x) * Math.log(alpha + c.T());
        if (x == 0) {
            return a1 + a2 + a3;
        }
        double a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + c.tx());
        return a1 + a2 + LogSpace.logSumExp(a3, a4);
    }

    @Override
    public ToDoubleFunction<double[]> totalLogLikelihood(CustomerGroups customers) {
        return new GroupedBgNbdLikelihood(customers);
    }

    @Override
    public double probabilityAlive(double[] p, PurchaseSummary c) {
        if (c.x() == 0) {
            return 1.0; // BG/NBD's known blind spot: a one-time buyer can never have dropped out
        }
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        int x = c.x();
        double logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + c.T()) - Math.log(alpha + c.tx()));
        return 1 / (1 + Math.exp(logOdds));
    }

    @Override
    public double conditionalExpectedPurchases(double[] p, PurchaseSummary c, double t) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        int x = c.x();
        double z = t / (alpha + c.T() + t);
        double first = (a + b + x - 1) / (a - 1);
        double second = 1 - Math.pow((alpha + c.T()) / (alpha + c.T() + t), r + x) * Hypergeometric.f21(r + x, b + x, a + b + x - 1, z);
        double denominator = x == 0 ? 1
                : 1 + a / (b + x - 1) * Math.exp((r + x) * (Math.log(alpha + c.T()) - Math.log(alpha + c.tx())));
        return first * second / denominator;
    }

    @Override
    public double expectedPurchases(double[] p, double t) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        return (a + b - 1) / (a - 1)
                * (1 - Math.pow(alpha / (alpha + t), r) * Hypergeometric.f21(r, b, a + b - 1, t / (alpha + t)));
    }
}
