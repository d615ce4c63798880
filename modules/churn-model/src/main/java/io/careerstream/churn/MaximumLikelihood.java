package io.careerstream.churn;

import java.util.List;
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

    /** Fitted parameters, their standard errors (NaN where the Hessian is singular) and the maximum. */
    public record Fit(List<String> names, double[] parameters, double[] standardErrors, double logLikelihood,
                      int evaluations) {
        public double get(String name) {
            return parameters[names.indexOf(name)];
        }
    }

    private MaximumLikelihood() {
    }

    public static Fit fit(List<String> names, double[] start, ToDoubleFunction<double[]> logLikelihood) {
        ToDoubleFunction<double[]> onLogScale = theta -> {
            double[] p = new double[theta.length];
            for (int i = 0; i < theta.length; i++) {
                p[i] = Math.exp(theta[i]);
            }
            double ll = logLikelihood.applyAsDouble(p);
            return Double.isFinite(ll) ? ll : -1e300;
        };
        double[] theta = new double[start.length];
        for (int i = 0; i < start.length; i++) {
            theta[i] = Math.log(start[i]);
        }
        double best = Double.NEGATIVE_INFINITY;
        int evaluations = 0;
        for (int restart = 0; restart < 8; restart++) {
            SimplexOptimizer optimizer = new SimplexOptimizer(1e-13, 1e-13);
            PointValuePair result = optimizer.optimize(new MaxEval(100_000),
                    new ObjectiveFunction(onLogScale::applyAsDouble), GoalType.MAXIMIZE,
                    new InitialGuess(theta), new NelderMeadSimplex(theta.length, restart == 0 ? 0.5 : 0.05));
            evaluations += optimizer.getEvaluations();
            theta = result.getPoint();
            boolean improved = result.getValue() > best + 1e-9;
            best = Math.max(best, result.getValue());
            if (!improved && restart > 0) {
                break;
            }
        }
        double[] parameters = new double[theta.length];
        for (int i = 0; i < theta.length; i++) {
            parameters[i] = Math.exp(theta[i]);
        }
        return new Fit(List.copyOf(names), parameters, standardErrors(parameters, logLikelihood), best, evaluations);
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
