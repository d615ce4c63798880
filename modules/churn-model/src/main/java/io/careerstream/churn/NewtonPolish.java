package io.careerstream.churn;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealVector;

/**
 * The last stretch of a maximum-likelihood fit from a start already near the maximum: Newton's method on
 * the parameters' logarithms, the gradient and Hessian by finite differences. Near the maximum a step
 * gains several digits, where Nelder-Mead needs hundreds of evaluations to shrink its simplex as far; a
 * step costs 2n + 1 evaluations (the gradient and the step), and n (n - 1) / 2 more when the Hessian is
 * taken (first, unless the caller has a good guess of it, and again whenever a step is more than 0.3 of
 * the one before: the Hessian of a point further back no longer fits). It stops when a step moves no
 * parameter by more than {@link #CONVERGED} of itself, or when the steps shrink so fast that the next
 * would move none by a tenth of that.
 *
 * <p>It gives up (null) rather than guess where the likelihood is not clearly peaked: a Hessian that is
 * not negative definite (a parameter the data does not pin down, such as a mixture weight driven to 0), a
 * step no shorter one improves on, or no convergence in {@link #MAX_STEPS} steps. The caller then
 * falls back on Nelder-Mead.
 */
final class NewtonPolish {

    /** Finite-difference step on the log scale: the third derivative's error against rounding's. */
    private static final double H = 1e-4;
    /** Converged when a step moves no parameter by more than this share of it (log scale). */
    static final double CONVERGED = 1e-6;
    static final int MAX_STEPS = 12;
    /** The longest step on the log scale. */
    private static final double MAX_STEP = 1;

    private NewtonPolish() {
    }

    /** The maximum near {@code start} (parameters, not logarithms), or null where Newton's method gives up. */
    static MaximumLikelihood.Fit polish(List<String> names, double[] start, ToDoubleFunction<double[]> logLikelihood) {
        return polish(names, start, logLikelihood, null);
    }

    /**
     * As {@link #polish(List, double[], ToDoubleFunction)}, with a first guess of the negative Hessian on the log
     * scale ({@link #negativeHessian}), null to take it at {@code start}.
     */
    static MaximumLikelihood.Fit polish(List<String> names, double[] start, ToDoubleFunction<double[]> logLikelihood,
                                       double[][] firstNegativeHessian) {
        ToDoubleFunction<double[]> f = MaximumLikelihood.onLogScale(logLikelihood);
        int n = start.length;
        double[] theta = logs(start);
        double value = f.applyAsDouble(theta);
        int evaluations = 1;
        CholeskyDecomposition negativeHessian = null;
        if (firstNegativeHessian != null) {
            try {
                negativeHessian = new CholeskyDecomposition(MatrixUtils.createRealMatrix(firstNegativeHessian), 1e-12, 0);
            } catch (MathIllegalArgumentException notPeaked) {
                negativeHessian = null;
            }
        }
        double previousStep = Double.POSITIVE_INFINITY;
        for (int step = 0; step < MAX_STEPS; step++) {
            double[] plus = new double[n];
            double[] minus = new double[n];
            double[] gradient = new double[n];
            for (int i = 0; i < n; i++) {
                plus[i] = f.applyAsDouble(moved(theta, i, H, -1, 0));
                minus[i] = f.applyAsDouble(moved(theta, i, -H, -1, 0));
                gradient[i] = (plus[i] - minus[i]) / (2 * H);
            }
            evaluations += 2 * n;
            if (negativeHessian == null) {
                double[][] h = negativeHessian(f, theta, value, plus, minus);
                evaluations += n * (n - 1) / 2;
                try {
                    negativeHessian = new CholeskyDecomposition(MatrixUtils.createRealMatrix(h), 1e-12, 0);
                } catch (MathIllegalArgumentException notPeaked) {
                    return null;
                }
            }
            RealVector direction = negativeHessian.getSolver().solve(MatrixUtils.createRealVector(gradient));
            double longest = direction.getLInfNorm();
            if (!Double.isFinite(longest)) {
                return null;
            }
            // The step, at most a factor e on any parameter (far from the maximum the quadratic model does not hold),
            // halved until it gains; a step below the convergence threshold is taken as is (there the likelihood's
            // change is within its rounding).
            double scale = Math.min(1, MAX_STEP / longest);
            double[] next = null;
            double nextValue = Double.NaN;
            for (int halving = 0; halving < 30; halving++) {
                double[] candidate = theta.clone();
                for (int i = 0; i < n; i++) {
                    candidate[i] += scale * direction.getEntry(i);
                }
                double candidateValue = f.applyAsDouble(candidate);
                evaluations++;
                if (candidateValue >= value || scale * longest < CONVERGED) {
                    next = candidate;
                    nextValue = candidateValue;
                    break;
                }
                scale /= 2;
            }
            if (next == null) {
                return null;
            }
            double moved = scale * longest;
            if (nextValue >= value) {
                theta = next;
                value = nextValue;
            }
            // Steps shrink by about the same factor each (the Hessian is the one of an earlier point), so what is
            // left after this one is about that factor times it.
            double rate = moved / previousStep;
            if (moved < CONVERGED || (scale == 1 && step > 0 && rate < 0.5 && rate * moved < CONVERGED / 10)) {
                return MaximumLikelihood.fitAt(names, theta, value, evaluations, logLikelihood);
            }
            if (moved > 0.3 * previousStep) {
                // Slow progress: the Hessian taken further back no longer fits; take it here.
                negativeHessian = null;
            }
            previousStep = moved;
        }
        return null;
    }

    /** The parameters' logarithms. */
    static double[] logs(double[] parameters) {
        double[] theta = new double[parameters.length];
        for (int i = 0; i < parameters.length; i++) {
            theta[i] = Math.log(parameters[i]);
        }
        return theta;
    }

    /** The negative Hessian of the likelihood on the log scale at {@code parameters}, by finite differences. */
    static double[][] negativeHessian(ToDoubleFunction<double[]> logLikelihood, double[] parameters) {
        ToDoubleFunction<double[]> f = MaximumLikelihood.onLogScale(logLikelihood);
        double[] theta = logs(parameters);
        int n = theta.length;
        double[] plus = new double[n];
        double[] minus = new double[n];
        for (int i = 0; i < n; i++) {
            plus[i] = f.applyAsDouble(moved(theta, i, H, -1, 0));
            minus[i] = f.applyAsDouble(moved(theta, i, -H, -1, 0));
        }
        return negativeHessian(f, theta, f.applyAsDouble(theta), plus, minus);
    }

    /** From the values at theta and one step up and down each axis, and one step up two axes at once (taken here). */
    private static double[][] negativeHessian(ToDoubleFunction<double[]> f, double[] theta, double value, double[] plus,
                                              double[] minus) {
        int n = theta.length;
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            h[i][i] = -(plus[i] - 2 * value + minus[i]) / (H * H);
            for (int j = i + 1; j < n; j++) {
                double both = f.applyAsDouble(moved(theta, i, H, j, H));
                h[i][j] = -(both - plus[i] - plus[j] + value) / (H * H);
                h[j][i] = h[i][j];
            }
        }
        return h;
    }

    private static double[] moved(double[] theta, int i, double di, int j, double dj) {
        double[] q = theta.clone();
        q[i] += di;
        if (j >= 0) {
            q[j] += dj;
        }
        return q;
    }
}
