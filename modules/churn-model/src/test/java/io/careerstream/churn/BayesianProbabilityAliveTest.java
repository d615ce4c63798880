package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;
import org.hipparchus.special.Gamma;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Bayes-optimal P(alive): against a brute-force average over parameters drawn from a small prior
 * (a different method: Monte Carlo over every hidden parameter, the lifetime's mean included, with
 * each buyer's closed-form silence), against BG/NBD's closed form where the population is BG/NBD's,
 * and in its shape (it only falls with silence; the alert days are where it crosses the levels).
 */
class BayesianProbabilityAliveTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261207L);

    /** Narrow spreads, so that drawing from the prior finds the posterior often enough. */
    private static final PopulationPrior TINY = new PopulationPrior(0.45, 0.35, 0.2,
            30, 1, 4, 6, 20, 15, 20, 1.0 / 800, 20, 140);

    @ParameterizedTest(name = "purchases {0}, silent {1} days")
    @CsvSource({
        "'0', 20",
        "'0', 90",
        "'0 29 61 90', 40",
        "'0 29 61 90', 70",
        "'0 5 60 75 130', 60",
        "'0 31 58 92 119 150 181', 45",
    })
    void equalsABruteForceAverageOverATinyPrior(String purchases, double silence) {
        double[] d = java.util.Arrays.stream(purchases.split(" ")).mapToDouble(Double::parseDouble).toArray();
        int k = d.length - 1;
        double now = d[k] + silence;

        double exact = new BayesianProbabilityAlive(TINY, 400).probabilityAlive(d, k, now);
        double[] bruteForce = bruteForce(TINY, d, k, now, 400_000, 11);

        assertThat(bruteForce[0]).as("the history is not too unlikely for the check to mean something").isBetween(0.02, 0.98);
        assertThat(exact).isCloseTo(bruteForce[0], within(5 * bruteForce[1] + 2e-3));
    }

    /** With BG/NBD buyers only, the posterior is BG/NBD's P(alive) (rate Gamma, drop-out Beta), in days. */
    @Test
    void withOnlyBgNbdBuyersItIsBgNbdsClosedForm() {
        PopulationPrior bgNbdOnly = new PopulationPrior(0, 0, 1, 4, 7.5, 3, 12, 2, 150, 1.5, 1.0 / 60, 1.5, 10);
        BayesianProbabilityAlive bayes = new BayesianProbabilityAlive(bgNbdOnly, 800);
        double[] bgNbd = {1.5, 60, 1.5, 10};
        qt().withFixedSeed(SEED).withExamples(200)
                .forAll(lists().of(integers().between(1, 90)).ofSizeBetween(0, 12), doubles().between(0, 500))
                .checkAssert((gaps, silence) -> {
                    double[] d = days(gaps);
                    int k = d.length - 1;
                    double expected = BgNbd.INSTANCE.probabilityAlive(bgNbd, new PurchaseSummary(k, d[k], d[k] + silence));

                    assertThat(bayes.probabilityAlive(d, k, d[k] + silence)).isCloseTo(expected, within(1e-12));
                });
    }

    @Tag("slow") // seconds of numerical work: in `mvn verify`, not in the inner loop
    @Test
    void silenceOnlyLowersIt() {
        BayesianProbabilityAlive bayes = new BayesianProbabilityAlive(PopulationPrior.MIXED_COHORT, 800);
        qt().withFixedSeed(SEED).withExamples(40)
                .forAll(lists().of(integers().between(1, 60)).ofSizeBetween(0, 10))
                .checkAssert(gaps -> {
                    double[] d = days(gaps);
                    int k = d.length - 1;
                    double previous = 1;
                    for (double silence = 5; silence < 300; silence += 15) {
                        double p = bayes.probabilityAlive(d, k, d[k] + silence);
                        assertThat(p).isBetween(0.0, 1.0).isLessThanOrEqualTo(previous + 1e-9);
                        previous = p;
                    }
                });
    }

    /** Each level's alert day is where P(alive) crosses it, never inside the floor, and not after the silence ends. */
    @Test
    void alertDaysAreWhereItCrossesEachLevel() {
        BayesianProbabilityAlive bayes = new BayesianProbabilityAlive(PopulationPrior.MIXED_COHORT, 800);
        double[] d = {0, 30, 62, 91, 118};
        double[] levels = {0.9, 0.5, 0.2, 0.05};

        double[] alerts = bayes.alertDays(d, 4, 700, levels, 7);

        for (int i = 0; i < levels.length; i++) {
            assertThat(alerts[i]).as("level %s", levels[i]).isGreaterThan(d[4] + 7);
            assertThat(bayes.probabilityAlive(d, 4, alerts[i] - 0.3)).isGreaterThan(levels[i]);
            assertThat(bayes.probabilityAlive(d, 4, alerts[i] + 0.3)).isLessThan(levels[i]);
            if (i > 0) {
                assertThat(alerts[i]).isGreaterThan(alerts[i - 1]);
            }
        }
        // A silence that ends first has no alert at the levels it did not reach.
        double[] cut = bayes.alertDays(d, 4, alerts[2] - 1, levels, 7);
        assertThat(cut[1]).isCloseTo(alerts[1], within(1e-6));
        assertThat(cut[2]).isNaN();
        // A level already passed at the floor alerts right there.
        assertThat(bayes.alertDays(d, 4, 700, new double[] {0.999999}, 7)[0]).isEqualTo(d[4] + 7);
    }

    private static double[] days(List<Integer> gaps) {
        double[] d = new double[gaps.size() + 1];
        for (int i = 0; i < gaps.size(); i++) {
            d[i + 1] = d[i] + gaps.get(i);
        }
        return d;
    }

    /**
     * {P(alive), its standard error}: parameters drawn from the prior, kind by kind, each weighted
     * by the likelihood of the purchases (the lifetime's survival to the last one included); P(alive)
     * is the weighted mean of "alive and silent" over the weighted mean of "silent".
     */
    private static double[] bruteForce(PopulationPrior prior, double[] d, int k, double now, int draws, long seed) {
        RandomDataGenerator random = RandomDataGenerator.of(new Well19937c(seed));
        double tk = d[k];
        double s = now - tk;
        double[] alive = new double[3 * draws];
        double[] silent = new double[3 * draws];
        for (int i = 0; i < draws; i++) {
            double meanGap = random.nextGamma(prior.meanGapShape(), prior.meanGapScale());
            double kappa = random.nextUniform(prior.gapShapeMin(), prior.gapShapeMax());
            double mu = 1 / random.nextGamma(prior.meanLifetimeShape(), prior.meanLifetimeScale());
            double beta = kappa / meanGap;
            double logL = -mu * tk;
            for (int j = 1; j <= k; j++) {
                double g = d[j] - d[j - 1];
                logL += kappa * Math.log(beta) + (kappa - 1) * Math.log(g) - beta * g - Gamma.logGamma(kappa);
            }
            double weight = prior.regularShare() * Math.exp(logL);
            alive[i] = weight * Math.exp(-mu * s) * Gamma.regularizedGammaQ(kappa, beta * s);
            silent[i] = weight * (1 - Math.pow(beta / (beta + mu), kappa) * Gamma.regularizedGammaP(kappa, (beta + mu) * s));
        }
        for (int i = 0; i < draws; i++) {
            double lambda = random.nextGamma(prior.rateShape(), prior.rateScale());
            double mu = 1 / random.nextGamma(prior.meanLifetimeShape(), prior.meanLifetimeScale());
            double weight = prior.poissonShare() * Math.exp(k * Math.log(lambda) - (lambda + mu) * tk);
            double stay = Math.exp(-(lambda + mu) * s);
            alive[draws + i] = weight * stay;
            silent[draws + i] = weight * (stay + mu / (lambda + mu) * (1 - stay));
        }
        for (int i = 0; i < draws; i++) {
            double lambda = random.nextGamma(prior.rateShape(), prior.rateScale());
            double p = random.nextBeta(prior.dropOutA(), prior.dropOutB());
            double weight = prior.dropAfterShare() * Math.exp(k * Math.log(lambda) - lambda * tk);
            if (k == 0) {
                alive[2 * draws + i] = weight * Math.exp(-lambda * s);
                silent[2 * draws + i] = alive[2 * draws + i];
            } else {
                weight *= Math.pow(1 - p, k - 1);
                alive[2 * draws + i] = weight * (1 - p) * Math.exp(-lambda * s);
                silent[2 * draws + i] = alive[2 * draws + i] + weight * p;
            }
        }
        // A ratio of means; its standard error by the delta method, over the three strata.
        double a = 0;
        double b = 0;
        for (int i = 0; i < alive.length; i++) {
            a += alive[i];
            b += silent[i];
        }
        double ratio = a / b;
        double variance = 0;
        for (int stratum = 0; stratum < 3; stratum++) {
            double mean = 0;
            for (int i = stratum * draws; i < (stratum + 1) * draws; i++) {
                mean += alive[i] - ratio * silent[i];
            }
            mean /= draws;
            double ss = 0;
            for (int i = stratum * draws; i < (stratum + 1) * draws; i++) {
                double r = alive[i] - ratio * silent[i] - mean;
                ss += r * r;
            }
            variance += ss / (draws - 1) * draws; // the stratum's sum has draws terms
        }
        return new double[] {ratio, Math.sqrt(variance) / b};
    }
}
