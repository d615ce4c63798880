package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pareto/NBD against BTYD's and CLVTools' CDNOW numbers (../shared/data/REFERENCE_NUMBERS.md, section 2). */
class ParetoNbdTest {

    /** The BTYD walkthrough's estimate as lifetimes' P(alive) test quotes it. */
    private static final double[] BTYD = {0.5534, 10.5802, 0.6061, 11.6562};

    private static final long SEED = Long.getLong("QT_SEED", 19870101L);

    private static List<PurchaseSummary> calibration() {
        return CdnowData.exactSample().values().stream().map(CalibrationSplit.Customer::calibration).toList();
    }

    @Test
    void fitReproducesBtydAndClvToolsOnCdnow() {
        List<PurchaseSummary> customers = calibration();

        MaximumLikelihood.Fit fit = MaximumLikelihood.fit(ParetoNbd.INSTANCE.parameterNames(), new double[] {1, 3, 1, 3},
                p -> ParetoNbd.INSTANCE.totalLogLikelihood(p, customers));

        assertThat(fit.logLikelihood()).isCloseTo(-9594.976, within(0.001));
        assertThat(fit.get("r")).isCloseTo(0.553, within(0.001));
        assertThat(fit.get("alpha")).isCloseTo(10.580, within(0.01));
        assertThat(fit.get("s")).isCloseTo(0.606, within(0.001));
        // beta is weakly identified (standard error about 6): published fits range over 11.656 to 11.672.
        assertThat(fit.get("beta")).isCloseTo(11.66, within(0.03));
        // CLVTools' standard errors: 0.0476264, 0.8427222, 0.1872594, 6.2105448
        assertThat(fit.standardErrors()[0]).isCloseTo(0.0476, within(0.001));
        assertThat(fit.standardErrors()[1]).isCloseTo(0.843, within(0.01));
        assertThat(fit.standardErrors()[2]).isCloseTo(0.187, within(0.005));
        assertThat(fit.standardErrors()[3]).isCloseTo(6.21, within(0.1));
    }

    @Test
    void logLikelihoodAtClvToolsEstimateIsThePublishedOne() {
        double[] clvTools = {0.55315, 10.57633, 0.60625, 11.67150};
        assertThat(ParetoNbd.INSTANCE.totalLogLikelihood(clvTools, calibration())).isCloseTo(-9594.976, within(0.0005));
    }

    @Test
    void probabilityAliveAtTheEndOfCalibrationHasBtydsQuartilesAndMean() {
        double[] alive = calibration().stream().mapToDouble(c -> ParetoNbd.INSTANCE.probabilityAlive(BTYD, c)).sorted().toArray();

        assertThat(quantile(alive, 0.25)).isCloseTo(0.3174, within(0.00005));
        assertThat(quantile(alive, 0.50)).isCloseTo(0.3499, within(0.00005));
        assertThat(quantile(alive, 0.75)).isCloseTo(0.4763, within(0.00005));
        assertThat(Arrays.stream(alive).average().orElseThrow()).isCloseTo(0.4462, within(0.00005));
    }

    /** R's default (type 7) quantile of sorted values, as BTYD's summary prints it. */
    private static double quantile(double[] sorted, double q) {
        double h = (sorted.length - 1) * q;
        int lo = (int) Math.floor(h);
        return sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
    }

    /**
     * The integral is the quantity BTYD writes with 2F1: where the 2F1 series converges (even
     * slowly, z up to 0.999) the two agree; the integral needs no special care there.
     */
    @Test
    void dropOutIntegralEqualsBtydsHypergeometricForm() {
        qt().withFixedSeed(SEED).withExamples(150).withShrinkCycles(1000)
                .forAll(integers().between(0, 30), doubles().between(0.1, 3), doubles().between(0.05, 0.999),
                        doubles().between(0, 40))
                .checkAssert((x, r, z, span) -> {
                    double s = 0.6, beta = 2;
                    double tx = x == 0 ? 0 : 3;
                    double T = tx + span;
                    // alpha > beta chosen so that |alpha - beta| / (alpha + t_x) = z
                    double alpha = (beta + z * tx) / (1 - z);
                    double[] p = {r, alpha, s, beta};
                    double a = r + s + x;
                    double atTx = Hypergeometric.f21(a, s + 1, a + 1, (alpha - beta) / (alpha + tx)) / Math.pow(alpha + tx, a);
                    double atT = Hypergeometric.f21(a, s + 1, a + 1, (alpha - beta) / (alpha + T)) / Math.pow(alpha + T, a);
                    double series = (atTx - atT) / a;
                    double integral = Math.exp(ParetoNbd.logDropOutIntegral(p, x, tx, T));
                    if (span == 0) {
                        assertThat(integral).isZero();
                    } else {
                        assertThat(integral).isCloseTo(series, within(1e-8 * Math.abs(series) + 1e-300));
                    }
                });
    }

    @Test
    void silenceLowersProbabilityAliveAndTheCrossingTimeIsWhereItFalls() {
        qt().withFixedSeed(SEED).withExamples(100).withShrinkCycles(1000)
                .forAll(integers().between(0, 30), doubles().between(0, 60), doubles().between(0.05, 0.95))
                .checkAssert((x, tx, threshold) -> {
                    double start = x == 0 ? 0 : tx;
                    double previous = 1;
                    for (double T = start; T < start + 150; T += 10) {
                        double alive = ParetoNbd.INSTANCE.probabilityAlive(BTYD, new PurchaseSummary(x, start, T));
                        assertThat(alive).isLessThanOrEqualTo(previous + 1e-12);
                        previous = alive;
                    }
                    double age = ParetoNbd.INSTANCE.ageWhenProbabilityAliveFallsTo(BTYD, x, start, threshold);
                    if (age > start) {
                        assertThat(ParetoNbd.INSTANCE.probabilityAlive(BTYD, new PurchaseSummary(x, start, age)))
                                .isCloseTo(threshold, within(1e-7));
                    }
                });
    }

    @Test
    void expectedPurchasesOfANewCustomerAreTheIntegralOfTheAliveRate() {
        // E[X(t)] = integral over u in [0, t] of (r / alpha) * P(alive at u) with P(alive at u) = (beta / (beta + u))^s.
        double r = BTYD[0], alpha = BTYD[1], s = BTYD[2], beta = BTYD[3];
        double t = 52;
        int steps = 200_000;
        double sum = 0;
        for (int i = 0; i < steps; i++) {
            double u = (i + 0.5) * t / steps;
            sum += r / alpha * Math.pow(beta / (beta + u), s) * t / steps;
        }
        assertThat(ParetoNbd.INSTANCE.expectedPurchases(BTYD, t)).isCloseTo(sum, within(1e-6));
        assertThat(ParetoNbd.INSTANCE.conditionalExpectedPurchases(BTYD, new PurchaseSummary(0, 0, 0), t))
                .isCloseTo(sum, within(1e-6));
    }
}
