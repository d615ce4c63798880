package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * P(at least one purchase in the holdout) as a likelihood ratio, against each model's own closed
 * form where one is short (BG/NBD, MBG/NBD), against Monte Carlo over the purchase rate (and the
 * lifetime) given "alive" where it is not (MBG/CNBD-k, Pareto/NBD), and in its shape for every model.
 */
class HoldoutPurchaseProbabilityTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261207L);
    private static final double[] BG = {0.2426, 4.4137, 0.7930, 2.4262};
    private static final double[] MBG = {0.525, 6.183, 0.891, 1.614};

    @Test
    void forBgNbdAndMbgNbdItIsProbabilityAliveTimesAPurchaseWhileAlive() {
        qt().withFixedSeed(SEED).withExamples(300)
                .forAll(integers().between(0, 30), doubles().between(0, 1), doubles().between(0.1, 60), doubles().between(0, 80))
                .checkAssert((x, share, age, weeks) -> {
                    double tx = x == 0 ? 0 : share * age;
                    PurchaseSummary c = new PurchaseSummary(x, tx, age, 0, 0);
                    for (var model : List.of(BgNbd.INSTANCE, MbgNbd.INSTANCE)) {
                        double[] p = model == BgNbd.INSTANCE ? BG : MBG;
                        double expected = model.probabilityAlive(p, c)
                                * (1 - Math.pow((p[1] + age) / (p[1] + age + weeks), p[0] + x));

                        assertThat(HoldoutPurchaseProbability.atLeastOnePurchase(model, p, c, weeks)).as(model.name())
                                .isCloseTo(expected, within(1e-10));
                    }
                });
    }

    /**
     * Given alive, λ's posterior is Gamma(r + kx, α + t_x) times the chance that the running gap
     * outlasted T − t_x; no purchase in t more is the Erlang-k survival of the gap to T − t_x + t
     * over that to T − t_x. Drawn from the Gamma and weighted.
     */
    @ParameterizedTest
    @CsvSource({"2, 0, 0, 20, 39", "2, 3, 12, 25, 39", "4, 5, 20, 26, 39", "3, 1, 2, 30, 10"})
    void forMbgCnbdItMatchesMonteCarloOverTheRate(int k, int x, double tx, double age, double weeks) {
        double[] p = {1.2, 9, 0.6, 2.5};
        PurchaseSummary c = new PurchaseSummary(x, tx, age, 0, x * Math.log(tx / Math.max(1, x) + 1e-9));
        RepeatPurchaseModel model = MbgCnbd.of(k);
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(5));
        double running = age - tx;
        double silentThen = 0;
        double silentLater = 0;
        for (int i = 0; i < 400_000; i++) {
            double lambda = random.nextGamma(p[0] + k * x, 1 / (p[1] + tx));
            silentThen += erlangSurvival(k, lambda * running);
            silentLater += erlangSurvival(k, lambda * (running + weeks));
        }
        double expected = model.probabilityAlive(p, c) * (1 - silentLater / silentThen);

        assertThat(HoldoutPurchaseProbability.atLeastOnePurchase(model, p, c, weeks)).isCloseTo(expected, within(0.004));
    }

    /**
     * Given alive at T, λ ~ Gamma(r + x, α + T) and μ ~ Gamma(s, β + T); with no purchase in t the
     * customer either lived through it without buying or died before buying: (μ + λ e^−(λ+μ)t) / (λ + μ).
     */
    @ParameterizedTest
    @CsvSource({"0, 0, 30, 39", "2, 10, 32, 39", "7, 30, 31, 39", "1, 5, 28, 5"})
    void forParetoNbdItMatchesMonteCarloOverRateAndLifetime(int x, double tx, double age, double weeks) {
        double[] p = {0.553, 10.58, 0.606, 11.67};
        PurchaseSummary c = new PurchaseSummary(x, tx, age);
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(9));
        double none = 0;
        int draws = 400_000;
        for (int i = 0; i < draws; i++) {
            double lambda = random.nextGamma(p[0] + x, 1 / (p[1] + age));
            double mu = random.nextGamma(p[2], 1 / (p[3] + age));
            none += (mu + lambda * Math.exp(-(lambda + mu) * weeks)) / (lambda + mu);
        }
        double expected = ParetoNbd.INSTANCE.probabilityAlive(p, c) * (1 - none / draws);

        assertThat(HoldoutPurchaseProbability.atLeastOnePurchase(ParetoNbd.INSTANCE, p, c, weeks))
                .isCloseTo(expected, within(0.003));
    }

    /** A customer who is gone buys nothing: never more likely than P(alive), and more likely the longer the holdout. */
    @Test
    void everyModelStaysBelowProbabilityAliveAndGrowsWithTheHorizon() {
        double[] mixture = {0.6, 8.6, 0.55, 1.0, 0.3, 0.2, 0.4, 0.1};
        List<Object[]> models = List.of(new Object[] {BgNbd.INSTANCE, BG}, new Object[] {MbgNbd.INSTANCE, MBG},
                new Object[] {MbgCnbd.of(3), MBG}, new Object[] {ParetoNbd.INSTANCE, new double[] {0.553, 10.58, 0.606, 11.67}},
                new Object[] {RegularityMixture.INSTANCE, mixture});
        qt().withFixedSeed(SEED).withExamples(150)
                .forAll(integers().between(0, 20), doubles().between(0.05, 1), doubles().between(1, 60), doubles().between(0.5, 60))
                .checkAssert((x, share, age, weeks) -> {
                    double tx = x == 0 ? 0 : share * age;
                    PurchaseSummary c = new PurchaseSummary(x, tx, age, 0, x == 0 ? 0 : x * Math.log(tx / x));
                    for (Object[] m : models) {
                        RepeatPurchaseModel model = (RepeatPurchaseModel) m[0];
                        double[] p = (double[]) m[1];
                        double shorter = HoldoutPurchaseProbability.atLeastOnePurchase(model, p, c, weeks);
                        double longer = HoldoutPurchaseProbability.atLeastOnePurchase(model, p, c, 2 * weeks);

                        assertThat(shorter).as(model.name()).isBetween(0.0, 1.0);
                        assertThat(longer).as(model.name()).isGreaterThanOrEqualTo(shorter - 1e-12)
                                .isLessThanOrEqualTo(model.probabilityAlive(p, c) + 1e-12);
                    }
                });
    }

    private static double erlangSurvival(int k, double z) {
        double term = Math.exp(-z);
        double sum = term;
        for (int j = 1; j < k; j++) {
            term *= z / j;
            sum += term;
        }
        return sum;
    }
}
