package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class NewtonPolishTest {

    private static final List<String> NAMES = List.of("u", "v", "w");
    /** The maximum of {@link #peaked}, on the log scale. */
    private static final double[] PEAK = {0.4, -1.2, 2.0};

    /** Concave on the log scale with coupled parameters and a quartic term: not Newton's quadratic model. */
    private static final ToDoubleFunction<double[]> peaked = p -> {
        double u = Math.log(p[0]) - PEAK[0];
        double v = Math.log(p[1]) - PEAK[1];
        double w = Math.log(p[2]) - PEAK[2];
        return 1e5 - 4e4 * (u * u + 2 * v * v + w * w + u * v - 0.5 * v * w + u * u * u * u + v * v * v * v);
    };

    @Test
    void fromNearTheMaximumItFindsItInAFewSteps() {
        double[] start = {Math.exp(PEAK[0] + 0.2), Math.exp(PEAK[1] - 0.15), Math.exp(PEAK[2] + 0.1)};
        MaximumLikelihood.Fit fit = NewtonPolish.polish(NAMES, start, peaked);

        assertThat(fit).isNotNull();
        for (int i = 0; i < PEAK.length; i++) {
            assertThat(Math.log(fit.parameters()[i])).as(NAMES.get(i)).isCloseTo(PEAK[i], within(1e-6));
        }
        assertThat(fit.logLikelihood()).isCloseTo(1e5, within(1e-6));
        assertThat(fit.evaluations()).isLessThan(100);
    }

    @Test
    void aGivenCurvatureIsWhereItStartsAndItStillEndsAtTheMaximum() {
        double[] start = {Math.exp(PEAK[0] + 0.05), Math.exp(PEAK[1]), Math.exp(PEAK[2] - 0.05)};
        // A curvature off by a fifth, as a subsample's scaled to all customers might be.
        double[][] rough = NewtonPolish.negativeHessian(peaked, start);
        for (double[] row : rough) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 1.2;
            }
        }
        MaximumLikelihood.Fit fit = NewtonPolish.polish(NAMES, start, peaked, rough);

        assertThat(fit).isNotNull();
        for (int i = 0; i < PEAK.length; i++) {
            assertThat(Math.log(fit.parameters()[i])).as(NAMES.get(i)).isCloseTo(PEAK[i], within(1e-6));
        }
    }

    @Test
    void whereTheLikelihoodIsFlatInADirectionItGivesUp() {
        ToDoubleFunction<double[]> flatInW = p -> {
            double u = Math.log(p[0]) - PEAK[0];
            double v = Math.log(p[1]) - PEAK[1];
            return -4e4 * (u * u + v * v);
        };
        assertThat(NewtonPolish.polish(NAMES, new double[] {1, 1, 1}, flatInW)).isNull();
    }

    @Test
    void theStandardErrorsAreTakenOnFirstUseOnly() {
        int[] calls = {0};
        ToDoubleFunction<double[]> counted = p -> {
            calls[0]++;
            return peaked.applyAsDouble(p);
        };
        MaximumLikelihood.Fit fit = NewtonPolish.polish(NAMES, new double[] {1.5, 0.3, 7.5}, counted);
        assertThat(calls[0]).isEqualTo(fit.evaluations());

        double[] errors = fit.standardErrors();
        int afterFirst = calls[0];
        assertThat(afterFirst).isGreaterThan(fit.evaluations());
        assertThat(fit.standardErrors()).isSameAs(errors);
        assertThat(calls[0]).isEqualTo(afterFirst);
        for (double se : errors) {
            assertThat(se).isFinite().isPositive();
        }
    }
}
