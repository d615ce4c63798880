package io.careerstream.churn;

import java.util.Arrays;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.special.Beta;
import org.hipparchus.special.Gamma;

/**
 * P(alive) by Bayes' rule under the population's true prior: for a history of purchase days,
 * the probability that the customer is still a customer now, averaged over the kind of buyer and
 * their hidden parameters as the population spreads them ({@link PopulationPrior}), weighted by how
 * well each explains the history. A model fitted from purchases estimates this prior at best, so a
 * rule that thresholds this P(alive) is the best such a rule can do on the population: the
 * achievable limit, where {@link HiddenBuyer} (each customer's own parameters) is a bound no
 * purchase history reaches. Times in days from the first purchase; purchase days are taken as the
 * purchase moments (the simulation floors them to whole days, which moves a gap by less than a day).
 *
 * <p>With s the silence since the last purchase (day t_k, k repeat purchases), each kind contributes
 * the joint probability of its history and "alive and silent for s", and of its history and
 * "dropped out during the silence" (P(alive) is the first over their sum):
 * <ul>
 *   <li>regular buyers (Gamma(κ, rate β) gaps): ∫∫ prior · Π f(gᵢ) · [G(t_k+s) Q(κ, βs)] and
 *       [∫₀ˢ h(t_k+u) Q(κ, βu) du], over κ ~ Uniform and the mean gap κ/β ~ Gamma. G and h are the
 *       lifetime's survival and density with its mean integrated out ({@link LifetimeMarginal}); log β
 *       is integrated by the trapezoid rule on a grid around its posterior mode (spectrally accurate
 *       for such a smooth, fast-decaying integrand), κ by Gauss-Legendre where its posterior lies;
 *   <li>Poisson buyers: the same with exponential gaps; the rate's Gamma prior integrates in closed
 *       form, (b + t_k)^(a+k) / (b + t_k + u)^(a+k) in place of Q;
 *   <li>BG/NBD buyers: BG/NBD's closed form (rate Gamma, drop-out Beta), never gone before their
 *       first repeat purchase.
 * </ul>
 * The silence is walked from 0 with Simpson's rule for the drop-out integral, half-day steps at
 * first and longer ones (up to 8 days) while P(alive) moves slowly; the moment it crosses a level is
 * interpolated in log-odds between two steps. P(alive) only falls with silence (drop-out mass only
 * accumulates, alive mass only shrinks), so the first crossing is the only one.
 */
public final class BayesianProbabilityAlive {

    /**
     * Nodes over a regular buyer's gap shape κ (Gauss-Legendre: its posterior may pile up at the
     * prior's bound, where the trapezoid rule loses its accuracy) and over log β (trapezoid).
     */
    private static final int SHAPE_NODES = 10;
    private static final int RATE_NODES = 13;
    /** log β is integrated from 7 posterior standard deviations below the mode (slower buyers explain long silences) to 5 above. */
    private static final double RATE_SDS_BELOW = 7;
    private static final double RATE_SDS_ABOVE = 5;
    /** κ is integrated where its (Laplace) marginal posterior is within this many nats of its top. */
    private static final double SHAPE_WINDOW_NATS = 20;
    private static final double FIRST_STEP_DAYS = 0.5;
    private static final double LONGEST_STEP_DAYS = 8;
    /** Steps stay short until the silence is this long: the stream's 7-day floor and fast buyers' early drops. */
    private static final double SHORT_STEPS_UNTIL_DAYS = 14;

    private static final GaussIntegratorFactory SHAPE_RULES = new GaussIntegratorFactory();

    private final PopulationPrior prior;
    private final LifetimeMarginal lifetime;

    /**
     * @param horizonDays the longest time from a first purchase that will be asked about often
     *                    (longer ones are still right, only slower)
     */
    public BayesianProbabilityAlive(PopulationPrior prior, double horizonDays) {
        this.prior = prior;
        this.lifetime = new LifetimeMarginal(prior.meanLifetimeShape(), prior.meanLifetimeScale(), horizonDays + 2 * LONGEST_STEP_DAYS);
    }

