package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChurnEvaluationTest {

    @Test
    void aRuleIsScoredPerSilenceAgainstTheHiddenDropOut() {
        List<ChurnSimulation.SimCustomer> customers = List.of(
                // Gone at day 45 after buying on days 0, 20, 40: the alert at 40 + 30 = 70 is right, 25 days late.
                new ChurnSimulation.SimCustomer(new double[] {0, 20, 40}, 45, 200),
                // Alive throughout, buying every 35 days: four silences reach 30 days (the last, 30 days to the
                // end of observation, does not), each alert wrong.
                new ChurnSimulation.SimCustomer(new double[] {0, 35, 70, 105, 140}, Double.POSITIVE_INFINITY, 170),
                // Gone at day 10 and observed only to day 35: the alert would come at 30, 20 days late.
                new ChurnSimulation.SimCustomer(new double[] {0}, 10, 35));

        ChurnSimulation.Score score = ChurnSimulation.score(ChurnSimulation.fixedDays(30), customers);

        assertThat(score.alerts()).isEqualTo(1 + 4 + 1); // customer 1's first two silences end before 30 days
        assertThat(score.truePositives()).isEqualTo(2);
        assertThat(score.precision()).isCloseTo(2.0 / 6, within(1e-12));
        assertThat(score.recall()).isEqualTo(1.0);
        assertThat(score.medianDelayDays()).isEqualTo(25);
        assertThat(score.f1()).isCloseTo(2 * (2.0 / 6) / (2.0 / 6 + 1), within(1e-12));
    }

    @Test
    void everyModelAndThresholdIsScoredAndALowerThresholdNeverAlertsMore() {
        double[] thresholds = {0.5, 0.2, 0.05};

        ChurnEvaluation.Result result = ChurnEvaluation.run(3, 450, thresholds);

        assertThat(result.fits()).extracting(f -> f.model().name())
                .containsExactly("MBG/NBD", result.fits().get(1).model().name(), "Pareto/NBD", "MBG/CNBD-mix");
        assertThat(result.fits().get(1).model()).isInstanceOf(MbgCnbd.class);
        assertThat(result.rows()).hasSize(4 * thresholds.length);
        for (int m = 0; m < 4; m++) {
            for (int i = 1; i < thresholds.length; i++) {
                ChurnSimulation.Score higher = result.rows().get(m * thresholds.length + i - 1).score();
                ChurnSimulation.Score lower = result.rows().get(m * thresholds.length + i).score();
                assertThat(lower.alerts()).as(lower.rule()).isLessThanOrEqualTo(higher.alerts());
            }
        }
        assertThat(result.table()).contains("| no purchase for 90 days |", "| MBG/CNBD-mix P(alive) < 0.05 |", "| F1 |",
                "| hidden truth P(alive) < 0.20 |");
        assertThat(result.bound()).hasSize(ChurnEvaluation.BOUND_LEVELS.length);
        assertThat(result.bestWithin(40)).contains("| hidden truth P(alive) (the bound) |", "| MBG/NBD P(alive) |");
    }

    /**
     * The bound knows each customer's parameters, so at its best it must be at least as good as any
     * model at theirs: a model only estimates them. (Not a theorem for F1 at a few thresholds, so
     * with a margin; a bound worse than a model by more than noise would mean a wrong formula.)
     */
    @Test
    void theBoundIsAtLeastAsGoodAsEveryModelAtEveryDelay() {
        ChurnEvaluation.Result result = ChurnEvaluation.run(3, 900, new double[] {0.5, 0.3, 0.2, 0.1, 0.05});

        for (ChurnEvaluation.Row row : result.rows()) {
            double delay = row.score().medianDelayDays();
            double boundF1 = result.boundWithin(delay).orElseThrow().f1();
            assertThat(boundF1).as(row.score().rule() + " at " + delay + " days").isGreaterThan(row.score().f1() - 0.02);
        }
    }

    @Test
    void onRegularBuyersThePerCustomerRegularityAlertsEarlierThanMbgNbdAtTheSameThreshold() {
        ChurnSimulation simulation = new ChurnSimulation(5);
        List<ChurnSimulation.SimCustomer> calibrationCohort = simulation.mixedCohort(2400, 182, 728);
        List<ChurnSimulation.SimCustomer> fresh = simulation.mixedCohort(2400, 182, 728);
        List<PurchaseSummary> calibration = ChurnSimulation.summaries(calibrationCohort);
        List<ChurnSimulation.SimCustomer> regular = IntStream.range(0, fresh.size()).filter(i -> i % 3 == 0)
                .mapToObj(fresh::get).toList();

        MaximumLikelihood.Fit mixture = RegularityMixture.fit(calibration);
        MaximumLikelihood.Fit mbg = ChurnEvaluation.fit(MbgNbd.INSTANCE, calibration);
        ChurnSimulation.Score perCustomer = ChurnSimulation.score(
                ChurnSimulation.probabilityAlive(RegularityMixture.INSTANCE, mixture.parameters(), 0.2, 7), regular);
        ChurnSimulation.Score population = ChurnSimulation.score(
                ChurnSimulation.probabilityAlive(MbgNbd.INSTANCE, mbg.parameters(), 0.2, 7), regular);

        assertThat(perCustomer.medianDelayDays()).isLessThan(0.7 * population.medianDelayDays());
        assertThat(perCustomer.f1()).isGreaterThan(0.85);
    }
}
