package io.careerstream.churn;

/**
 * The parameters the stream uses: MBG/NBD (r, alpha, a, b; weeks) for P(alive) and expected
 * purchases, Gamma-Gamma (p, q, gamma) for expected spend per purchase.
 */
public record ChurnModelParameters(double r, double alpha, double a, double b, double p, double q, double gamma) {

    /**
     * Fitted on the CDNOW sample (MBG/NBD as BTYDplus and lifetimes report it; Gamma-Gamma as Fader
     * and Hardie 2013). A company should fit its own with {@code ./careerstream model fit}.
     */
    public static final ChurnModelParameters CDNOW = new ChurnModelParameters(0.525, 6.183, 0.891, 1.614, 6.25, 3.74, 15.44);

    public ChurnModelParameters {
        double[] all = {r, alpha, a, b, p, q, gamma};
        String[] names = {"r", "alpha", "a", "b", "p", "q", "gamma"};
        for (int i = 0; i < all.length; i++) {
            if (!(all[i] > 0) || Double.isInfinite(all[i])) {
                throw new IllegalArgumentException("Model parameter " + names[i] + " must be positive, was " + all[i]);
            }
        }
        if (!(q > 1)) {
            throw new IllegalArgumentException("Gamma-Gamma q must exceed 1 for a finite expected spend, was " + q);
        }
    }

    public double[] mbgNbd() {
        return new double[] {r, alpha, a, b};
    }

    public double[] gammaGamma() {
        return new double[] {p, q, gamma};
    }
}