    /** P(alive at day {@code now}) of a customer who bought on days {@code d[0..k]} and not since. */
    public double probabilityAlive(double[] d, int k, double now) {
        double silence = now - d[k];
        if (silence < 0) {
            throw new IllegalArgumentException("now (" + now + ") is before the last purchase (" + d[k] + ")");
        }
        double[] last = {1};
        new Episode(d, k).walk(silence, Double.NaN, (s, p, logOdds) -> {
            last[0] = p;
            return true;
        });
        return last[0];
    }

    /**
     * The stream's rule on this P(alive), for every level at once: the first day at which it is below
     * the level, never sooner than {@code minIntervalDays} after the last purchase, if that day comes
     * before {@code until} (the next purchase or the end of observation); NaN where it does not.
     */
    public double[] alertDays(double[] d, int k, double until, double[] levels, double minIntervalDays) {
        double[] alerts = new double[levels.length];
        Arrays.fill(alerts, Double.NaN);
        double end = until - d[k];
        if (end <= minIntervalDays) {
            return alerts;
        }
        int[] open = {levels.length};
        double[] previous = {Double.NaN, Double.NaN, Double.NaN}; // s, P, log-odds of the last point at or after the floor
        new Episode(d, k).walk(end, minIntervalDays, (s, p, logOdds) -> {
            if (s < minIntervalDays) {
                return true;
            }
            for (int i = 0; i < levels.length; i++) {
                if (Double.isNaN(alerts[i]) && p < levels[i]) {
                    double crossing = Double.isNaN(previous[0]) ? s
                            : interpolate(previous[0], previous[1], previous[2], s, p, logOdds, levels[i]);
                    alerts[i] = d[k] + crossing;
                    open[0]--;
                }
            }
            previous[0] = s;
            previous[1] = p;
            previous[2] = logOdds;
            return open[0] > 0;
        });
        for (int i = 0; i < alerts.length; i++) {
            if (alerts[i] >= until) {
                alerts[i] = Double.NaN;
            }
        }
        return alerts;
    }

    /** Where P(alive) reaches {@code level} between two points: linear in log-odds (linear in P where one is infinite). */
    private static double interpolate(double s0, double p0, double logOdds0, double s1, double p1, double logOdds1, double level) {
        double target = Math.log(level / (1 - level));
        double fraction = Double.isFinite(logOdds0) && Double.isFinite(logOdds1)
                ? (logOdds0 - target) / (logOdds0 - logOdds1)
                : (p0 - level) / (p0 - p1);
        return s0 + Math.max(0, Math.min(1, fraction)) * (s1 - s0);
    }

