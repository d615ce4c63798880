package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;

import java.util.List;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bound's P(alive): the closed forms against the processes themselves, simulated (the share of
 * silent customers still alive), and against Pareto/NBD's individual formula where they meet.
 */
class HiddenBuyerTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261128L);
    private static final double[] ONE_PURCHASE = {0};
    private static final double[] THREE_PURCHASES = {0, 20, 41};

    /** Silent after a purchase: share still alive, by simulating the gap and the remaining lifetime. */
    @ParameterizedTest
    @CsvSource({"1, 30, 200, 45", "4, 20, 100, 30", "4, 20, 100, 60", "10, 14, 300, 25", "2.5, 60, 150, 120"})
    void aRenewalBuyersProbabilityAliveIsTheShareOfSilentCustomersStillAlive(double shape, double meanGap,
                                                                            double meanLifetime, double silence) {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(7));
        int silent = 0;
        int alive = 0;
        for (int i = 0; i < 400_000; i++) {
            double gap = random.nextGamma(shape, meanGap / shape);
            double lifetimeLeft = random.nextExponential(meanLifetime);
            boolean bought = gap <= silence && gap <= lifetimeLeft;
            if (!bought) {
                silent++;
                if (lifetimeLeft > silence) {
                    alive++;
                }
            }
        }
        double simulated = (double) alive / silent;
        double standardError = Math.sqrt(simulated * (1 - simulated) / silent);

        double exact = new HiddenBuyer.RenewalBuyer(shape, meanGap, meanLifetime).probabilityAlive(THREE_PURCHASES, 2,
                41 + silence);

        assertThat(exact).isCloseTo(simulated, within(4 * standardError + 1e-4));
    }

    @Test
    void aBgNbdBuyerIsAliveUntilTheirFirstRepeatPurchaseThenBySimulation() {
        HiddenBuyer.DropAfterPurchase buyer = new HiddenBuyer.DropAfterPurchase(1.0 / 25, 0.15);
        assertThat(buyer.probabilityAlive(ONE_PURCHASE, 0, 400)).isEqualTo(1.0);

        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(9));
        double silence = 50;
        int silent = 0;
        int alive = 0;
        for (int i = 0; i < 400_000; i++) {
            boolean stayed = random.nextUniform(0, 1) >= 0.15;
            boolean bought = stayed && random.nextExponential(25) <= silence;
            if (!bought) {
                silent++;
                alive += stayed ? 1 : 0;
            }
        }
        double simulated = (double) alive / silent;

        assertThat(buyer.probabilityAlive(THREE_PURCHASES, 2, 41 + silence))
                .isCloseTo(simulated, within(4 * Math.sqrt(simulated * (1 - simulated) / silent)));
    }

    @Test
    void withExponentialGapsItIsParetoNbdsIndividualProbabilityAlive() {
        qt().withFixedSeed(SEED).withExamples(300)
                .forAll(doubles().between(2, 200), doubles().between(20, 2000), doubles().between(0, 400))
                .checkAssert((meanGap, meanLifetime, silence) -> {
                    double lambda = 1 / meanGap;
                    double mu = 1 / meanLifetime;
                    double paretoNbd = 1 / (1 + mu / (lambda + mu) * Math.expm1((lambda + mu) * silence));

                    double renewal = new HiddenBuyer.RenewalBuyer(1, meanGap, meanLifetime)
                            .probabilityAlive(ONE_PURCHASE, 0, silence);

                    assertThat(renewal).isCloseTo(paretoNbd, within(1e-9 + 1e-9 * paretoNbd));
                });
    }

    @Test
    void silenceOnlyLowersIt() {
        qt().withFixedSeed(SEED).withExamples(200)
                .forAll(doubles().between(1, 15), doubles().between(5, 90), doubles().between(30, 900))
                .checkAssert((shape, meanGap, meanLifetime) -> {
                    HiddenBuyer buyer = new HiddenBuyer.RenewalBuyer(shape, meanGap, meanLifetime);
                    double previous = 1;
                    for (double day = 41; day < 41 + 6 * meanGap; day += meanGap / 10) {
                        double p = buyer.probabilityAlive(THREE_PURCHASES, 2, day);
                        assertThat(p).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous + 1e-12);
                        previous = p;
                    }
                });
    }

    /** The bound alerts on the first day its P(alive) is below the level, and not before the minimum interval. */
    @Test
    void theBoundAlertsWhereTheTruePAliveCrossesTheLevel() {
        HiddenBuyer truth = new HiddenBuyer.RenewalBuyer(6, 14, 300);
        ChurnSimulation.SimCustomer customer = new ChurnSimulation.SimCustomer(THREE_PURCHASES, 60, 300, truth);
        ChurnSimulation.AlertRule rule = ChurnSimulation.knownTruth(0.2, 7);

        double alert = rule.alertDayBefore(customer, 2, 300);

        assertThat(alert).isGreaterThan(41 + 7);
        assertThat(truth.probabilityAlive(THREE_PURCHASES, 2, alert)).isLessThan(0.2);
        assertThat(truth.probabilityAlive(THREE_PURCHASES, 2, alert - 0.02)).isGreaterThanOrEqualTo(0.2);
        assertThat(rule.alertDayBefore(customer, 2, alert - 0.5)).as("the silence ends first").isNaN();
        // A level already passed at the minimum interval alerts right there.
        assertThat(ChurnSimulation.knownTruth(0.999, 7).alertDayBefore(customer, 2, 300)).isEqualTo(41 + 7);

        ChurnSimulation.Score score = ChurnSimulation.score(rule, List.of(customer));
        assertThat(score.truePositives()).isEqualTo(1);
        assertThat(score.medianDelayDays()).isCloseTo(alert - 60, within(1e-9));
    }
}
