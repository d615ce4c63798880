package io.careerstream.churn;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum-likelihood fit of strictly positive parameters: Nelder-Mead (Hipparchus) on their
 * logarithms, restarted from its own optimum until the likelihood stops improving; standard
 * errors from the inverse of the numerically differentiated Hessian.
 */
public final class MaximumLikelihood {

    /**
     * Fitted parameters, their standard errors (NaN where the Hessian is singular) and the maximum. The
     * standard errors cost about 4 n^2 / 2 evaluations of the likelihood; a fit whose errors nobody reads
     * (the holdout check's, a model not picked) should not pay for them, so they are taken on first use.
     */
    public static final class Fit {
        private final List<String> names;
        private final double[] parameters;
        private final double logLikelihood;
        private final int evaluations;
        private Supplier<double[]> standardErrorsToTake;
        private double[] standardErrors;

        public Fit(List<String> names, double[] parameters, double[] standardErrors, double logLikelihood, int evaluations) {
            this(names, parameters, () -> standardErrors, logLikelihood, evaluations);
        }

        Fit(List<String> names, double[] parameters, Supplier<double[]> standardErrors, double logLikelihood,
            int evaluations) {
            this.names = names;
            this.parameters = parameters;
            this.standardErrorsToTake = standardErrors;
            this.logLikelihood = logLikelihood;
            this.evaluations = evaluations;
        }

        public List<String> names() {
            return names;
        }

        public double[] parameters() {
            return parameters;
        }

        /** Taken once, on the first call. */
        public synchronized double[] standardErrors() {
            if (standardErrors == null) {
                standardErrors = standardErrorsToTake.get();
                standardErrorsToTake = null;
            }
            return standardErrors;
        }

        public double logLikelihood() {
            return logLikelihood;
        }

        /** Evaluations of the likelihood the fit took (on all the customers; not counting the standard errors). */
        public int evaluations() {
            return evaluations;
        }

        public double get(String name) {
            return parameters[names.indexOf(name)];
        }
    }

    private MaximumLikelihood() {
    }

    /** Nelder-Mead from {@code start}, the first simplex 0.5 wide on the log scale. */
    public static Fit fit(List<String> names, double[] start, ToDoubleFunction<double[]> logLikelihood) {
        return fit(names, start, logLikelihood, 0.5, TOLERANCE);
    }

    /** The simplex's convergence threshold (relative and absolute, on the likelihood): as tight as doubles allow. */
    static final double TOLERANCE = 1e-13;

    /**
     * Nelder-Mead from {@code start}, its first simplex {@code firstSimplex} wide on the log scale, restarted
     * 0.05 wide from its own optimum until the likelihood stops improving; it stops when an iteration changes
     * the best value by less than {@code tolerance} (relative or absolute).
     */
    static Fit fit(List<String> names, double[] start, ToDoubleFunction<double[]> logLikelihood, double firstSimplex,
                   double tolerance) {
        ToDoubleFunction<double[]> onLogScale = onLogScale(logLikelihood);
        double[] theta = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            theta[i] = Math.log(start[i]);
        }
        double best = Double.NEGATIVE_INFINITY;
        int evaluations = 0;
        for (int restart = 0; restart < 8; restart++) {
            SimplexOptimizer optimizer = new SimplexOptimizer(tolerance, tolerance);
            PointValuePair result = optimizer.optimize(new MaxEval(100_000),
                    new ObjectiveFunction(onLogScale::applyAsDouble), GoalType.MAXIMIZE,
                    new InitialGuess(theta), new NelderMeadSimplex(theta.length, restart == 0 ? firstSimplex : 0.05));
            evaluations += optimizer.getEvaluations();
            theta = result.getPoint();
            boolean improved = result.getValue() > best + 1e-9;
            best = Math.max(best, result.getValue());
            if (!improved && restart > 0) {
                break;
            }
        }
        return fitAt(names, theta, best, evaluations, logLikelihood);
    }

    /** The fit at {@code theta} (log scale), its standard errors taken when first read. */
    static Fit fitAt(List<String> names, double[] theta, double logLikelihood, int evaluations,
                     ToDoubleFunction<double[]> likelihood) {
        double[] parameters = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            parameters[i] = Math.exp(theta[i]);
        }
        return new Fit(List.copyOf(names), parameters, () -> standardErrors(parameters, likelihood), logLikelihood,
                evaluations);
    }

    /** The likelihood of the parameters' logarithms; where it is not finite, a value below any real one. */
    static ToDoubleFunction<double[]> onLogScale(ToDoubleFunction<double[]> logLikelihood) {
        return theta -> {
            double[] p = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                p[i] = Math.exp(theta[i]);
            }
            double ll = logLikelihood.applyAsDouble(p);
            return Double.isFinite(ll) ? ll : -1e300;
        };
    }

    static double[] standardErrors(double[] p, ToDoubleFunction<double[]> ll) {
        int n = p.length;
        double[][] h = new double[n][n];
        double[] step = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = 1e-4 * Math.max(Math.abs(p[i]), 1e-3);
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = (at(ll, p, i, step[i], j, step[j]) - at(ll, p, i, step[i], j, -step[j])
                        - at(ll, p, i, -step[i], j, step[j]) + at(ll, p, i, -step[i], j, -step[j]))
                        / (4 * step[i] * step[j]);
                h[i][j] = v;
                h[j][i] = v;
            }
        }
        double[] se = new double[n];
        try {
            RealMatrix covariance = MatrixUtils.inverse(MatrixUtils.createRealMatrix(h).scalarMultiply(-1));
            for (int i = 0; i < n; i++) {
                double var = covariance.getEntry(i, i);
                se[i] = var > 0 ? Math.sqrt(var) : Double.NaN;
            }
        } catch (RuntimeException singular) {
            java.util.Arrays.fill(se, Double.NaN);
        }
        return se;
    }

    private static double at(ToDoubleFunction<double[]> ll, double[] p, int i, double di, int j, double dj) {
        double[] q = p.clone();
        q[i] += di;
        q[j] += dj;
        return ll.applyAsDouble(q);
    }
}
