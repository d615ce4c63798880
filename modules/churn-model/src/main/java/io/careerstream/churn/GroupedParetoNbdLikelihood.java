package io.careerstream.churn;

import static org.hipparchus.special.Gamma.logGamma;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Pareto/NBD's total log-likelihood over grouped customers: the same sum as {@link ParetoNbd#logLikelihood}
 * customer by customer, to rounding.
 *
 * <p>The costly part is the drop-out integral over [t_x, T] of (alpha + y)^-(r+x) (beta + y)^-(s+1). For
 * a given x it is the difference of one function of t_x and one of T, the integral from that time to
 * the last time of the data; with times on a grid (whole days, as in a transactions file) that
 * function is needed at a few hundred times only. So, per x, the integral over each stretch between two
 * consecutive times of the data is taken by Gauss-Legendre (Hipparchus' nodes and weights) on steps
 * short enough for the rule to be exact to rounding, and summed from the end: each customer's integral is
 * then a difference of two sums. The sums are kept relative to the integrand at their start, so that
 * large x neither underflows nor loses precision. Where times are not on a grid (running totals with
 * millisecond times) the stretches would outnumber the customers, and each group's integral is taken on
 * its own as {@link ParetoNbd} does.
 */
final class GroupedParetoNbdLikelihood implements ToDoubleFunction<double[]> {

    private static final int NODES = 8;
    private static final double[] NODE = new double[NODES];
    private static final double[] WEIGHT = new double[NODES];
    /**
     * The longest step, in units of the integrand's logarithmic slope (plus the rule's order, which bounds
     * the growth of its derivatives): an 8-point rule then errs by less than 1e-15 of the step's integral.
     */
    private static final double STEP = 3;
    private static final long STRETCHES_PER_INTEGRAL = 200;
    private static final long MAX_STRETCHES = 20_000_000;
    private static final int MAX_TIMES = 200_000;

    static {
        GaussIntegrator rule = new GaussIntegratorFactory().legendre(NODES, 0, 1);
        for (int i = 0; i < NODES; i++) {
            NODE[i] = rule.getPoint(i);
            WEIGHT[i] = rule.getWeight(i);
        }
    }

    private final CustomerGroups groups;
    /** The earliest t_x and the latest T of all (indices into the times): the stretches the integrals cover. */
    private final int firstTime;
    private final int lastTime;
    private final boolean onGrid;
    /**
     * The most steps the grid may take before one adaptive integral per group is cheaper: only at absurd
     * parameters an optimiser may try (a huge r, a tiny alpha) do the steps outgrow the stretches.
     */
    private final long maxSteps;

    GroupedParetoNbdLikelihood(CustomerGroups groups) {
        this.groups = groups;
        int first = Integer.MAX_VALUE;
        int last = -1;
        int withIntegral = 0;
        for (int g = 0; g < groups.groups(); g++) {
            first = Math.min(first, groups.txIndex[g]);
            last = Math.max(last, groups.tIndex[g]);
            if (groups.tIndex[g] > groups.txIndex[g]) {
                withIntegral++;
            }
        }
        firstTime = first;
        lastTime = last;
        long stretches = (long) groups.xValues.length * Math.max(0, last - first);
        // An adaptive integral costs a hundred integrand values or more (microseconds), a stretch of one x
        // eight multiplications: the grid wins unless its stretches outnumber the integrals by far. Bounded
        // besides, as the integrals keep a number per x and time, and the nodes eight per stretch.
        onGrid = stretches <= Math.min(STRETCHES_PER_INTEGRAL * withIntegral, MAX_STRETCHES) && last - first <= MAX_TIMES;
        maxSteps = 4L * groups.times.length + 10L * withIntegral;
    }

    @Override
    public double applyAsDouble(double[] p) {
        double r = p[0], alpha = p[1], s = p[2], beta = p[3];
        if (!(alpha > 0 && beta > 0 && r > 0 && s > 0)) {
            return Double.NaN;
        }
        int[] xs = groups.xValues;
        double[] times = groups.times;
        double[] common = new double[xs.length];
        double shared = -logGamma(r) + r * Math.log(alpha) + s * Math.log(beta);
        for (int j = 0; j < xs.length; j++) {
            common[j] = logGamma(r + xs[j]) + shared;
        }
        double[] logAlphaPlus = new double[times.length];
        double[] logBetaPlus = new double[times.length];
        for (int t = 0; t < times.length; t++) {
            logAlphaPlus[t] = Math.log(alpha + times[t]);
            logBetaPlus[t] = Math.log(beta + times[t]);
        }
        // Null where each group's integral is taken on its own: times not on a grid, or too many steps.
        DropOutIntegrals integrals = onGrid ? DropOutIntegrals.onGrid(this, p, logAlphaPlus, logBetaPlus) : null;
        double logS = Math.log(s);
        return ParallelSum.over(groups.groups(), (from, to) -> {
            double sum = 0;
            for (int g = from; g < to; g++) {
                int j = groups.xIndex[g];
                int x = xs[j];
                int tx = groups.txIndex[g];
                int T = groups.tIndex[g];
                double aliveAtT = -(r + x) * logAlphaPlus[T] - s * logBetaPlus[T];
                double logIntegral = integrals != null ? integrals.log(j, tx, T)
                        : ParetoNbd.logDropOutIntegral(p, x, times[tx], times[T]);
                sum += groups.count[g] * (common[j] + LogSpace.add(aliveAtT, logS + logIntegral));
            }
            return sum;
        });
    }

    /**
     * Per x, the integral from each time of the data to the last one, relative to the integrand at that
     * time (so it neither underflows nor overflows, whatever x): {@code fromTime[j][t]}. Built from the
     * last time back, stretch by stretch. Within a run of x values, each x's integrand is the previous
     * one's times (alpha + y)^-1, so at each node a multiplication carries it from one x to the next and
     * only the first x of a run takes an exponential.
     */
    private static final class DropOutIntegrals {
        /** x values per run of the recurrence: short enough that rounding cannot build up along it. */
        private static final int RUN = 32;

        private final double r;
        private final double n;
        private final int[] xs;
        private final double[] logAlphaPlus;
        private final double[] logBetaPlus;
        private final double[][] fromTime;

        private DropOutIntegrals(double[] p, int[] xs, double[] logAlphaPlus, double[] logBetaPlus, int times) {
            this.r = p[0];
            this.n = p[2] + 1;
            this.xs = xs;
            this.logAlphaPlus = logAlphaPlus;
            this.logBetaPlus = logBetaPlus;
            this.fromTime = new double[xs.length][times];
        }

        /** log of the integral from times[tx] to times[T] for x index j; -infinity when T = t_x. */
        double log(int j, int tx, int T) {
            if (T <= tx) {
                return Double.NEGATIVE_INFINITY;
            }
            double m = r + xs[j];
            double logAtTx = logIntegrand(m, tx);
            double tail = fromTime[j][T] * Math.exp(logIntegrand(m, T) - logAtTx);
            return logAtTx + Math.log(fromTime[j][tx] - tail);
        }

        private double logIntegrand(double m, int t) {
            return -m * logAlphaPlus[t] - n * logBetaPlus[t];
        }

        /** The integrals on the data's time grid; null where that would take more than the owner's maxSteps. */
        static DropOutIntegrals onGrid(GroupedParetoNbdLikelihood owner, double[] p, double[] logAlphaPlus,
                                       double[] logBetaPlus) {
            double alpha = p[1], beta = p[3];
            CustomerGroups groups = owner.groups;
            int[] xs = groups.xValues;
            double[] times = groups.times;
            DropOutIntegrals integrals = new DropOutIntegrals(p, xs, logAlphaPlus, logBetaPlus, times.length);
            int from = owner.firstTime;
            int to = owner.lastTime;
            if (to <= from) {
                return integrals;
            }
            // Nodes shared by every x: each stretch in steps short enough for the steepest integrand (the largest x).
            Nodes nodes = Nodes.between(times, from, to, alpha, beta, integrals.r + xs[xs.length - 1], integrals.n,
                    owner.maxSteps);
            if (nodes == null) {
                return null;
            }
            int runs = (xs.length + RUN - 1) / RUN;
            java.util.stream.IntStream.range(0, runs).parallel()
                    .forEach(run -> integrals.fill(nodes, run * RUN, Math.min(xs.length, (run + 1) * RUN), from, to));
            return integrals;
        }

        /** Fills fromTime for x indices first..last-1 over times from..to. */
        private void fill(Nodes nodes, int first, int last, int from, int to) {
            double[] stretch = new double[last - first];
            for (int t = to - 1; t >= from; t--) {
                Arrays.fill(stretch, 0);
                for (int i = nodes.start[t]; i < nodes.start[t + 1]; i++) {
                    double perX = Math.exp(-nodes.logAlphaRatio[i]);
                    double value = 0;
                    for (int j = first; j < last; j++) {
                        value = j > first && xs[j] == xs[j - 1] + 1 ? value * perX
                                : nodes.weight[i] * Math.exp(-(r + xs[j]) * nodes.logAlphaRatio[i] - n * nodes.logBetaRatio[i]);
                        stretch[j - first] += value;
                    }
                }
                // The integral from the next time on, relative to the integrand there, scaled to this time's.
                double perX = Math.exp(-(logAlphaPlus[t + 1] - logAlphaPlus[t]));
                double ratio = 0;
                for (int j = first; j < last; j++) {
                    ratio = j > first && xs[j] == xs[j - 1] + 1 ? ratio * perX
                            : Math.exp(logIntegrand(r + xs[j], t + 1) - logIntegrand(r + xs[j], t));
                    fromTime[j][t] = stretch[j - first] + fromTime[j][t + 1] * ratio;
                }
            }
        }
    }

    /**
     * Gauss-Legendre nodes of every stretch between consecutive times: stretch t's are
     * {@code start[t] .. start[t + 1] - 1}, each with its weight and log((alpha + y) / (alpha + t0)) and
     * log((beta + y) / (beta + t0)), t0 the stretch's start, so the integrand relative to its value at t0
     * is exp(-m logAlphaRatio - n logBetaRatio).
     */
    private record Nodes(int[] start, double[] weight, double[] logAlphaRatio, double[] logBetaRatio) {

        /** Null when the stretches would take more than {@code maxSteps} steps. */
        static Nodes between(double[] times, int from, int to, double alpha, double beta, double mMax, double n,
                             long maxSteps) {
            int[] start = new int[times.length + 1];
            double[] weight = new double[NODES * (to - from) * 2];
            double[] logAlphaRatio = new double[weight.length];
            double[] logBetaRatio = new double[weight.length];
            int size = 0;
            long steps = 0;
            for (int t = from; t < to; t++) {
                start[t] = size;
                double t0 = times[t];
                double y = t0;
                while (y < times[t + 1]) {
                    // The integrand's logarithmic slope falls with y: the slope at the step's start bounds it.
                    double slope = (mMax + NODES) / (alpha + y) + (n + NODES) / (beta + y);
                    double width = Math.min(times[t + 1] - y, STEP / slope);
                    if (++steps > maxSteps || !(width > 0)) {
                        return null;
                    }
                    if (size + NODES > weight.length) {
                        int grown = 2 * weight.length;
                        weight = Arrays.copyOf(weight, grown);
                        logAlphaRatio = Arrays.copyOf(logAlphaRatio, grown);
                        logBetaRatio = Arrays.copyOf(logBetaRatio, grown);
                    }
                    for (int i = 0; i < NODES; i++) {
                        double node = y + width * NODE[i];
                        weight[size] = width * WEIGHT[i];
                        logAlphaRatio[size] = Math.log1p((node - t0) / (alpha + t0));
                        logBetaRatio[size] = Math.log1p((node - t0) / (beta + t0));
                        size++;
                    }
                    y = width == times[t + 1] - y ? times[t + 1] : y + width;
                }
            }
            for (int t = to; t <= times.length; t++) {
                start[t] = size;
            }
            return new Nodes(start, weight, logAlphaRatio, logBetaRatio);
        }
    }
}
