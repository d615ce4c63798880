package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.function.ToDoubleFunction;

/**
 * The regularity mixture's total log-likelihood over grouped customers: the same sum as
 * {@link RegularityMixture#logLikelihood} customer by customer, to rounding. Each class's term for a
 * group's (x, t_x, T) is taken once per group; only the class weighting by the customer's own
 * intervals ((k - 1) times their log-sum) is left per customer.
 *
 * <p>A class's term is exp(dead) (1 + S exp(alive - dead)), "dead" and "alive" MBG/CNBD-k's two
 * histories (see {@link MbgCnbd#logTerms}) and S its alive sum. The bracket, at least 1, is kept as a
 * plain number per group, so a customer costs five exponentials and one logarithm, where the log-space
 * sum costs three more per class; where a bracket overflows (only at absurd parameters) the group is
 * summed in log space.
 */
final class GroupedMixtureLikelihood implements ToDoubleFunction<double[]> {

    private static final int[] CLASSES = RegularityMixture.CLASSES;
    private static final double LN_2 = Math.log(2);
    /** log(1e-17): a term below it, against a sum of at least 1, is lost to rounding. */
    private static final double NEGLIGIBLE = Math.log(1e-17);

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
        double[][] inverseAlphaPlus = new double[classes][times.length];
        for (int i = 0; i < classes; i++) {
            for (int t = 0; t < times.length; t++) {
                logAlphaPlus[i][t] = Math.log(alpha / CLASSES[i] + times[t]);
                inverseAlphaPlus[i][t] = 1 / (alpha / CLASSES[i] + times[t]);
            }
        }
        return ParallelSum.over(groups.groups(), (from, to) -> {
            double[] deadTerm = new double[classes];
            double[] bracket = new double[classes];
            double sum = 0;
            for (int g = from; g < to; g++) {
                int j = groups.xIndex[g];
                int x = xs[j];
                int tx = groups.txIndex[g];
                int T = groups.tIndex[g];
                boolean overflow = false;
                for (int i = 0; i < classes; i++) {
                    int k = CLASSES[i];
                    double shape = r + (double) k * x;
                    double gone = dead[j] - shape * logAlphaPlus[i][tx];
                    double aliveOverGone = Math.exp(-shape * logAlphaPlus[i][T] - gone);
                    if (k > 1) {
                        aliveOverGone *= MbgCnbd.aliveSum(k, shape, (times[T] - times[tx]) * inverseAlphaPlus[i][T]);
                    }
                    deadTerm[i] = base[j][i] + gone + unknownIntervals(g, k, x, times[tx]);
                    bracket[i] = 1 + aliveOverGone;
                    overflow |= bracket[i] == Double.POSITIVE_INFINITY;
                }
                if (overflow) {
                    sum += inLogSpace(g, r, alpha, base[j], dead[j], logAlphaPlus);
                    continue;
                }
                for (int c = groups.firstCustomer[g]; c < groups.firstCustomer[g + 1]; c++) {
                    sum += weighted(deadTerm, bracket, groups.intervalsKnown[g] ? groups.logIntervals[c] : 0);
                }
            }
            return sum;
        });
    }

    /**
     * For a group whose intervals are not known (only t_x): MBG/CNBD-k's factor for that case in place of
     * the known intervals' one, which the class's base holds; 0 otherwise.
     */
    private double unknownIntervals(int g, int k, int x, double tx) {
        return groups.intervalsKnown[g] || k == 1 || x == 0 ? 0 : x * logGamma(k) + MbgCnbd.unknownIntervalsFactor(k, x, tx);
    }

    /** log of the sum over classes of exp(dead term + (k - 1) * log-interval sum) * bracket. */
    private static double weighted(double[] deadTerm, double[] bracket, double logIntervals) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < CLASSES.length; i++) {
            max = Math.max(max, deadTerm[i] + (CLASSES[i] - 1) * logIntervals);
        }
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (int i = 0; i < CLASSES.length; i++) {
            double exponent = deadTerm[i] + (CLASSES[i] - 1) * logIntervals - max;
            // A class below 1e-17 of the largest term (its bracket, at least 1, counted by its binary exponent)
            // cannot change the sum, which is at least 1: its exponential is not taken.
            if (exponent + LN_2 * (Math.getExponent(bracket[i]) + 1) > NEGLIGIBLE) {
                sum += Math.exp(exponent) * bracket[i];
            }
        }
        return max + Math.log(sum);
    }

    /** Group g's customers' log-likelihood with every class term in log space, where a bracket overflows. */
    private double inLogSpace(int g, double r, double alpha, double[] base, double dead, double[][] logAlphaPlus) {
        int x = groups.xValues[groups.xIndex[g]];
        double tx = groups.times[groups.txIndex[g]];
        double T = groups.times[groups.tIndex[g]];
        double[] classTerm = new double[CLASSES.length];
        for (int i = 0; i < CLASSES.length; i++) {
            int k = CLASSES[i];
            double shape = r + (double) k * x;
            double alive = -shape * logAlphaPlus[i][groups.tIndex[g]] + Math.log(MbgCnbd.aliveSum(k, shape, alpha / k, tx, T));
            classTerm[i] = base[i] + LogSpace.add(alive, dead - shape * logAlphaPlus[i][groups.txIndex[g]])
                    + unknownIntervals(g, k, x, tx);
        }
        double sum = 0;
        for (int c = groups.firstCustomer[g]; c < groups.firstCustomer[g + 1]; c++) {
            sum += weighted(classTerm, groups.intervalsKnown[g] ? groups.logIntervals[c] : 0);
        }
        return sum;
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
