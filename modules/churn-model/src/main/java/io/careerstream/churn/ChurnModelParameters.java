package io.careerstream.churn;

/**
 * The parameters the stream uses: MBG/CNBD-k (r, alpha, a, b; weeks; regularity k, where k = 1 is
 * MBG/NBD) for P(alive) and expected purchases, Gamma-Gamma (p, q, gamma) for expected spend per
 * purchase.
 */
public record ChurnModelParameters(double r, double alpha, double a, double b, double p, double q, double gamma, int k) {

    /**
     * Fitted on the CDNOW sample (MBG/NBD as BTYDplus and lifetimes report it; Gamma-Gamma as Fader
     * and Hardie 2013). A company should fit its own with {@code ./careerstream model fit}.
     */
    public static final ChurnModelParameters CDNOW = new ChurnModelParameters(0.525, 6.183, 0.891, 1.614, 6.25, 3.74, 15.44);

    /** MBG/NBD (k = 1) parameters. */
    public ChurnModelParameters(double r, double alpha, double a, double b, double p, double q, double gamma) {
        this(r, alpha, a, b, p, q, gamma, 1);
    }

    public ChurnModelParameters {
        if (k < 1 || k > 100) {
            throw new IllegalArgumentException("Model parameter k (regularity) must be an integer in 1..100, was " + k);
        }
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

    /** The purchase model these parameters are for: MBG/NBD for k = 1, else MBG/CNBD-k. */
    public RepeatPurchaseModel purchaseModel() {
        return k == 1 ? MbgNbd.INSTANCE : MbgCnbd.of(k);
    }

    /** r, alpha, a, b: the purchase model's parameters. */
    public double[] mbgNbd() {
        return new double[] {r, alpha, a, b};
    }

    public double[] gammaGamma() {
        return new double[] {p, q, gamma};
    }
}
