package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.function.ToDoubleFunction;

/**
 * Gamma-Gamma's total log-likelihood over the repeat buyers with a positive mean spend, grouped by
 * (x, mean spend): the same sum as {@link GammaGamma#totalLogLikelihood}, to rounding, with the
 * log-gammas once per distinct x.
 */
final class GroupedGammaGammaLikelihood implements ToDoubleFunction<double[]> {

    private final CustomerGroups groups;

    GroupedGammaGammaLikelihood(CustomerGroups groups) {
        this.groups = groups;
    }

    @Override
    public double applyAsDouble(double[] params) {
        double p = params[0], q = params[1], v = params[2];
        int[] xs = groups.spendXValues;
        double[] byX = new double[xs.length];
        double shared = -logGamma(q) + q * Math.log(v);
        for (int j = 0; j < xs.length; j++) {
            double px = p * xs[j];
            byX[j] = logGamma(px + q) - logGamma(px) + shared + px * Math.log(xs[j]);
        }
        return ParallelSum.over(groups.spendCount.length, (from, to) -> {
            double sum = 0;
            for (int s = from; s < to; s++) {
                int j = groups.spendXIndex[s];
                int x = xs[j];
                double px = p * x;
                double m = groups.spendMean[s];
                sum += groups.spendCount[s] * (byX[j] + (px - 1) * groups.spendLogMean[s] - (px + q) * Math.log(x * m + v));
            }
            return sum;
        });
    }
}
