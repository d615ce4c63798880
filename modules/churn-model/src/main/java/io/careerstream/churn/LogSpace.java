package io.careerstream.churn;

/** Sums of probabilities kept as logarithms, so that tiny terms neither underflow nor overflow. */
final class LogSpace {

    private LogSpace() {
    }

    static double logSumExp(double u, double v) {
        double max = Math.max(u, v);
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        return max + Math.log(Math.exp(u - max) + Math.exp(v - max));
    }

    /**
     * log(e^u + e^v) as {@link #logSumExp}, with one exponential instead of two: for the grouped
     * likelihoods, which take it once per history and evaluation. The smaller term's share, at most 1,
     * is added with a plain log, whose absolute error (1e-16) is all that matters in a sum of terms.
     */
    static double add(double u, double v) {
        double max = Math.max(u, v);
        if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
            return max;
        }
        return max + Math.log(1 + Math.exp(Math.min(u, v) - max));
    }
}
