package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.List;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MbgCnbdTest {

    private static final double[] MBG = {0.525, 6.183, 0.891, 1.614};

    /** Fixed so that a failure reproduces; {@code -DQT_SEED=n} explores another sequence. */
    private static final long SEED = Long.getLong("QT_SEED", 20160101L);

    private static List<PurchaseSummary> cdnow() {
        return CdnowData.exactSample().values().stream().map(CalibrationSplit.Customer::calibration).toList();
    }

    @Test
    void withKOneItIsMbgNbdToTheLastBitOnEveryCdnowCustomer() {
        MbgCnbd one = MbgCnbd.of(1);
        for (double[] p : List.of(MBG, new double[] {0.3, 2.5, 1.7, 4.2})) {
            for (PurchaseSummary c : cdnow()) {
                assertThat(one.logLikelihood(p, c)).isEqualTo(MbgNbd.INSTANCE.logLikelihood(p, c));
                assertThat(one.probabilityAlive(p, c)).isEqualTo(MbgNbd.INSTANCE.probabilityAlive(p, c));
                double expected = MbgNbd.INSTANCE.conditionalExpectedPurchases(p, c, 39);
                assertThat(one.conditionalExpectedPurchases(p, c, 39)).isCloseTo(expected, within(1e-9 * (1 + expected)));
            }
            assertThat(one.expectedPurchases(p, 52)).isCloseTo(MbgNbd.INSTANCE.expectedPurchases(p, 52), within(1e-12));
        }
    }

    @Test
    void onCdnowTheEstimatedRegularityIsOneAndTheFitIsMbgNbds() {
        List<PurchaseSummary> customers = cdnow();

        MbgCnbd.RegularityFit fit = MbgCnbd.fit(customers);

        assertThat(fit.model().k()).isEqualTo(1);
        assertThat(fit.logLikelihoodByK()[1]).isLessThan(fit.logLikelihoodByK()[0] - 100);
        MaximumLikelihood.Fit mbg = MaximumLikelihood.fit(MbgNbd.INSTANCE.parameterNames(), new double[] {1, 3, 1, 3},
                p -> MbgNbd.INSTANCE.totalLogLikelihood(p, customers));
        assertThat(fit.fit().logLikelihood()).isCloseTo(mbg.logLikelihood(), within(1e-6));
        for (int i = 0; i < 4; i++) {
            assertThat(fit.fit().parameters()[i]).isCloseTo(mbg.parameters()[i], within(1e-4 * mbg.parameters()[i]));
        }
    }

    /**
     * Customers simulated from the model itself with a known k: the fit finds k and gives r,
     * alpha, a, b back within three standard errors each (one standard error holds for only about
     * two estimates in three, so demanding it of all twelve would fail on honest data).
     */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void parametersAreRecoveredFromDataSimulatedWithAKnownRegularity(int k) {
        double[] truth = {4, 12.0 / k, 1.2, 8};
        List<PurchaseSummary> customers = simulate(MbgCnbd.of(k), truth, 2500, SEED + k);

        MbgCnbd.RegularityFit fit = MbgCnbd.fit(customers);

        assertThat(fit.model().k()).isEqualTo(k);
        for (int i = 0; i < truth.length; i++) {
            double se = fit.fit().standardErrors()[i];
            assertThat(se).isFinite().isPositive();
            assertThat(fit.fit().parameters()[i]).as("%s (se %.3f)", fit.fit().names().get(i), se)
                    .isCloseTo(truth[i], within(3 * se));
        }
    }

    @Test
    void silenceOnlyLowersProbabilityAliveAndTheCrossingTimeIsWhereItFalls() {
        qt().withFixedSeed(SEED).withExamples(200).withShrinkCycles(2000)
                .forAll(integers().between(1, 8), integers().between(0, 30), doubles().between(0, 60),
                        doubles().between(0.05, 0.95))
                .checkAssert((k, x, tx, threshold) -> {
                    MbgCnbd model = MbgCnbd.of(k);
                    double start = x == 0 ? 0 : tx;
                    double previous = 1;
                    for (double T = start; T < start + 200; T += 5) {
                        double alive = model.probabilityAlive(MBG, new PurchaseSummary(x, start, T));
                        assertThat(alive).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous + 1e-12);
                        previous = alive;
                    }
                    double age = model.ageWhenProbabilityAliveFallsTo(MBG, x, start, threshold);
                    assertThat(age).isGreaterThanOrEqualTo(start);
                    if (age > start) {
                        assertThat(model.probabilityAlive(MBG, new PurchaseSummary(x, start, age)))
                                .isCloseTo(threshold, within(1e-7));
                    } else {
                        assertThat(model.probabilityAlive(MBG, new PurchaseSummary(x, start, start))).isLessThanOrEqualTo(threshold);
                    }
                });
    }

    @Test
    void theGenericCrossingSolverAgreesWithMbgNbdsClosedForm() {
        qt().withFixedSeed(SEED).withExamples(200).withShrinkCycles(2000)
                .forAll(integers().between(0, 40), doubles().between(0, 100), doubles().between(0.02, 0.98))
                .checkAssert((x, tx, threshold) -> {
                    double start = x == 0 ? 0 : tx;
                    double closed = MbgNbd.INSTANCE.ageWhenProbabilityAliveFallsTo(MBG, x, start, threshold);
                    assertThat(MbgCnbd.of(1).ageWhenProbabilityAliveFallsTo(MBG, x, start, threshold))
                            .isCloseTo(closed, within(1e-6 * Math.max(1, closed)));
                });
    }

    @Test
    void aRegularBuyersSilenceOfThreeGapsCountsForMoreThanAPoissonBuyers() {
        // Bought 10 times, every 2 weeks, then 6 weeks of silence.
        PurchaseSummary clockwork = new PurchaseSummary(9, 18, 24, 0, 9 * Math.log(2));
        double[] parameters = {4, 3, 1.2, 8};

        double poisson = MbgCnbd.of(1).probabilityAlive(parameters, clockwork);
        double regular = MbgCnbd.of(6).probabilityAlive(parameters, clockwork);

        assertThat(regular).isLessThan(poisson / 3);
        assertThat(MbgCnbd.of(6).probabilityAlive(parameters, new PurchaseSummary(9, 18, 19, 0, 9 * Math.log(2))))
                .as("one week after the last purchase a regular buyer is not yet due").isGreaterThan(0.85);
    }

    @Test
    void withoutTheIntervalsOnlyTheirTotalSpeaksAndOnlyKOneIsFitted() {
        PurchaseSummary totalsOnly = new PurchaseSummary(3, 6, 10, 5);
        // Only t_x known: the Erlang(kx) density of the x-th purchase at t_x replaces the product of the
        // x Erlang(k) densities, relative to k = 1's: t_x^(k-1)x (x-1)! / (kx-1)!, here 6^3 * 2 / 5!.
        double withZeroLogSum = MbgCnbd.of(2).logLikelihood(MBG, new PurchaseSummary(3, 6, 10, 5, 0));
        assertThat(MbgCnbd.of(2).logLikelihood(MBG, totalsOnly) - withZeroLogSum)
                .isCloseTo(Math.log(216.0 * 2 / 120), within(1e-12));
        assertThat(MbgCnbd.of(1).logLikelihood(MBG, totalsOnly)).isEqualTo(MbgNbd.INSTANCE.logLikelihood(MBG, totalsOnly));
        assertThat(MbgCnbd.fit(List.of(totalsOnly, new PurchaseSummary(0, 0, 8))).logLikelihoodByK()).hasSize(1);
        assertThatThrownBy(() -> MbgCnbd.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(RepeatPurchaseModel.named("MBG/CNBD-3")).isEqualTo(MbgCnbd.of(3));
        assertThat(RepeatPurchaseModel.named("mbgcnbd3").regularity()).isEqualTo(3);
    }

    /** Customers of the model's own story: Erlang-k intervals, drop-out at each purchase. */
    static List<PurchaseSummary> simulate(MbgCnbd model, double[] p, int n, long seed) {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(seed));
        List<PurchaseSummary> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double T = random.nextUniform(52, 104);
            double lambda = random.nextGamma(p[0], 1 / p[1]);
            double dropOut = random.nextBeta(p[2], p[3]);
            int x = 0;
            double last = 0;
            double logIntervals = 0;
            while (random.nextDouble() >= dropOut) {
                double interval = random.nextGamma(model.k(), 1 / lambda);
                if (last + interval > T) {
                    break;
                }
                last += interval;
                logIntervals += Math.log(interval);
                x++;
            }
            out.add(new PurchaseSummary(x, last, T, 0, logIntervals));
        }
        return out;
    }
}
