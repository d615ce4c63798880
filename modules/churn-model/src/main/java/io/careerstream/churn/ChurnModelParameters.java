package io.careerstream.churn;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters the stream uses: the purchase model (r, alpha, a, b; weeks) for P(alive) and
 * expected purchases, Gamma-Gamma (p, q, gamma) for expected spend per purchase. The purchase model
 * is MBG/NBD (regularity k = 1), MBG/CNBD-k (one k for everybody), or, when
 * {@code regularityWeights} are given, the per-customer regularity mixture
 * ({@link RegularityMixture}: one weight per class of {@link RegularityMixture#CLASSES}).
 *
 * @param regularityWeights the mixture's class weights, normalised to sum to 1; empty for MBG/NBD
 *     and MBG/CNBD-k
 */
public record ChurnModelParameters(double r, double alpha, double a, double b, double p, double q, double gamma, int k,
                                   List<Double> regularityWeights) {

    /**
     * Fitted on the CDNOW sample (MBG/NBD as BTYDplus and lifetimes report it; Gamma-Gamma as Fader
     * and Hardie 2013). A company should fit its own with {@code ./careerstream model fit}.
     */
    public static final ChurnModelParameters CDNOW = new ChurnModelParameters(0.525, 6.183, 0.891, 1.614, 6.25, 3.74, 15.44);

    /** MBG/NBD (k = 1) parameters. */
    public ChurnModelParameters(double r, double alpha, double a, double b, double p, double q, double gamma) {
        this(r, alpha, a, b, p, q, gamma, 1);
    }

    /** MBG/CNBD-k parameters (k = 1: MBG/NBD). */
    public ChurnModelParameters(double r, double alpha, double a, double b, double p, double q, double gamma, int k) {
        this(r, alpha, a, b, p, q, gamma, k, List.of());
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
        regularityWeights = normalised(regularityWeights, k);
    }

    /**
     * The per-customer regularity mixture's parameters: {@code weights} for the classes
     * k = 1, 2, 4, 8, 16 ({@link RegularityMixture#CLASSES}), normalised here.
     */
    public static ChurnModelParameters mixture(double r, double alpha, double a, double b, double p, double q, double gamma,
                                               List<Double> weights) {
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("The regularity mixture needs one weight per class k = "
                    + classNames() + ", got none");
        }
        return new ChurnModelParameters(r, alpha, a, b, p, q, gamma, 1, weights);
    }

    private static List<Double> normalised(List<Double> weights, int k) {
        if (weights == null || weights.isEmpty()) {
            return List.of();
        }
        int classes = RegularityMixture.CLASSES.length;
        if (weights.size() != classes) {
            throw new IllegalArgumentException("The regularity mixture needs " + classes + " class weights (k = "
                    + classNames() + "), got " + weights.size());
        }
        if (k != 1) {
            throw new IllegalArgumentException("A regularity mixture sets each customer's k; the single k must be 1, was " + k);
        }
        double sum = 0;
        for (Double w : weights) {
            if (w == null || !(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("Regularity mixture weights must be finite and not negative, were " + weights);
            }
            sum += w;
        }
        // The mixture's parameters are the weights relative to the Poisson class's.
        if (!(weights.get(0) > 0)) {
            throw new IllegalArgumentException("The regularity mixture's k = 1 (Poisson) class needs a positive weight, was "
                    + weights.get(0));
        }
        List<Double> out = new ArrayList<>(classes);
        for (Double w : weights) {
            out.add(w / sum);
        }
        return List.copyOf(out);
    }

    private static String classNames() {
        return java.util.Arrays.toString(RegularityMixture.CLASSES).replaceAll("[\\[\\]]", "");
    }

    /** Whether these are the per-customer regularity mixture's parameters. */
    public boolean isMixture() {
        return !regularityWeights.isEmpty();
    }

    /** The purchase model these parameters are for: the mixture with weights, else MBG/NBD for k = 1, else MBG/CNBD-k. */
    public RepeatPurchaseModel purchaseModel() {
        if (isMixture()) {
            return RegularityMixture.INSTANCE;
        }
        return k == 1 ? MbgNbd.INSTANCE : MbgCnbd.of(k);
    }

    /** The purchase model's parameter array, in the order of its {@link RepeatPurchaseModel#parameterNames()}. */
    public double[] purchaseModelParameters() {
        if (!isMixture()) {
            return mbgNbd();
        }
        double[] out = new double[4 + regularityWeights.size() - 1];
        out[0] = r;
        out[1] = alpha;
        out[2] = a;
        out[3] = b;
        for (int i = 1; i < regularityWeights.size(); i++) {
            out[3 + i] = regularityWeights.get(i) / regularityWeights.get(0);
        }
        return out;
    }

    /** r, alpha, a, b: the purchase model's shared parameters. */
    public double[] mbgNbd() {
        return new double[] {r, alpha, a, b};
    }

    public double[] gammaGamma() {
        return new double[] {p, q, gamma};
    }
}
