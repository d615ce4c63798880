package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RegularityMixtureTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261128L);

    /** r, alpha, a, b and the weights of k = 2, 4, 8, 16 against 1 for k = 1. */
    private static final double[] MIX = {2, 8, 1.5, 9, 0.2, 0.2, 0.5, 0.1};

    @Test
    void withTheOtherClassesWeightlessItIsMbgNbd() {
        double[] onlyPoisson = {0.525, 6.183, 0.891, 1.614, 1e-300, 1e-300, 1e-300, 1e-300};
        double[] mbg = {0.525, 6.183, 0.891, 1.614};
        for (PurchaseSummary c : CdnowData.exactSample().values().stream().map(CalibrationSplit.Customer::calibration).toList()) {
            assertThat(RegularityMixture.INSTANCE.logLikelihood(onlyPoisson, c))
                    .isCloseTo(MbgNbd.INSTANCE.logLikelihood(mbg, c), within(1e-9));
            assertThat(RegularityMixture.INSTANCE.probabilityAlive(onlyPoisson, c))
                    .isCloseTo(MbgNbd.INSTANCE.probabilityAlive(mbg, c), within(1e-12));
        }
    }

    @Test
    void aClockworkHistoryPutsTheCustomerInAHighRegularityClassAndAnIrregularOneInTheLowest() {
        // Ten purchases exactly 4 weeks apart, against ten whose gaps run from days to months.
        PurchaseSummary clockwork = new PurchaseSummary(9, 36, 38, 0, 9 * Math.log(4));
        double[] gaps = {0.3, 9, 1, 0.5, 12, 2, 0.4, 7, 3.8};
        PurchaseSummary irregular = new PurchaseSummary(9, 36, 38, 0, java.util.Arrays.stream(gaps).map(Math::log).sum());

        assertThat(RegularityMixture.likelyRegularity(MIX, clockwork)).isGreaterThanOrEqualTo(8);
        assertThat(RegularityMixture.likelyRegularity(MIX, irregular)).isEqualTo(1);
        // Twelve weeks after the last purchase (three of their gaps), the clockwork buyer is much likelier gone.
        PurchaseSummary clockworkSilent = new PurchaseSummary(9, 36, 48, 0, 9 * Math.log(4));
        PurchaseSummary irregularSilent = new PurchaseSummary(9, 36, 48, 0, irregular.logIntervalSum());
        assertThat(RegularityMixture.INSTANCE.probabilityAlive(MIX, clockworkSilent))
                .isLessThan(RegularityMixture.INSTANCE.probabilityAlive(MIX, irregularSilent) / 3);
    }

    @Test
    void silenceOnlyLowersProbabilityAliveAndTheCrossingIsWhereItFalls() {
        qt().withFixedSeed(SEED).withExamples(100).withShrinkCycles(1000)
                .forAll(integers().between(0, 20), doubles().between(1, 40), doubles().between(-2, 2), doubles().between(0.05, 0.9))
                .checkAssert((x, tx, meanLogGap, threshold) -> {
                    double start = x == 0 ? 0 : tx;
                    PurchaseSummary history = new PurchaseSummary(x, start, start, 0, x * meanLogGap);
                    double previous = 1;
                    for (double T = start; T < start + 100; T += 4) {
                        double alive = RegularityMixture.INSTANCE.probabilityAlive(MIX,
                                new PurchaseSummary(x, start, T, 0, history.logIntervalSum()));
                        assertThat(alive).isLessThanOrEqualTo(previous + 1e-12);
                        previous = alive;
                    }
                    double age = RegularityMixture.INSTANCE.ageWhenProbabilityAliveFallsTo(MIX, history, threshold);
                    if (age > start) {
                        assertThat(RegularityMixture.INSTANCE.probabilityAlive(MIX,
                                new PurchaseSummary(x, start, age, 0, history.logIntervalSum()))).isCloseTo(threshold, within(1e-7));
                    }
                });
    }

    @Test
    void classWeightsAreRecoveredFromAPopulationOfPoissonAndClockworkBuyers() {
        // Half the customers from MBG/CNBD-1, half from MBG/CNBD-8 with alpha / 8 (the mixture's own story).
        List<PurchaseSummary> poisson = MbgCnbdTest.simulate(MbgCnbd.of(1), new double[] {3, 9, 1.2, 8}, 1500, SEED);
        List<PurchaseSummary> clockwork = MbgCnbdTest.simulate(MbgCnbd.of(8), new double[] {3, 9.0 / 8, 1.2, 8}, 1500, SEED + 1);
        List<PurchaseSummary> all = IntStream.range(0, 3000).mapToObj(i -> i % 2 == 0 ? poisson.get(i / 2) : clockwork.get(i / 2)).toList();

        MaximumLikelihood.Fit fit = RegularityMixture.fit(all);

        double[] w = RegularityMixture.weights(fit.parameters());
        // One-time buyers carry no information on k, so the split is judged on the two extremes.
        assertThat(w[0]).as("k = 1").isCloseTo(0.5, within(0.1));
        assertThat(w[3]).as("k = 8").isCloseTo(0.5, within(0.15));
        assertThat(fit.get("r")).isCloseTo(3, within(0.5));
    }
}
