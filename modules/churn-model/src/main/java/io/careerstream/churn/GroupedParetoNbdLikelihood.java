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
 * then a difference of two sums. Taken as logarithms, so that large x neither underflows nor loses
 * precision. Where times are not on a grid (running totals with millisecond times) the stretches would
 * outnumber the customers, and each group's integral is taken on its own as {@link ParetoNbd} does.
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
    /** More steps than this only at absurd parameters an optimiser may try: no value there, as for ParetoNbd. */
    private static final int MAX_STEPS = 2_000_000;

    static {
        GaussIntegrator rule = new GaussIntegratorFactory().legendre(NODES, 0, 1);
        for (int i = 0; i < NODES; i++) {
            NODE[i] = rule.getPoint(i);
            WEIGHT[i] = rule.getWeight(i);
        }
    }

    private final CustomerGroups groups;
    /** Per distinct x: the earliest t_x and the latest T among its groups (indices into the times). */
    private final int[] firstTime;
    private final int[] lastTime;
    private final boolean onGrid;

    GroupedParetoNbdLikelihood(CustomerGroups groups) {
        this.groups = groups;
        int xCount = groups.xValues.length;
        firstTime = new int[xCount];
        lastTime = new int[xCount];
        Arrays.fill(firstTime, Integer.MAX_VALUE);
        Arrays.fill(lastTime, -1);
        int withIntegral = 0;
        for (int g = 0; g < groups.groups(); g++) {
            int j = groups.xIndex[g];
            firstTime[j] = Math.min(firstTime[j], groups.txIndex[g]);
            lastTime[j] = Math.max(lastTime[j], groups.tIndex[g]);
            if (groups.tIndex[g] > groups.txIndex[g]) {
                withIntegral++;
            }
        }
        long stretches = 0;
        for (int j = 0; j < xCount; j++) {
            stretches += Math.max(0, lastTime[j] - firstTime[j]);
        }
        // An adaptive integral costs a hundred integrand values or more, a stretch about ten.
        onGrid = stretches <= 10L * withIntegral;
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
        DropOutIntegrals integrals = onGrid ? DropOutIntegrals.onGrid(this, p, logAlphaPlus, logBetaPlus) : null;
        if (integrals != null && integrals.tooManySteps) {
            return Double.NaN;
        }
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

    /** Per x, the log of the integral from each time of the data to the last one that x needs. */
    private static final class DropOutIntegrals {
        private final int[] firstTime;
        /** For x index j: log of the integral from time firstTime[j] + i to lastTime[j] at offset[j] + i. */
        private final int[] offset;
        private final double[] logFromTime;
        private boolean tooManySteps;

        private DropOutIntegrals(int[] firstTime, int[] offset, double[] logFromTime) {
            this.firstTime = firstTime;
            this.offset = offset;
            this.logFromTime = logFromTime;
        }

        /** log of the integral from times[tx] to times[T] for x index j; -infinity when T = t_x. */
        double log(int j, int tx, int T) {
            if (T <= tx) {
                return Double.NEGATIVE_INFINITY;
            }
            double fromTx = logFromTime[offset[j] + tx - firstTime[j]];
            double fromT = logFromTime[offset[j] + T - firstTime[j]];
            return fromTx + Math.log(1 - Math.exp(fromT - fromTx));
        }

        static DropOutIntegrals onGrid(GroupedParetoNbdLikelihood owner, double[] p, double[] logAlphaPlus,
                                       double[] logBetaPlus) {
            double r = p[0], alpha = p[1], s = p[2], beta = p[3];
            CustomerGroups groups = owner.groups;
            int[] xs = groups.xValues;
            double[] times = groups.times;
            int[] offset = new int[xs.length];
            int size = 0;
            int from = Integer.MAX_VALUE;
            int to = -1;
            for (int j = 0; j < xs.length; j++) {
                offset[j] = size;
                if (owner.lastTime[j] >= owner.firstTime[j]) {
                    size += owner.lastTime[j] - owner.firstTime[j] + 1;
                    from = Math.min(from, owner.firstTime[j]);
                    to = Math.max(to, owner.lastTime[j]);
                }
            }
            DropOutIntegrals integrals = new DropOutIntegrals(owner.firstTime, offset, new double[size]);
            if (to <= from) {
                Arrays.fill(integrals.logFromTime, Double.NEGATIVE_INFINITY);
                return integrals;
            }
            // Nodes shared by every x: each stretch in steps short enough for the steepest integrand (the largest x).
            Nodes nodes = Nodes.between(times, from, to, alpha, beta, r + xs[xs.length - 1], s + 1);
            if (nodes == null) {
                integrals.tooManySteps = true;
                return integrals;
            }
            double n = s + 1;
            java.util.stream.IntStream.range(0, xs.length).parallel().forEach(j -> {
                int first = owner.firstTime[j];
                int last = owner.lastTime[j];
                if (last < first) {
                    return;
                }
                double m = r + xs[j];
                double[] out = integrals.logFromTime;
                out[offset[j] + last - first] = Double.NEGATIVE_INFINITY;
                for (int t = last - 1; t >= first; t--) {
                    double stretch = 0;
                    for (int i = nodes.start[t]; i < nodes.start[t + 1]; i++) {
                        stretch += nodes.weight[i] * Math.exp(-m * nodes.logAlphaRatio[i] - n * nodes.logBetaRatio[i]);
                    }
                    double logStretch = -m * logAlphaPlus[t] - n * logBetaPlus[t] + Math.log(stretch);
                    out[offset[j] + t - first] = LogSpace.add(logStretch, out[offset[j] + t + 1 - first]);
                }
            });
            return integrals;
        }
    }

    /**
     * Gauss-Legendre nodes of every stretch between consecutive times: stretch t's are
     * {@code start[t] .. start[t + 1] - 1}, each with its weight and log((alpha + y) / (alpha + t0)) and
     * log((beta + y) / (beta + t0)), t0 the stretch's start, so the integrand relative to its value at t0
     * is exp(-m logAlphaRatio - n logBetaRatio).
     */
    private record Nodes(int[] start, double[] weight, double[] logAlphaRatio, double[] logBetaRatio) {

        static Nodes between(double[] times, int from, int to, double alpha, double beta, double mMax, double n) {
            int[] start = new int[times.length + 1];
            double[] weight = new double[NODES * (to - from) * 2];
            double[] logAlphaRatio = new double[weight.length];
            double[] logBetaRatio = new double[weight.length];
            int size = 0;
            int steps = 0;
            for (int t = from; t < to; t++) {
                start[t] = size;
                double t0 = times[t];
                double y = t0;
                while (y < times[t + 1]) {
                    // The integrand's logarithmic slope falls with y: the slope at the step's start bounds it.
                    double slope = (mMax + NODES) / (alpha + y) + (n + NODES) / (beta + y);
                    double width = Math.min(times[t + 1] - y, STEP / slope);
                    if (++steps > MAX_STEPS || !(width > 0)) {
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