    private static double logSumExp(double[] terms) {
        double max = Double.NEGATIVE_INFINITY;
        for (double t : terms) {
            max = Math.max(max, t);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    @FunctionalInterface
    private interface Visitor {
        /** One point of the silence; false to stop walking. */
        boolean visit(double silence, double probabilityAlive, double logOdds);
    }

    /** One silence: everything that depends on the history up to its last purchase, then the walk. */
    private final class Episode {
        private final double lastPurchase;
        /** Regular buyers' nodes: gap shape, rate, weight (scaled with the other kinds' by a common factor). */
        private final double[] shape;
        private final double[] rate;
        private final double[] weight;
        private final double poissonWeight;
        private final double poissonBase;
        private final double poissonPower;
        private final double dropAfterAliveWeight;
        private final double dropAfterDead;

        Episode(double[] d, int k) {
            lastPurchase = d[k] - d[0];
            double gapSum = lastPurchase;
            double logGapSum = 0;
            for (int i = 1; i <= k; i++) {
                double gap = d[i] - d[i - 1];
                if (!(gap > 0)) {
                    throw new IllegalArgumentException("Purchase days must increase, were " + d[i - 1] + " and " + d[i]);
                }
                logGapSum += Math.log(gap);
            }
            // Rate ~ Gamma(a, scale θ) with rate parameter b = 1/θ; k exponential gaps integrate it to
            // Γ(a+k)/Γ(a) b^a / (b + t_k)^(a+k).
            double a = prior.rateShape();
            double b = 1 / prior.rateScale();
            double exponentialGaps = Gamma.logGamma(a + k) - Gamma.logGamma(a) + a * Math.log(b) - (a + k) * Math.log(b + lastPurchase);
            double logPoisson = Math.log(prior.poissonShare()) + exponentialGaps;
            double betaPrior = Beta.logBeta(prior.dropOutA(), prior.dropOutB());
            double logDropAfterAlive = Math.log(prior.dropAfterShare()) + exponentialGaps
                    + Beta.logBeta(prior.dropOutA(), prior.dropOutB() + k) - betaPrior;
            double logDropAfterDead = k == 0 ? Double.NEGATIVE_INFINITY
                    : Math.log(prior.dropAfterShare()) + exponentialGaps
                    + Beta.logBeta(prior.dropOutA() + 1, prior.dropOutB() + k - 1) - betaPrior;
            double[][] nodes = prior.regularShare() > 0 ? regularNodes(k, gapSum, logGapSum) : new double[3][0];
            double logRegular = Math.log(prior.regularShare()) + logSumExp(nodes[2]);
            double reference = Math.max(Math.max(logRegular, logPoisson), Math.max(logDropAfterAlive, logDropAfterDead));
            double keep = reference + Math.log(1e-16);
            int kept = 0;
            for (double w : nodes[2]) {
                kept += Math.log(prior.regularShare()) + w > keep ? 1 : 0;
            }
            shape = new double[kept];
            rate = new double[kept];
            weight = new double[kept];
            int j = 0;
            for (int i = 0; i < nodes[2].length; i++) {
                double logWeight = Math.log(prior.regularShare()) + nodes[2][i];
                if (logWeight > keep) {
                    shape[j] = nodes[0][i];
                    rate[j] = nodes[1][i];
                    weight[j++] = Math.exp(logWeight - reference);
                }
            }
            poissonWeight = Math.exp(logPoisson - reference);
            poissonBase = b + lastPurchase;
            poissonPower = a + k;
            dropAfterAliveWeight = Math.exp(logDropAfterAlive - reference);
            dropAfterDead = Math.exp(logDropAfterDead - reference);
        }

        /**
         * A regular buyer's posterior nodes {κ, β, log weight}: the weight is the prior density times
         * the gaps' Gamma likelihood times the quadrature weights. In y = log β the integrand over β is
         * exp((kκ − A) y − S e^y − (κ/θ) e^−y) (A, θ the mean gap's Gamma shape and scale, S the gap
         * sum), whose mode and curvature are closed forms; κ's marginal is approximated (Laplace)
         * only to choose where to put its nodes.
         */
        private double[][] regularNodes(int k, double gapSum, double logGapSum) {
            double lo = prior.gapShapeMin();
            double hi = prior.gapShapeMax();
            int scan = 91;
            double[] marginal = new double[scan];
            double top = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < scan; i++) {
                double kappa = lo + (hi - lo) * i / (scan - 1);
                double[] mode = rateMode(kappa, k, gapSum);
                marginal[i] = shapeConstant(kappa, k, logGapSum) + logRateIntegrand(mode[0], kappa, k, gapSum)
                        + 0.5 * Math.log(2 * Math.PI) + Math.log(mode[1]);
                top = Math.max(top, marginal[i]);
            }
            int first = 0;
            while (marginal[first] < top - SHAPE_WINDOW_NATS) {
                first++;
            }
            int last = scan - 1;
            while (marginal[last] < top - SHAPE_WINDOW_NATS) {
                last--;
            }
            double from = lo + (hi - lo) * Math.max(0, first - 1) / (scan - 1);
            double to = lo + (hi - lo) * Math.min(scan - 1, last + 1) / (scan - 1);
            double[][] out = new double[3][SHAPE_NODES * RATE_NODES];
            int n = 0;
            GaussIntegrator shapeRule = SHAPE_RULES.legendreHighPrecision(SHAPE_NODES, from, to);
            for (int i = 0; i < SHAPE_NODES; i++) {
                double kappa = shapeRule.getPoint(i);
                double shapeWeight = shapeRule.getWeight(i);
                double[] mode = rateMode(kappa, k, gapSum);
                double sd = mode[1];
                double yFrom = mode[0] - RATE_SDS_BELOW * sd;
                double step = (RATE_SDS_BELOW + RATE_SDS_ABOVE) * sd / (RATE_NODES - 1);
                double constant = shapeConstant(kappa, k, logGapSum);
                for (int j = 0; j < RATE_NODES; j++) {
                    double y = yFrom + j * step;
                    double trapezoid = step * (j == 0 || j == RATE_NODES - 1 ? 0.5 : 1);
                    out[0][n] = kappa;
                    out[1][n] = Math.exp(y);
                    out[2][n] = Math.log(shapeWeight * trapezoid) + constant + logRateIntegrand(y, kappa, k, gapSum);
                    n++;
                }
            }
            return out;
        }

        /** Everything in log(prior × gap likelihood) that does not involve β, for gap shape κ. */
        private double shapeConstant(double kappa, int k, double logGapSum) {
            double meanGapShape = prior.meanGapShape();
            double meanGapScale = prior.meanGapScale();
            return -Math.log(prior.gapShapeMax() - prior.gapShapeMin())
                    + meanGapShape * Math.log(kappa) - Gamma.logGamma(meanGapShape) - meanGapShape * Math.log(meanGapScale)
                    + (kappa - 1) * logGapSum - k * Gamma.logGamma(kappa);
        }

        /** The β part in y = log β (the Jacobian included): (kκ − A) y − S e^y − (κ/θ) e^−y. */
        private double logRateIntegrand(double y, double kappa, int k, double gapSum) {
            return (k * kappa - prior.meanGapShape()) * y - gapSum * Math.exp(y) - kappa / prior.meanGapScale() * Math.exp(-y);
        }

        /** {mode of the β part in y = log β, its standard deviation 1/√(−second derivative)}. */
        private double[] rateMode(double kappa, int k, double gapSum) {
            double c = kappa / prior.meanGapScale();
            double linear = k * kappa - prior.meanGapShape();
            // The derivative linear − S β + c / β vanishes where S β² − linear β − c = 0.
            double beta = gapSum > 0
                    ? (linear + Math.sqrt(linear * linear + 4 * gapSum * c)) / (2 * gapSum)
                    : c / -linear;
            double curvature = gapSum * beta + c / beta;
            return new double[] {Math.log(beta), 1 / Math.sqrt(curvature)};
        }

        /** Regular and Poisson buyers, weighted: the chance that the running gap outlasts {@code s}, alive or not. */
        private double gapSurvival(double s) {
            double sum = poissonWeight * Math.exp(-poissonPower * Math.log1p(s / poissonBase));
            for (int i = 0; i < shape.length; i++) {
                sum += weight[i] * Gamma.regularizedGammaQ(shape[i], rate[i] * s);
            }
            return sum;
        }

        private double dropAfterAlive(double s) {
            return dropAfterAliveWeight * Math.exp(-poissonPower * Math.log1p(s / poissonBase));
        }

        /**
         * Walks the silence from 0 to {@code end}, landing exactly on {@code mark} (when a number) and
         * on {@code end}, visiting each point after 0.
         */
        void walk(double end, double mark, Visitor visitor) {
            double s = 0;
            double survivalHere = gapSurvival(0);
            double dropOutIntegral = 0;
            double step = FIRST_STEP_DAYS;
            double previousLogOdds = Double.POSITIVE_INFINITY;
            while (s < end) {
                double next = Math.min(s + step, end);
                if (!Double.isNaN(mark) && s < mark && next > mark) {
                    next = mark;
                }
                double h = next - s;
                double survivalMid = gapSurvival(s + h / 2);
                double survivalNext = gapSurvival(next);
                dropOutIntegral += h / 6 * (lifetime.density(lastPurchase + s) * survivalHere
                        + 4 * lifetime.density(lastPurchase + s + h / 2) * survivalMid
                        + lifetime.density(lastPurchase + next) * survivalNext);
                double alive = lifetime.survival(lastPurchase + next) * survivalNext + dropAfterAlive(next);
                double dead = dropOutIntegral + dropAfterDead;
                double p = alive / (alive + dead);
                double logOdds = Math.log(alive) - Math.log(dead);
                s = next;
                survivalHere = survivalNext;
                if (!visitor.visit(s, p, logOdds)) {
                    return;
                }
                double change = Math.abs(logOdds - previousLogOdds);
                previousLogOdds = logOdds;
                if (s >= SHORT_STEPS_UNTIL_DAYS) {
                    if (change < 0.03) {
                        step = Math.min(LONGEST_STEP_DAYS, 2 * step);
                    } else if (change > 0.12) {
                        step = Math.max(FIRST_STEP_DAYS, step / 2);
                    }
                }
            }
        }
    }
}
