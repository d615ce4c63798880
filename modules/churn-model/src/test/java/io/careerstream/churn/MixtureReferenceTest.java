package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The regularity mixture's P(alive), as the stream runs it, against a plain-Java reference that
 * knows nothing of the implementation's closed forms: Bayes over the classes, the purchase rate
 * integrated out numerically (trapezoid rule over log lambda) and the drop-out coin by its Beta
 * moments. Also the case the stream meets for a customer whose state predates the log-interval sum:
 * only x, t_x and T known, where the reference uses the density of the x-th purchase at t_x.
 */
class MixtureReferenceTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261129L);

    /** r, alpha, a, b, then weights of k = 2, 4, 8, 16 against 1 for k = 1. */
    private static final double[] MIX = {2, 8, 1.5, 9, 0.2, 0.2, 0.5, 0.1};

    /** The reference's P(alive); {@code logIntervals} NaN for "only their total t_x is known". */
    static double referenceProbabilityAlive(double[] p, int x, double tx, double T, double logIntervals) {
        double r = p[0], alpha = p[1], a = p[2], b = p[3];
        double[] w = new double[RegularityMixture.CLASSES.length];
        w[0] = 1;
        for (int i = 1; i < w.length; i++) {
            w[i] = p[3 + i];
        }
        double alive = 0;
        double dead = 0;
        double logBeta = logBeta(a, b);
        double aliveCoins = Math.exp(logBeta(a, b + x + 1) - logBeta); // survived all x + 1 purchases
        double deadCoins = Math.exp(logBeta(a + 1, b + x) - logBeta); // gone right after the last
        // Scaled by a common constant so the exponentials stay in range; it cancels in the ratio.
        double shift = Double.NEGATIVE_INFINITY;
        double[][] logTerms = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            int k = RegularityMixture.CLASSES[i];
            double rate = alpha / k;
            double gaps;
            if (x == 0) {
                gaps = 0;
            } else if (Double.isNaN(logIntervals)) {
                gaps = (k * x - 1) * Math.log(tx) - Gamma.logGamma(k * x); // Erlang(kx) density of S_x = t_x, without lambda
            } else {
                gaps = (k - 1) * logIntervals - x * Gamma.logGamma(k); // product of Erlang(k) densities, without lambda
            }
            double[] integrals = integrate(r, rate, k, x, tx, T);
            logTerms[i] = new double[] {Math.log(w[i]) + gaps + integrals[0], Math.log(w[i]) + gaps + integrals[1]};
            shift = Math.max(shift, Math.max(logTerms[i][0], logTerms[i][1]));
        }
        for (double[] t : logTerms) {
            alive += Math.exp(t[0] - shift) * aliveCoins;
            dead += Math.exp(t[1] - shift) * deadCoins;
        }
        return alive / (alive + dead);
    }

    /**
     * log of the integrals over lambda ~ Gamma(r, rate) of lambda^(kx) e^(-lambda t_x) times the chance that the
     * running interval (Erlang k) is longer than T - t_x {alive}, or times 1 {dead}.
     */
    private static double[] integrate(double r, double rate, int k, int x, double tx, double T) {
        int n = 20_000;
        double lo = -25;
        double hi = 12;
        double h = (hi - lo) / n;
        double[] logAlive = new double[n + 1];
        double[] logDead = new double[n + 1];
        for (int j = 0; j <= n; j++) {
            double u = lo + j * h;
            double lambda = Math.exp(u);
            // Gamma density in u = log lambda: rate^r / Gamma(r) lambda^r e^(-rate lambda)
            double logDensity = r * Math.log(rate) - Gamma.logGamma(r) + r * u - rate * lambda;
            double common = logDensity + k * x * u - lambda * tx;
            double survival = 0;
            double term = Math.exp(-lambda * (T - tx));
            for (int m = 0; m < k; m++) {
                survival += term;
                term *= lambda * (T - tx) / (m + 1);
            }
            logAlive[j] = common + Math.log(survival);
            logDead[j] = common;
        }
        return new double[] {logTrapezoid(logAlive, h), logTrapezoid(logDead, h)};
    }

    private static double logTrapezoid(double[] logValues, double h) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logValues) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int j = 0; j < logValues.length; j++) {
            sum += (j == 0 || j == logValues.length - 1 ? 0.5 : 1) * Math.exp(logValues[j] - max);
        }
        return max + Math.log(sum * h);
    }

    private static double logBeta(double a, double b) {
        return Gamma.logGamma(a) + Gamma.logGamma(b) - Gamma.logGamma(a + b);
    }

    @Test
    void probabilityAliveAgreesWithTheNumericalReference() {
        qt().withFixedSeed(SEED).withExamples(60).withShrinkCycles(300)
                .forAll(integers().between(0, 12), doubles().between(0.5, 40), doubles().between(0, 30), doubles().between(-1.5, 1.5))
                .checkAssert((x, span, silence, meanLogGap) -> {
                    double tx = x == 0 ? 0 : span;
                    // Gaps whose mean log is meanLogGap, but never more than their total allows (Jensen).
                    double logIntervals = x == 0 ? 0 : x * Math.min(meanLogGap, Math.log(tx / x));
                    double T = tx + silence;
                    double stream = RegularityMixture.INSTANCE.probabilityAlive(MIX, new PurchaseSummary(x, tx, T, 0, logIntervals));
                    assertThat(stream).isCloseTo(referenceProbabilityAlive(MIX, x, tx, T, logIntervals), within(1e-6));
                });
    }

    @Test
    void withOnlyTheTotalKnownItAgreesWithTheReferenceAndItsCrossingIsWhereItFalls() {
        qt().withFixedSeed(SEED).withExamples(60).withShrinkCycles(300)
                .forAll(integers().between(1, 12), doubles().between(0.5, 40), doubles().between(0, 30), doubles().between(0.05, 0.9))
                .checkAssert((x, tx, silence, threshold) -> {
                    double T = tx + silence;
                    PurchaseSummary totalsOnly = new PurchaseSummary(x, tx, T);
                    assertThat(totalsOnly.hasIntervals()).isFalse();
                    assertThat(RegularityMixture.INSTANCE.probabilityAlive(MIX, totalsOnly))
                            .isCloseTo(referenceProbabilityAlive(MIX, x, tx, T, Double.NaN), within(1e-6));
                    double age = RegularityMixture.INSTANCE.ageWhenProbabilityAliveFallsTo(MIX, new PurchaseSummary(x, tx, tx), threshold);
                    if (age > tx) {
                        assertThat(RegularityMixture.INSTANCE.probabilityAlive(MIX, new PurchaseSummary(x, tx, age)))
                                .isCloseTo(threshold, within(1e-7));
                    }
                });
    }

    @Test
    void oneKnownIntervalIsItsTotalSoBothFormsAgree() {
        for (double tx : new double[] {0.3, 2, 11}) {
            PurchaseSummary known = new PurchaseSummary(1, tx, tx + 5, 0, Math.log(tx));
            PurchaseSummary totalsOnly = new PurchaseSummary(1, tx, tx + 5);
            assertThat(RegularityMixture.INSTANCE.probabilityAlive(MIX, totalsOnly))
                    .isCloseTo(RegularityMixture.INSTANCE.probabilityAlive(MIX, known), within(1e-12));
        }
    }

    @Test
    void streamParametersCarryTheMixtureAndRejectBadWeights() {
        ChurnModelParameters p = ChurnModelParameters.mixture(2, 8, 1.5, 9, 6.25, 3.74, 15.44, List.of(2.0, 0.4, 0.4, 1.0, 0.2));
        assertThat(p.purchaseModel()).isSameAs(RegularityMixture.INSTANCE);
        assertThat(p.regularityWeights()).containsExactly(0.5, 0.1, 0.1, 0.25, 0.05);
        assertThat(p.purchaseModelParameters()).containsExactly(new double[] {2, 8, 1.5, 9, 0.2, 0.2, 0.5, 0.1}, within(1e-12));
        assertThat(ChurnModelParameters.CDNOW.purchaseModelParameters()).containsExactly(ChurnModelParameters.CDNOW.mbgNbd());

        assertThatThrownBy(() -> ChurnModelParameters.mixture(2, 8, 1.5, 9, 6.25, 3.74, 15.44, List.of(1.0, 1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 class weights");
        assertThatThrownBy(() -> ChurnModelParameters.mixture(2, 8, 1.5, 9, 6.25, 3.74, 15.44, List.of(0.0, 1.0, 1.0, 1.0, 1.0)))
                .hasMessageContaining("k = 1 (Poisson) class");
        assertThatThrownBy(() -> ChurnModelParameters.mixture(2, 8, 1.5, 9, 6.25, 3.74, 15.44, List.of(1.0, -1.0, 1.0, 1.0, 1.0)))
                .hasMessageContaining("not negative");
        assertThatThrownBy(() -> new ChurnModelParameters(2, 8, 1.5, 9, 6.25, 3.74, 15.44, 3, List.of(1.0, 1.0, 1.0, 1.0, 1.0)))
                .hasMessageContaining("single k must be 1");
    }

    @Test
    void aFittedMixtureGivesTheStreamItsParametersUnderItsName() {
        List<PurchaseSummary> poisson = MbgCnbdTest.simulate(MbgCnbd.of(1), new double[] {3, 9, 1.2, 8}, 400, SEED);
        List<PurchaseSummary> clockwork = MbgCnbdTest.simulate(MbgCnbd.of(8), new double[] {3, 9.0 / 8, 1.2, 8}, 400, SEED + 1);
        List<PurchaseSummary> all = new java.util.ArrayList<>();
        for (PurchaseSummary c : java.util.stream.Stream.concat(poisson.stream(), clockwork.stream()).toList()) {
            // Spends vary across buyers, so Gamma-Gamma has something to fit.
            all.add(new PurchaseSummary(c.x(), c.tx(), c.T(), c.x() == 0 ? 0 : 10 + 7 * (all.size() % 11), c.logIntervalSum()));
        }
        ChurnModelFit fit = ChurnModelFit.fit("mbgcnbd-mix", all);
        assertThat(fit.model()).isSameAs(RegularityMixture.INSTANCE);
        assertThat(fit.drivesTheStream()).isTrue();
        ChurnModelParameters stream = fit.parameters();
        assertThat(stream.isMixture()).isTrue();
        assertThat(stream.regularityWeights().stream().mapToDouble(Double::doubleValue).sum()).isCloseTo(1, within(1e-12));
        assertThat(stream.regularityWeights().get(0)).isCloseTo(RegularityMixture.weights(fit.purchases().parameters())[0], within(1e-12));
        assertThat(RepeatPurchaseModel.named("MBG/CNBD-mix")).isSameAs(RegularityMixture.INSTANCE);

        List<PurchaseSummary> totalsOnly = all.stream().map(c -> new PurchaseSummary(c.x(), c.tx(), c.T())).toList();
        assertThatThrownBy(() -> ChurnModelFit.fit("mbgcnbd-mix", totalsOnly)).hasMessageContaining("intervals");
    }
}
