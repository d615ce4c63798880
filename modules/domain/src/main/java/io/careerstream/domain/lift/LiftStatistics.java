package io.careerstream.domain.lift;

import org.hipparchus.distribution.continuous.NormalDistribution;
import org.hipparchus.distribution.continuous.TDistribution;

/**
 * The 95 % intervals of a lift report, from the arms' sums alone:
 * <ul>
 *   <li>conversion (a proportion): the Wilson score interval, which unlike the textbook Wald
 *       interval keeps its coverage for the small shares campaigns convert (around 1 %);</li>
 *   <li>the difference of two conversions: Newcombe's hybrid score interval (his method 10), built
 *       from the two Wilson intervals;</li>
 *   <li>spend per customer (a mean of a very skewed quantity, mostly zeros): Student's t on the
 *       customers' spends;</li>
 *   <li>the difference of two spends per customer: Welch's t with the Welch-Satterthwaite degrees
 *       of freedom (the arms' variances differ: the treated spend more and more variably).</li>
 * </ul>
 */
public final class LiftStatistics {

    public static final double CONFIDENCE = 0.95;
    private static final double Z = new NormalDistribution().inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);

    private LiftStatistics() {
    }

    /** The share {@code successes / n} with its Wilson score interval. */
    public static Interval wilson(long successes, long n) {
        if (n <= 0) {
            return Interval.NONE;
        }
        double p = (double) successes / n;
        double z2 = Z * Z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = Z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The difference of two shares, {@code x1/n1 - x2/n2}, with Newcombe's hybrid score interval. */
    public static Interval proportionDifference(long x1, long n1, long x2, long n2) {
        Interval a = wilson(x1, n1);
        Interval b = wilson(x2, n2);
        if (Double.isNaN(a.estimate()) || Double.isNaN(b.estimate())) {
            return Interval.NONE;
        }
        double d = a.estimate() - b.estimate();
        double low = d - Math.sqrt(square(a.estimate() - a.low()) + square(b.high() - b.estimate()));
        double high = d + Math.sqrt(square(a.high() - a.estimate()) + square(b.estimate() - b.low()));
        return new Interval(d, low, high);
    }

    /** The mean of {@code n} values whose sum is {@code sum} and sum of squares {@code squares}, with its t interval. */
    public static Interval mean(double sum, double squares, long n) {
        if (n <= 0) {
            return Interval.NONE;
        }
        double mean = sum / n;
        if (n < 2) {
            return new Interval(mean, Double.NaN, Double.NaN);
        }
        double half = quantile(n - 1) * Math.sqrt(variance(sum, squares, n) / n);
        return new Interval(mean, mean - half, mean + half);
    }

    /** The difference of two means, the first minus the second, with Welch's interval. */
    public static Interval meanDifference(double sum1, double squares1, long n1, double sum2, double squares2, long n2) {
        if (n1 < 2 || n2 < 2) {
            return n1 > 0 && n2 > 0 ? new Interval(sum1 / n1 - sum2 / n2, Double.NaN, Double.NaN) : Interval.NONE;
        }
        double d = sum1 / n1 - sum2 / n2;
        double a = variance(sum1, squares1, n1) / n1;
        double b = variance(sum2, squares2, n2) / n2;
        if (a + b == 0) {
            return new Interval(d, d, d); // no variation at all: the difference is exact
        }
        double df = square(a + b) / (square(a) / (n1 - 1) + square(b) / (n2 - 1));
        double half = quantile(df) * Math.sqrt(a + b);
        return new Interval(d, d - half, d + half);
    }

    /** The sample variance from the sums; never negative (rounding of nearly equal values). */
    private static double variance(double sum, double squares, long n) {
        return Math.max(0, (squares - sum * sum / n) / (n - 1));
    }

    private static double quantile(double degreesOfFreedom) {
        return new TDistribution(degreesOfFreedom).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    }

    private static double square(double x) {
        return x * x;
    }
}
