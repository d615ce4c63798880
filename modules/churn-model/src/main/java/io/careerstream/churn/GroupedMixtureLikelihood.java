package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.function.ToDoubleFunction;

/**
 * The regularity mixture's total log-likelihood over grouped customers: the same sum as
 * {@link RegularityMixture#logLikelihood} customer by customer, to rounding. Each class's term for a
 * group's (x, t_x, T) is taken once per group; only the class weighting by the customer's own
 * intervals ((k - 1) times their log-sum) is left per customer, five exponentials and a logarithm.
 */
final class GroupedMixtureLikelihood implements ToDoubleFunction<double[]> {

    private static final int[] CLASSES = RegularityMixture.CLASSES;

    private final CustomerGroups groups;

    GroupedMixtureLikelihood(CustomerGroups groups) {
        this.groups = groups;
    }

    @Override
    public double applyAsDouble(double[] p) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        double[] weights = RegularityMixture.weights(p);
        int classes = CLASSES.length;
        int[] xs = groups.xValues;
        double[] times = groups.times;
        // Per x and class: log weight + the class's terms that depend on x alone.
        double[][] base = new double[xs.length][classes];
        double[] dead = new double[xs.length];
        double shared = -logGamma(r) + logGamma(a + b) - logGamma(b);
        for (int j = 0; j < xs.length; j++) {
            int x = xs[j];
            double beta = shared + logGamma(b + x + 1) - logGamma(a + b + x + 1);
            dead[j] = Math.log(a) - Math.log(b + x);
            for (int i = 0; i < classes; i++) {
                int k = CLASSES[i];
                double intervalsFree = k > 1 && x > 0 ? -x * logGamma(k) : 0;
                base[j][i] = Math.log(weights[i]) + logGamma(r + (double) k * x) + r * Math.log(alpha / k) + beta
                        + intervalsFree;
            }
        }
        double[][] logAlphaPlus = new double[classes][times.length];
        for (int i = 0; i < classes; i++) {
            for (int t = 0; t < times.length; t++) {
                logAlphaPlus[i][t] = Math.log(alpha / CLASSES[i] + times[t]);
            }
        }
        return ParallelSum.over(groups.groups(), (from, to) -> {
            double[] classTerm = new double[classes];
            double sum = 0;
            for (int g = from; g < to; g++) {
                int j = groups.xIndex[g];
                int x = xs[j];
                int tx = groups.txIndex[g];
                int T = groups.tIndex[g];
                for (int i = 0; i < classes; i++) {
                    int k = CLASSES[i];
                    double shape = r + (double) k * x;
                    double alive = -shape * logAlphaPlus[i][T];
                    if (k > 1) {
                        alive += Math.log(MbgCnbd.aliveSum(k, shape, alpha / k, times[tx], times[T]));
                    }
                    classTerm[i] = base[j][i] + LogSpace.add(alive, dead[j] - shape * logAlphaPlus[i][tx]);
                    if (!groups.intervalsKnown[g] && k > 1 && x > 0) {
                        // Only t_x known: the factor MBG/CNBD-k uses then, in place of the intervals' one.
                        classTerm[i] += x * logGamma(k) + MbgCnbd.unknownIntervalsFactor(k, x, times[tx]);
                    }
                }
                for (int c = groups.firstCustomer[g]; c < groups.firstCustomer[g + 1]; c++) {
                    sum += weighted(classTerm, groups.intervalsKnown[g] ? groups.logIntervals[c] : 0);
                }
            }
            return sum;
        });
    }

    /** log of the sum over classes of exp(class term + (k - 1) * log-interval sum). */
    private static double weighted(double[] classTerm, double logIntervals) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CLASSES.length; i++) {
            max = Math.max(max, classTerm[i] + (CLASSES[i] - 1) * logIntervals);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < CLASSES.length; i++) {
            sum += Math.exp(classTerm[i] + (CLASSES[i] - 1) * logIntervals - max);
        }
        return max + Math.log(sum);
    }
}
