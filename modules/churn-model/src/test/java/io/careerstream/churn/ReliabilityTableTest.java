package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;

class ReliabilityTableTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261207L);

    /**
     * Five customers in two bins, by hand: {0.1, 0.1} with one buyer, {0.2, 0.4, 0.8} with two.
     * Brier (0.01 + 0.81 + 0.04 + 0.36 + 0.04) / 5 = 0.252; ECE (2 × |0.1 − 0.5| + 3 × |0.4667 − 0.6667|) / 5 = 0.28.
     */
    @Test
    void aHandComputedExample() {
        ReliabilityTable t = ReliabilityTable.of("hand", new double[] {0.8, 0.1, 0.2, 0.1, 0.4},
                new boolean[] {true, false, false, true, true}, 2);

        assertThat(t.bins()).hasSize(2);
        assertThat(t.bins().get(0).customers()).isEqualTo(2);
        assertThat(t.bins().get(0).meanPredicted()).isCloseTo(0.1, within(1e-12));
        assertThat(t.bins().get(0).observed()).isCloseTo(0.5, within(1e-12));
        assertThat(t.bins().get(1).customers()).isEqualTo(3);
        assertThat(t.bins().get(1).meanPredicted()).isCloseTo(1.4 / 3, within(1e-12));
        assertThat(t.bins().get(1).observed()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(t.bins().get(1).lowest()).isEqualTo(0.2);
        assertThat(t.bins().get(1).highest()).isEqualTo(0.8);
        assertThat(t.brier()).isCloseTo(0.252, within(1e-12));
        assertThat(t.expectedCalibrationError()).isCloseTo(0.28, within(1e-12));
        assertThat(t.baseRate()).isCloseTo(0.6, within(1e-12));
        assertThat(t.brierSkill()).isCloseTo(1 - 0.252 / 0.24, within(1e-12));
    }

    @Test
    void equalPredictionsStayInOneBin() {
        ReliabilityTable t = ReliabilityTable.of("ties", new double[] {0.3, 0.3, 0.3, 0.3, 0.6},
                new boolean[] {true, false, false, false, true}, 5);

        assertThat(t.bins()).extracting(ReliabilityTable.Bin::customers).containsExactly(4, 1);
    }

    @Test
    void aPerfectlyCalibratedPredictorHasAnEceNearZeroAndADistortedOneDoesNot() {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(3));
        int n = 200_000;
        double[] p = new double[n];
        double[] squared = new double[n];
        boolean[] happened = new boolean[n];
        for (int i = 0; i < n; i++) {
            p[i] = random.nextUniform(0, 1);
            squared[i] = p[i] * p[i];
            happened[i] = random.nextUniform(0, 1) < p[i];
        }

        ReliabilityTable calibrated = ReliabilityTable.of("calibrated", p, happened);
        ReliabilityTable distorted = ReliabilityTable.of("p squared", squared, happened);

        // Each decile's share has a standard error of about 0.5 / sqrt(20,000) = 0.0035.
        assertThat(calibrated.expectedCalibrationError()).isLessThan(0.01);
        // E|p − p²| = 1/6 with p uniform.
        assertThat(distorted.expectedCalibrationError()).isCloseTo(1.0 / 6, within(0.01));
        // The Brier score of a calibrated uniform predictor is E[p(1 − p)] = 1/6.
        assertThat(calibrated.brier()).isCloseTo(1.0 / 6, within(0.005));
        assertThat(distorted.brier()).isGreaterThan(calibrated.brier());
    }

    /** The ECE of a calibrated model is noise, shrinking with the customers per decile. */
    @Test
    void theEceByChanceShrinksWithTheNumberOfCustomers() {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(4));
        double[] few = new double[300];
        double[] many = new double[30_000];
        for (int i = 0; i < many.length; i++) {
            many[i] = random.nextUniform(0.05, 0.6);
            if (i < few.length) {
                few[i] = many[i];
            }
        }

        double small = ReliabilityTable.expectedCalibrationErrorByChance(few, 200, 1);
        double large = ReliabilityTable.expectedCalibrationErrorByChance(many, 20, 1);

        // A decile of 30 customers at p about 0.3: its share's standard error is about 0.084, E|error| about 0.067.
        assertThat(small).isBetween(0.04, 0.09);
        assertThat(large).isLessThan(small / 5);
        assertThat(ReliabilityTable.expectedCalibrationErrorByChance(few, 200, 1)).as("seeded").isEqualTo(small);
    }

    @Test
    void binsCoverEveryCustomerInOrderAndTheScoresStayInRange() {
        qt().withFixedSeed(SEED).withExamples(300)
                .forAll(lists().of(doubles().between(0, 1)).ofSizeBetween(1, 60), integers().between(1, 12),
                        integers().between(0, Integer.MAX_VALUE))
                .checkAssert((predictions, bins, outcomeBits) -> {
                    double[] p = predictions.stream().mapToDouble(Double::doubleValue).toArray();
                    boolean[] y = new boolean[p.length];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = ((outcomeBits >>> (i % 31)) & 1) == 1;
                    }

                    ReliabilityTable t = ReliabilityTable.of("random", p, y, bins);

                    assertThat(t.bins().stream().mapToInt(ReliabilityTable.Bin::customers).sum()).isEqualTo(p.length);
                    assertThat(t.bins().size()).isBetween(1, bins);
                    for (int i = 1; i < t.bins().size(); i++) {
                        assertThat(t.bins().get(i).lowest()).isGreaterThan(t.bins().get(i - 1).highest());
                    }
                    assertThat(t.brier()).isBetween(0.0, 1.0);
                    assertThat(t.expectedCalibrationError()).isBetween(0.0, 1.0);
                    // ECE is at most the mean absolute error, which is at most the root of the Brier score.
                    assertThat(t.expectedCalibrationError()).isLessThanOrEqualTo(Math.sqrt(t.brier()) + 1e-12);
                });
    }

    @Test
    void refusesWhatIsNotAProbability() {
        assertThatThrownBy(() -> ReliabilityTable.of("bad", new double[] {1.2}, new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> ReliabilityTable.of("bad", new double[] {0.2, 0.3}, new boolean[] {true}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
