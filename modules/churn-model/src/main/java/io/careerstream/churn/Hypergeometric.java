package io.careerstream.churn;

/**
 * Gauss's hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1, by its power series.
 *
 * <p>Why by hand: neither Hipparchus nor Commons Math provides 2F1. The expectations of the
 * BG/NBD family need it only for z = t / (alpha + T + t) in [0, 1), where the series converges
 * geometrically; the sum is taken until terms no longer change it.
 */
public final class Hypergeometric {

    private static final int MAX_TERMS = 1_000_000;

    private Hypergeometric() {
    }

    public static double f21(double a, double b, double c, double z) {
        if (!(z >= 0 && z < 1)) {
            throw new IllegalArgumentException("2F1 series needs 0 <= z < 1, was " + z);
        }
        double term = 1;
        double sum = 1;
        for (int n = 0; n < MAX_TERMS; n++) {
            term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z;
            double next = sum + term;
            if (next == sum || term == 0) {
                return next;
            }
            sum = next;
        }
        throw new ArithmeticException("2F1(" + a + ", " + b + "; " + c + "; " + z + ") did not converge");
    }
}
