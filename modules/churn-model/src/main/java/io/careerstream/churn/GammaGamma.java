package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Gamma-Gamma spend model (Fader and Hardie 2013): each customer's transaction values are Gamma(p,
 * nu) with nu ~ Gamma(q, gamma) across customers. Fitted on customers with x > 0 and their mean
 * repeat spend. Parameters: p, q, gamma.
 */
public final class GammaGamma {

    public static final List<String> PARAMETER_NAMES = List.of("p", "q", "gamma");

    private GammaGamma() {
    }

    /** Log-likelihood of one customer's mean spend over x transactions (x must be positive). */
    public static double logLikelihood(double[] params, int x, double meanSpend) {
        double p = params[0], q = params[1], v = params[2];
        double px = p * x;
        return logGamma(px + q) - logGamma(px) - logGamma(q) + q * Math.log(v) + (px - 1) * Math.log(meanSpend)
                + px * Math.log(x) - (px + q) * Math.log(x * meanSpend + v);
    }

    /**
     * The total log-likelihood of the repeat buyers among {@code customers} as a function of the
     * parameters, for a fit: {@link #totalLogLikelihood(double[], List)} to rounding, each distinct
     * (x, mean spend) taken once and the sum spread over the cores.
     */
    public static ToDoubleFunction<double[]> totalLogLikelihood(CustomerGroups customers) {
        return new GroupedGammaGammaLikelihood(customers);
    }

    public static double totalLogLikelihood(double[] params, List<PurchaseSummary> customers) {
        double sum = 0;
        for (PurchaseSummary c : customers) {
            if (c.x() > 0 && c.meanRepeatSpend() > 0) {
                sum += logLikelihood(params, c.x(), c.meanRepeatSpend());
            }
        }
        return sum;
    }

    /** Expected spend per future transaction, given x transactions averaging {@code meanSpend}. */
    public static double conditionalExpectedSpend(double[] params, int x, double meanSpend) {
        double p = params[0], q = params[1], v = params[2];
        return p * (v + x * meanSpend) / (p * x + q - 1);
    }
}
