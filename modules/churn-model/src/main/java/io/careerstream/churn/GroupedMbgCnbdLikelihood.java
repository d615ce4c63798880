package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.function.ToDoubleFunction;

/**
 * MBG/CNBD-k's total log-likelihood (MBG/NBD's for k = 1) over grouped customers: the same sum as
 * {@link MbgCnbd#logLikelihood} customer by customer, to rounding. What depends on x alone (the
 * log-gammas) is taken once per distinct x, log(alpha + t) once per distinct time, and the part that
 * does not depend on the parameters at all (the intervals' factor) once per fit.
 */
final class GroupedMbgCnbdLikelihood implements ToDoubleFunction<double[]> {

    private final CustomerGroups groups;
    private final int k;
    private final double constant;

    GroupedMbgCnbdLikelihood(CustomerGroups groups, int k) {
        this.groups = groups;
        this.k = k;
        this.constant = groups.regularityConstant(k);
    }

    @Override
    public double applyAsDouble(double[] p) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        int[] xs = groups.xValues;
        double[] common = new double[xs.length];
        double[] dead = new double[xs.length];
        double shared = -logGamma(r) + r * Math.log(alpha) + logGamma(a + b) - logGamma(b);
        for (int j = 0; j < xs.length; j++) {
            int x = xs[j];
            common[j] = logGamma(r + (double) k * x) + shared + logGamma(b + x + 1) - logGamma(a + b + x + 1);
            dead[j] = Math.log(a) - Math.log(b + x);
        }
        double[] times = groups.times;
        double[] logAlphaPlus = new double[times.length];
        double[] inverseAlphaPlus = new double[times.length];
        for (int t = 0; t < times.length; t++) {
            logAlphaPlus[t] = Math.log(alpha + times[t]);
            inverseAlphaPlus[t] = 1 / (alpha + times[t]);
        }
        return constant + ParallelSum.over(groups.groups(), (from, to) -> {
            double sum = 0;
            for (int g = from; g < to; g++) {
                int j = groups.xIndex[g];
                double shape = r + (double) k * xs[j];
                double alive = -shape * logAlphaPlus[groups.tIndex[g]];
                if (k > 1) {
                    int T = groups.tIndex[g];
                    alive += Math.log(MbgCnbd.aliveSum(k, shape, (times[T] - times[groups.txIndex[g]]) * inverseAlphaPlus[T]));
                }
                double gone = dead[j] - shape * logAlphaPlus[groups.txIndex[g]];
                sum += groups.count[g] * (common[j] + LogSpace.add(alive, gone));
            }
            return sum;
        });
    }
}
