package io.careerstream.churn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * MBG/CNBD-k with the regularity k a property of each customer rather than of the population:
 * a latent-class mixture of MBG/CNBD-k over k in {@link #CLASSES}, with shared r, a, b, the scale
 * alpha / k (so every class has the same distribution of mean intervals) and class weights
 * estimated from the data. A customer's own intervals (their log-sum) move them between classes:
 * with few purchases they keep the population's mix (shrinkage), a clockwork history puts them
 * in a high-k class, where a silence of a few of their own gaps already means "gone".
 *
 * <p>Parameters: r, alpha, a, b, then one weight per class after the first (the first class's
 * weight is 1; weights are normalised). P(alive) is exact Bayes over the classes and still only
 * falls with silence (the alive terms fall, the drop-out terms do not change). Expected purchases
 * are the class-posterior mix of MBG/CNBD-k's.
 */
public final class RegularityMixture implements RepeatPurchaseModel {

    /** The regularity classes: Poisson buyers up to gaps with a CV of 1/4. */
    public static final int[] CLASSES = {1, 2, 4, 8, 16};

    public static final RegularityMixture INSTANCE = new RegularityMixture();

    private static final MbgCnbd[] MODELS = new MbgCnbd[CLASSES.length];

    static {
        for (int i = 0; i < CLASSES.length; i++) {
            MODELS[i] = MbgCnbd.of(CLASSES[i]);
        }
    }

    private RegularityMixture() {
    }

    @Override
    public String name() {
        return "MBG/CNBD-mix";
    }

    @Override
    public List<String> parameterNames() {
        List<String> names = new ArrayList<>(List.of("r", "alpha", "a", "b"));
        for (int i = 1; i < CLASSES.length; i++) {
            names.add("w" + CLASSES[i]);
        }
        return List.copyOf(names);
    }

    /** The class weights, normalised to sum to 1. */
    public static double[] weights(double[] p) {
        double[] w = new double[CLASSES.length];
        w[0] = 1;
        double sum = 1;
        for (int i = 1; i < CLASSES.length; i++) {
            w[i] = p[3 + i];
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= sum;
        }
        return w;
    }

    private static double[] classParameters(double[] p, int i) {
        return new double[] {p[0], p[1] / CLASSES[i], p[2], p[3]};
    }

    /** Per class: {log weight + common + alive, log weight + common + dead}. */
    private static double[][] terms(double[] p, PurchaseSummary c) {
        double[] w = weights(p);
        double[][] out = new double[CLASSES.length][];
        for (int i = 0; i < CLASSES.length; i++) {
            double[] t = MODELS[i].logTerms(classParameters(p, i), c);
            double base = Math.log(w[i]) + t[0];
            out[i] = new double[] {base + t[1], base + t[2]};
        }
        return out;
    }

    @Override
    public double logLikelihood(double[] p, PurchaseSummary c) {
        double total = Double.NEGATIVE_INFINITY;
        for (double[] t : terms(p, c)) {
            total = LogSpace.logSumExp(total, LogSpace.logSumExp(t[0], t[1]));
        }
        return total;
    }

    @Override
    public ToDoubleFunction<double[]> totalLogLikelihood(CustomerGroups customers) {
        return new GroupedMixtureLikelihood(customers);
    }

    @Override
    public double probabilityAlive(double[] p, PurchaseSummary c) {
        double alive = Double.NEGATIVE_INFINITY;
        double dead = Double.NEGATIVE_INFINITY;
        for (double[] t : terms(p, c)) {
            alive = LogSpace.logSumExp(alive, t[0]);
            dead = LogSpace.logSumExp(dead, t[1]);
        }
        return 1 / (1 + Math.exp(dead - alive));
    }

    /** Posterior probability of each class given the history. */
    public static double[] classPosterior(double[] p, PurchaseSummary c) {
        double[][] t = terms(p, c);
        double[] log = new double[t.length];
        double total = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t.length; i++) {
            log[i] = LogSpace.logSumExp(t[i][0], t[i][1]);
            total = LogSpace.logSumExp(total, log[i]);
        }
        double[] post = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            post[i] = Math.exp(log[i] - total);
        }
        return post;
    }

    /** The customer's most probable regularity class k given their history. */
    public static int likelyRegularity(double[] p, PurchaseSummary c) {
        double[] post = classPosterior(p, c);
        int best = 0;
        for (int i = 1; i < post.length; i++) {
            if (post[i] > post[best]) {
                best = i;
            }
        }
        return CLASSES[best];
    }

    @Override
    public double conditionalExpectedPurchases(double[] p, PurchaseSummary c, double t) {
        double[] post = classPosterior(p, c);
        double sum = 0;
        for (int i = 0; i < CLASSES.length; i++) {
            sum += post[i] * MODELS[i].conditionalExpectedPurchases(classParameters(p, i), c, t);
        }
        return sum;
    }

    @Override
    public double expectedPurchases(double[] p, double t) {
        double[] w = weights(p);
        double sum = 0;
        for (int i = 0; i < CLASSES.length; i++) {
            sum += w[i] * MODELS[i].expectedPurchases(classParameters(p, i), t);
        }
        return sum;
    }

    /** Fits by maximum likelihood from MBG/NBD-like starting values and equal class weights. */
    public static MaximumLikelihood.Fit fit(List<PurchaseSummary> customers) {
        return fit(CustomerGroups.of(customers));
    }

    /** As {@link #fit(List)}, on customers grouped once for several fits. */
    public static MaximumLikelihood.Fit fit(CustomerGroups customers) {
        double[] start = new double[4 + CLASSES.length - 1];
        start[0] = 1;
        start[1] = 3;
        start[2] = 1;
        start[3] = 3;
        for (int i = 4; i < start.length; i++) {
            start[i] = 1;
        }
        return WarmStartedFit.fit(INSTANCE.parameterNames(), start, INSTANCE::totalLogLikelihood, customers);
    }
}
