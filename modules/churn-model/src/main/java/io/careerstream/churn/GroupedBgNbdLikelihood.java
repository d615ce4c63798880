package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.function.ToDoubleFunction;

/**
 * BG/NBD's total log-likelihood over grouped customers: the same sum as {@link BgNbd#logLikelihood}
 * customer by customer, to rounding, with the log-gammas once per distinct x and log(alpha + t) once
 * per distinct time.
 */
final class GroupedBgNbdLikelihood implements ToDoubleFunction<double[]> {

    private final CustomerGroups groups;

    GroupedBgNbdLikelihood(CustomerGroups groups) {
        this.groups = groups;
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
            common[j] = logGamma(r + x) + shared + logGamma(b + x) - logGamma(a + b + x);
            // Only repeat buyers can have dropped out (BG/NBD's customers leave right after a repeat purchase).
            dead[j] = x == 0 ? Double.NEGATIVE_INFINITY : Math.log(a) - Math.log(b + x - 1);
        }
        double[] times = groups.times;
        double[] logAlphaPlus = new double[times.length];
        for (int t = 0; t < times.length; t++) {
            logAlphaPlus[t] = Math.log(alpha + times[t]);
        }
        return ParallelSum.over(groups.groups(), (from, to) -> {
            double sum = 0;
            for (int g = from; g < to; g++) {
                int j = groups.xIndex[g];
                double shape = r + xs[j];
                double alive = -shape * logAlphaPlus[groups.tIndex[g]];
                double term = xs[j] == 0 ? alive : LogSpace.add(alive, dead[j] - shape * logAlphaPlus[groups.txIndex[g]]);
                sum += groups.count[g] * (common[j] + term);
            }
            return sum;
        });
    }
}
