package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
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
        assertThat(score.meanDelayDays()).isEqualTo(22.5);
        assertThat(score.p90DelayDays()).isEqualTo(25);
        assertThat(score.dropOuts()).isEqualTo(2);
        assertThat(score.f1()).isCloseTo(2 * (2.0 / 6) / (2.0 / 6 + 1), within(1e-12));
        // Within 22 days only the 20-day alert counts: precision 1/6, recall 1/2.
        assertThat(score.f1Within(22)).isCloseTo(2 * (1.0 / 6) * 0.5 / (1.0 / 6 + 0.5), within(1e-12));
        assertThat(score.f1Within(25)).isEqualTo(score.f1());
        assertThat(score.f1Within(10)).isZero();
    }

    @Tag("slow") // seconds of numerical work: in `mvn verify`, not in the inner loop
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
        assertThat(result.bound()).hasSize(ChurnEvaluation.CURVE_LEVELS.length);
        assertThat(result.bayes()).hasSize(ChurnEvaluation.CURVE_LEVELS.length);
        assertThat(result.streamCurve()).hasSize(ChurnEvaluation.CURVE_LEVELS.length);
        for (int i = 1; i < ChurnEvaluation.CURVE_LEVELS.length; i++) {
            assertThat(result.bayes().get(i).alerts()).isLessThanOrEqualTo(result.bayes().get(i - 1).alerts());
        }
        assertThat(result.bestWithin(40)).contains("| hidden truth P(alive) (the bound) |", "| MBG/NBD P(alive) |",
                "| Bayes-optimal P(alive) (the achievable limit) |");
        assertThat(result.table()).contains("| Bayes-optimal P(alive) < 0.20 |");
        assertThat(result.limitTable()).contains("(the stream's model) |", "| Bayes-optimal P(alive) |",
                "| each customer's hidden parameters |");
        assertThat(result.shortfallTable()).contains("| at every median delay |", "| at every mean delay |",
                "| at every 90th percentile delay |", "| best F1 counting alerts within 30 days |");
    }

    /** The stream's model is the one model fit would publish: the lowest BIC among the models that drive the stream. */
    @Test
    void theStreamsModelIsTheLowestBicOfTheStreamCapableModels() {
        List<ChurnEvaluation.FittedModel> fits = List.of(
                fitted(MbgNbd.INSTANCE, -1000, 4), fitted(MbgCnbd.of(2), -990, 4), fitted(ParetoNbd.INSTANCE, -900, 4),
                fitted(RegularityMixture.INSTANCE, -996, 8));

        // BIC with 1,000 customers: MBG/NBD 2000 + 4 ln 1000 = 2027.6; MBG/CNBD-2 1980 + 5 ln 1000 = 2014.5 (its k
        // counts); the mixture 1992 + 8 ln 1000 = 2047.3; Pareto/NBD is lowest (1827.6) but does not drive the stream.
        assertThat(ChurnEvaluation.streamModel(fits, 1000).model()).isEqualTo(MbgCnbd.of(2));
    }

    private static ChurnEvaluation.FittedModel fitted(RepeatPurchaseModel model, double logLikelihood, int parameters) {
        return new ChurnEvaluation.FittedModel(model, new MaximumLikelihood.Fit(model.parameterNames(), new double[parameters],
                new double[parameters], logLikelihood, 0));
    }

    /**
     * Each customer's own parameters say more than their history under the population's prior: the
     * bound's curve lies well above the Bayes-optimal one somewhere by every delay measure, and by the
     * median delay nowhere below it (with a margin for noise: a level rule is not guaranteed to be
     * the best use of either, and by the 90th percentile the two cross at long delays).
     */
    @Tag("slow") // the Bayes-optimal curve: about 20 s of numerical work, in `mvn verify`
    @Test
    void theBoundIsAboveTheBayesOptimalCurve() {
        ChurnEvaluation.Result result = nineHundred();

        for (TradeOffCurve.Delay measure : TradeOffCurve.Delay.values()) {
            List<TradeOffCurve> curves = result.curves(measure);
            assertThat(curves.get(1).shortfallBelow(curves.get(2)).largest()).as(measure.label()).isGreaterThan(0.05);
        }
        List<TradeOffCurve> median = result.curves(TradeOffCurve.Delay.MEDIAN);
        assertThat(median.get(2).shortfallBelow(median.get(1)).largest()).isLessThan(0.02);
    }

    private static ChurnEvaluation.Result nineHundred;

    /** One evaluation of 900 customers for the tests that compare curves (the Bayes-optimal rule takes a while). */
    private static synchronized ChurnEvaluation.Result nineHundred() {
        if (nineHundred == null) {
            nineHundred = ChurnEvaluation.run(3, 900, new double[] {0.5, 0.3, 0.2, 0.1, 0.05});
        }
        return nineHundred;
    }

    /**
     * The bound knows each customer's parameters, so at its best it must be at least as good as any
     * model at theirs: a model only estimates them. (Not a theorem for F1 at a few thresholds, so
     * with a margin; a bound worse than a model by more than noise would mean a wrong formula.)
     */
    @Tag("slow") // seconds of numerical work: in `mvn verify`, not in the inner loop
    @Test
    void theBoundIsAtLeastAsGoodAsEveryModelAtEveryDelay() {
        ChurnEvaluation.Result result = nineHundred();

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
