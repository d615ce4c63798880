package io.careerstream.churn;

/**
 * A recalibration of P(at least one purchase in the next t weeks) that holds at every horizon: the
 * model's purchase intensity is taken to be off by a constant factor c (customers buy c times as
 * often as the model says, or c times as soon), so P(none) = (1 − p)^c instead of 1 − p. Because
 * −ln(1 − p) is the expected number of purchase events of a Poisson buyer over the horizon, a factor
 * learned on a short horizon means the same on a long one; a map of p itself (Platt scaling on the
 * logit, isotonic regression) is tied to the horizon it was learned on, and a 13-week p and a 39-week
 * p of the same customer are different numbers. The map is monotone, keeps 0 and 1, and c = 1 is
 * no change.
 *
 * @param factor c, above 0: above 1 the model under-states the purchase intensity
 */
public record IntensityRecalibration(double factor) {

    /** The search range of c: far beyond any plausible correction, so hitting a bound means the data says "more". */
    static final double SMALLEST = 1e-3;
    static final double LARGEST = 1e3;

    public IntensityRecalibration {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("The intensity factor must be a positive number, was " + factor);
        }
    }

    /** No correction. */
    public static final IntensityRecalibration IDENTITY = new IntensityRecalibration(1);

    /** The recalibrated probability: 1 − (1 − p)^c. */
    public double apply(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("A probability must be in [0, 1], was " + p);
        }
        if (p == 1) {
            return 1;
        }
        return Math.max(0.0, -Math.expm1(factor * Math.log1p(-p)));
    }

    public double[] apply(double[] predicted) {
        double[] out = new double[predicted.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = apply(predicted[i]);
        }
        return out;
    }

    /**
     * The maximum-likelihood factor for these predictions and outcomes. With h = −ln(1 − p) the
     * log-likelihood is Σ_bought ln(1 − e^{−c·h}) − Σ_not c·h, concave in c, so its derivative
     * Σ_bought h·e^{−c·h}/(1 − e^{−c·h}) − Σ_not h falls with c and its root is found by bisection
     * on ln c. Customers predicted 0 or 1 say nothing about c and are skipped.
     *
     * @throws IllegalArgumentException when no customer with 0 &lt; p &lt; 1 bought or none did not buy
     *     (then any c fits as well or better at a bound)
     */
    public static IntensityRecalibration fit(double[] predicted, boolean[] happened) {
        if (predicted.length != happened.length) {
            throw new IllegalArgumentException("Need one outcome per prediction, got " + predicted.length + " predictions and "
                    + happened.length + " outcomes");
        }
        double[] intensity = new double[predicted.length];
        boolean anyBought = false;
        boolean anyNot = false;
        for (int i = 0; i < predicted.length; i++) {
            double p = predicted[i];
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("A probability must be in [0, 1], was " + p);
            }
            intensity[i] = p > 0 && p < 1 ? -Math.log1p(-p) : Double.NaN;
            if (p > 0 && p < 1) {
                anyBought |= happened[i];
                anyNot |= !happened[i];
            }
        }
        if (!anyBought || !anyNot) {
            throw new IllegalArgumentException("Learning an intensity factor needs customers with a prediction strictly "
                    + "between 0 and 1 who bought and who did not");
        }
        double low = Math.log(SMALLEST);
        double high = Math.log(LARGEST);
        for (int step = 0; step < 80; step++) {
            double middle = (low + high) / 2;
            if (slope(Math.exp(middle), intensity, happened) > 0) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return new IntensityRecalibration(Math.exp((low + high) / 2));
    }

    /** d/dc of the log-likelihood. */
    private static double slope(double c, double[] intensity, boolean[] happened) {
        double sum = 0;
        for (int i = 0; i < intensity.length; i++) {
            double h = intensity[i];
            if (Double.isNaN(h)) {
                continue;
            }
            // h·e^{−ch}/(1 − e^{−ch}) = h / expm1(ch): exact for small ch, where 1 − e^{−ch} would lose digits.
            sum += happened[i] ? h / Math.expm1(c * h) : -h;
        }
        return sum;
    }
}
