package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.hipparchus.exception.MathIllegalStateException;

/**
 * Pareto/NBD (Schmittlein, Morrison and Colombo 1987): while alive, purchases are Poisson with
 * rate lambda ~ Gamma(r, alpha); lifetimes are exponential with rate mu ~ Gamma(s, beta), in
 * calendar time (a customer may drop out at any moment, not only right after a purchase).
 * Parameters r, alpha, s, beta (weeks).
 *
 * <p>The likelihood's hard part is usually written with Gauss's hypergeometric function
 * 2F1(r+s+x, s+1; r+s+x+1; |alpha-beta| / (max(alpha, beta) + t)), whose argument comes close to 1
 * for young customers, where its power series needs millions of terms and loses accuracy. The
 * same quantity is the integral over the moment of dropping out y in [t_x, T] of
 * (alpha + y)^-(r+x) (beta + y)^-(s+1): a smooth, positive, decreasing integrand on a finite
 * interval, which Hipparchus' adaptive Gauss-Legendre integrator evaluates to any accuracy. So
 * the 2F1 is never formed; we write only the integrand (scaled to 1 at t_x, so that large x
 * neither underflows nor loses relative precision).
 */
public final class ParetoNbd implements RepeatPurchaseModel {

    public static final ParetoNbd INSTANCE = new ParetoNbd();

    private static final double RELATIVE_ACCURACY = 1e-13;
    private static final int MAX_EVALUATIONS = 100_000;

    private ParetoNbd() {
    }

    @Override
    public String name() {
        return "Pareto/NBD";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("r", "alpha", "s", "beta");
    }

    @Override
    public double logLikelihood(double[] p, PurchaseSummary c) {
        double r = p[0], alpha = p[1], s = p[2], beta = p[3];
        int x = c.x();
        double common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
        double aliveAtT = -(r + x) * Math.log(alpha + c.T()) - s * Math.log(beta + c.T());
        double goneBefore = Math.log(s) + logDropOutIntegral(p, x, c.tx(), c.T());
        return common + LogSpace.logSumExp(aliveAtT, goneBefore);
    }

    /**
     * log of the integral over y in [t_x, T] of (alpha + y)^-(r+x) (beta + y)^-(s+1): the
     * likelihood of having dropped out at some y after the last purchase, up to the common factor.
     * Equal to 2F1(...) differences / (r+s+x) in BTYD's closed form. -infinity when T = t_x.
     */
    static double logDropOutIntegral(double[] p, int x, double tx, double T) {
        if (!(T > tx)) {
            return Double.NEGATIVE_INFINITY;
        }
        double r = p[0], alpha = p[1], s = p[2], beta = p[3];
        double m = r + x;
        double n = s + 1;
        double logAtTx = -m * Math.log(alpha + tx) - n * Math.log(beta + tx);
        IterativeLegendreGaussIntegrator integrator =
                new IterativeLegendreGaussIntegrator(16, RELATIVE_ACCURACY, 0, 2, 64);
        try {
            double integral = integrator.integrate(MAX_EVALUATIONS,
                    y -> Math.exp(-m * Math.log1p((y - tx) / (alpha + tx)) - n * Math.log1p((y - tx) / (beta + tx))), tx, T);
            return logAtTx + Math.log(integral);
        } catch (MathIllegalStateException notConverged) {
            // Only at absurd parameters an optimiser may try (a needle-thin integrand): no value there.
            return Double.NaN;
        }
    }

    @Override
    public ToDoubleFunction<double[]> totalLogLikelihood(CustomerGroups customers) {
        return new GroupedParetoNbdLikelihood(customers);
    }

    @Override
    public double probabilityAlive(double[] p, PurchaseSummary c) {
        double r = p[0], alpha = p[1], s = p[2], beta = p[3];
        int x = c.x();
        double logOdds = Math.log(s) + (r + x) * Math.log(alpha + c.T()) + s * Math.log(beta + c.T())
                + logDropOutIntegral(p, x, c.tx(), c.T());
        return 1 / (1 + Math.exp(logOdds));
    }

    @Override
    public double conditionalExpectedPurchases(double[] p, PurchaseSummary c, double t) {
        double r = p[0], alpha = p[1], s = p[2], beta = p[3];
        double ratePerWeek = (r + c.x()) / (alpha + c.T());
        return ratePerWeek * expectedLifetimeWithin(s, beta + c.T(), t) * probabilityAlive(p, c);
    }

    @Override
    public double expectedPurchases(double[] p, double t) {
        double r = p[0], alpha = p[1], s = p[2], beta = p[3];
        return r / alpha * expectedLifetimeWithin(s, beta, t);
    }

    /** E[min(lifetime, t)] for a lifetime Exponential(mu), mu ~ Gamma(s, scale): (the s = 1 case is its limit). */
    private static double expectedLifetimeWithin(double s, double scale, double t) {
        if (Math.abs(s - 1) < 1e-9) {
            return scale * Math.log1p(t / scale);
        }
        return scale / (s - 1) * (1 - Math.exp((s - 1) * (Math.log(scale) - Math.log(scale + t))));
    }
}
