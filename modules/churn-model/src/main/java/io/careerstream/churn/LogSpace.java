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
}
