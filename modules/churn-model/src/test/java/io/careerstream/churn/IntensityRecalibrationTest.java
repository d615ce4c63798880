package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import org.hipparchus.random.RandomGenerator;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;

class IntensityRecalibrationTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261207L);
    private static final int CUSTOMERS = 40_000;

    @Test
    void calibratedPredictionsLearnAFactorOfOneAndStayCalibrated() {
        RandomGenerator random = new Well19937c(1);
        double[] p = SyntheticOutcomes.spread(random, CUSTOMERS);
        boolean[] bought = SyntheticOutcomes.draw(p, random);

        IntensityRecalibration learned = IntensityRecalibration.fit(p, bought);
        double[] recalibrated = learned.apply(p);

        assertThat(learned.factor()).isCloseTo(1.0, within(0.03));
        double chance = ReliabilityTable.expectedCalibrationErrorByChance(p, 20, 3);
        assertThat(ReliabilityTable.of("after", recalibrated, bought).expectedCalibrationError()).isLessThan(2 * chance);
    }

    @Test
    void aKnownUnderstatementOfTheIntensityIsFoundAndUndone() {
        RandomGenerator random = new Well19937c(2);
        double[] truth = SyntheticOutcomes.spread(random, CUSTOMERS);
        boolean[] bought = SyntheticOutcomes.draw(truth, random);
        // The model sees 1/1.4 of every customer's intensity: P(none) = (1 − truth)^(1/1.4).
        double[] model = new IntensityRecalibration(1 / 1.4).apply(truth);

        IntensityRecalibration learned = IntensityRecalibration.fit(model, bought);

        assertThat(learned.factor()).isCloseTo(1.4, within(0.05));
        double chance = ReliabilityTable.expectedCalibrationErrorByChance(truth, 20, 3);
        assertThat(ReliabilityTable.of("model", model, bought).expectedCalibrationError()).isGreaterThan(5 * chance);
        assertThat(ReliabilityTable.of("recalibrated", learned.apply(model), bought).expectedCalibrationError())
                .isLessThan(2 * chance);
    }

    /**
     * Learned on a 13-week horizon, applied to a 39-week one: Poisson buyers whose rates the model
     * understates by a factor 1.3 (their true P(purchase in t) = 1 − e^{−λt}, the model's 1 − e^{−λt/1.3}).
     * The factor learned on the short horizon calibrates the long one, which a map of p would not.
     */
    @Test
    void theFactorLearnedOnAShortHorizonCalibratesALongOne() {
        RandomGenerator random = new Well19937c(4);
        double[] rate = new double[CUSTOMERS];
        for (int i = 0; i < CUSTOMERS; i++) {
            rate[i] = 0.005 + 0.05 * random.nextDouble();
        }
        double[] short13 = new double[CUSTOMERS];
        double[] long39 = new double[CUSTOMERS];
        boolean[] boughtShort = new boolean[CUSTOMERS];
        boolean[] boughtLong = new boolean[CUSTOMERS];
        for (int i = 0; i < CUSTOMERS; i++) {
            short13[i] = -Math.expm1(-rate[i] * 13 / 1.3);
            long39[i] = -Math.expm1(-rate[i] * 39 / 1.3);
            boughtShort[i] = random.nextDouble() < -Math.expm1(-rate[i] * 13);
            boughtLong[i] = random.nextDouble() < -Math.expm1(-rate[i] * 39);
        }

        IntensityRecalibration learned = IntensityRecalibration.fit(short13, boughtShort);
        double[] recalibrated = learned.apply(long39);

        assertThat(learned.factor()).isCloseTo(1.3, within(0.08));
        double chance = ReliabilityTable.expectedCalibrationErrorByChance(recalibrated, 20, 3);
        assertThat(ReliabilityTable.of("raw", long39, boughtLong).expectedCalibrationError()).isGreaterThan(0.05);
        assertThat(ReliabilityTable.of("recalibrated", recalibrated, boughtLong).expectedCalibrationError())
                .isLessThan(2 * chance);
    }

    @Test
    void theMapIsMonotoneKeepsTheEndsAndOneIsNoChange() {
        qt().withFixedSeed(SEED).forAll(doubles().between(0.01, 20), doubles().between(0, 1), doubles().between(0, 1))
                .checkAssert((c, a, b) -> {
                    IntensityRecalibration r = new IntensityRecalibration(c);
                    double low = Math.min(a, b);
                    double high = Math.max(a, b);
                    assertThat(r.apply(low)).isLessThanOrEqualTo(r.apply(high)).isBetween(0.0, 1.0);
                    assertThat(IntensityRecalibration.IDENTITY.apply(a)).isCloseTo(a, within(1e-12));
                    assertThat(1 - r.apply(a)).isCloseTo(Math.pow(1 - a, c), within(1e-12));
                });
        IntensityRecalibration twice = new IntensityRecalibration(2);
        assertThat(twice.apply(0.0)).isEqualTo(0.0);
        assertThat(twice.apply(1.0)).isEqualTo(1.0);
        assertThat(twice.apply(0.5)).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void badInputIsRefusedWithTheReason() {
        assertThatThrownBy(() -> new IntensityRecalibration(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new IntensityRecalibration(1).apply(1.2)).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> IntensityRecalibration.fit(new double[] {0.2}, new boolean[] {true, false}))
                .hasMessageContaining("one outcome per prediction");
        assertThatThrownBy(() -> IntensityRecalibration.fit(new double[] {0.2, 0.3}, new boolean[] {true, true}))
                .hasMessageContaining("who bought and who did not");
        // Customers predicted 0 or 1 teach nothing about the factor.
        assertThatThrownBy(() -> IntensityRecalibration.fit(new double[] {0.0, 1.0, 0.4}, new boolean[] {true, false, true}))
                .hasMessageContaining("who bought and who did not");
    }
}
