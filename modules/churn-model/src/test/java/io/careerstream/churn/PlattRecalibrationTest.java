package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;

class PlattRecalibrationTest {

    private static final int CUSTOMERS = 40_000;

    @Test
    void calibratedPredictionsLearnTheIdentity() {
        RandomGenerator random = new Well19937c(11);
        double[] p = SyntheticOutcomes.spread(random, CUSTOMERS);
        boolean[] bought = SyntheticOutcomes.draw(p, random);

        PlattRecalibration learned = PlattRecalibration.fit(p, bought);

        assertThat(learned.intercept()).isCloseTo(0, within(0.06));
        assertThat(learned.slope()).isCloseTo(1, within(0.05));
        double chance = ReliabilityTable.expectedCalibrationErrorByChance(p, 20, 3);
        assertThat(ReliabilityTable.of("after", learned.apply(p), bought).expectedCalibrationError()).isLessThan(2 * chance);
    }

    @Test
    void aKnownLogitDistortionIsFoundAndUndone() {
        RandomGenerator random = new Well19937c(12);
        double[] truth = SyntheticOutcomes.spread(random, CUSTOMERS);
        boolean[] bought = SyntheticOutcomes.draw(truth, random);
        // The model's logit is (logit(truth) − 0.5) / 1.5: too low and too flat; Platt must learn a = 0.5, b = 1.5.
        double[] model = new double[CUSTOMERS];
        for (int i = 0; i < CUSTOMERS; i++) {
            double z = (Math.log(truth[i] / (1 - truth[i])) - 0.5) / 1.5;
            model[i] = 1 / (1 + Math.exp(-z));
        }

        PlattRecalibration learned = PlattRecalibration.fit(model, bought);

        assertThat(learned.intercept()).isCloseTo(0.5, within(0.08));
        assertThat(learned.slope()).isCloseTo(1.5, within(0.08));
        double chance = ReliabilityTable.expectedCalibrationErrorByChance(truth, 20, 3);
        assertThat(ReliabilityTable.of("model", model, bought).expectedCalibrationError()).isGreaterThan(5 * chance);
        assertThat(ReliabilityTable.of("recalibrated", learned.apply(model), bought).expectedCalibrationError())
                .isLessThan(2 * chance);
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PlattRecalibration.fit(new double[] {0.2, 0.3}, new boolean[] {false, false}))
                .hasMessageContaining("who bought and who did not");
        assertThatThrownBy(() -> PlattRecalibration.fit(new double[] {0.2, 0.3}, new boolean[] {false}))
                .hasMessageContaining("one outcome per prediction");
        assertThatThrownBy(() -> PlattRecalibration.fit(new double[] {0.2, 0.2, 0.2, 0.2}, new boolean[] {false, true, false, true}))
                .hasMessageContaining("not identified");
        assertThatThrownBy(() -> new PlattRecalibration(Double.NaN, 1)).hasMessageContaining("finite");
    }
}
