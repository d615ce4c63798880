package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.churn.MbgNbd;
import io.careerstream.churn.PurchaseSummary;
import io.careerstream.churn.RegularityMixture;
import io.careerstream.domain.map.CareerMapLoader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-customer regularity mixture driving the silence levels, as MBG/NBD does. */
class RegularityInTheStreamTest {

    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final long DAY = 86_400_000L;
    private static final long SEED = Long.getLong("QT_SEED", 20261128L);

    /** Shared parameters and class weights of the order `model evaluate` fits on its simulation. */
    static final ChurnModelParameters MIXTURE = ChurnModelParameters.mixture(2.0, 8.12, 1.43, 8.15, 6.25, 3.74, 15.44,
            List.of(0.57, 0.06, 0.10, 0.24, 0.03));
    static final ChurnModelParameters MBG_NBD = new ChurnModelParameters(2.0, 8.12, 1.43, 8.15, 6.25, 3.74, 15.44);

    private static CustomerCareer career(ChurnModelParameters p) {
        return new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT, () -> p),
                CareerMapLoader.loadDefault(), LookAhead.DEFAULT);
    }

    private static CustomerState history(CustomerCareer career, int... days) {
        CustomerState s = null;
        for (int i = 0; i < days.length; i++) {
            s = career.onTouchpoint(s, new Touchpoint.Purchase("e" + i, "c", T0 + days[i] * DAY, "o" + i, 1500, "USD", 1,
                    List.of())).state();
        }
        return s;
    }

    @Test
    void aClockworkBuyerIsAtRiskSoonerUnderTheMixtureAndIsJudgedByAHighRegularity() {
        int[] fortnightly = {0, 14, 28, 42, 56, 70, 84, 98};
        CustomerCareer mixture = career(MIXTURE);
        CustomerCareer poisson = career(MBG_NBD);
        CustomerState s = history(mixture, fortnightly);
        long atRiskMixture = mixture.churnMaths().atRiskAt(s);
        long atRiskPoisson = poisson.churnMaths().atRiskAt(history(poisson, fortnightly));

        assertThat(atRiskMixture).isLessThan(atRiskPoisson - 14 * DAY);
        assertThat(s.nextCheckAt()).isEqualTo(atRiskMixture);
        assertThat(mixture.churnMaths().probabilityAlive(s, atRiskMixture)).isCloseTo(0.2, within(1e-6));
        assertThat(mixture.churnMaths().regularity(s)).isGreaterThanOrEqualTo(8);

        CareerOutcome due = mixture.onTimer(s, "c", atRiskMixture);
        assertThat(due.churnSignals()).singleElement().satisfies(signal -> {
            assertThat(signal.level()).isEqualTo(AlertLevel.AT_RISK);
            assertThat(signal.model()).isEqualTo("MBG/CNBD-mix");
            assertThat(signal.regularity()).isGreaterThanOrEqualTo(8);
            assertThat(signal.probabilityAlive()).isCloseTo(0.2, within(1e-6));
        });
        assertThat(mixture.onTimer(s, "c", atRiskMixture - 60_000).churnSignals()).as("a minute before").isEmpty();
    }

    @Test
    void anIrregularBuyerKeepsThePoissonClass() {
        CustomerState s = history(career(MIXTURE), 0, 1, 30, 32, 90, 91, 150);
        assertThat(career(MIXTURE).churnMaths().regularity(s)).isEqualTo(1);
        assertThat(career(MBG_NBD).churnMaths().regularity(s)).isEqualTo(1);
    }

    /**
     * For any purchase history, the stream's crossing times are where the churn model's P(alive),
     * computed from a plain summary of the same purchase days (weeks, log-gaps summed directly),
     * falls to each threshold; and the figures the stream reports are that model's.
     */
    @Test
    void theStreamsCrossingsAreThoseOfTheModelOnThePlainHistory() {
        qt().withFixedSeed(SEED).withExamples(60).withShrinkCycles(500)
                .forAll(lists().of(integers().between(1, 60)).ofSizeBetween(0, 12))
                .checkAssert(gaps -> {
                    int[] days = new int[gaps.size() + 1];
                    double logGaps = 0;
                    for (int i = 0; i < gaps.size(); i++) {
                        days[i + 1] = days[i] + gaps.get(i);
                        logGaps += Math.log(gaps.get(i) / 7.0);
                    }
                    CustomerCareer career = career(MIXTURE);
                    CustomerState s = history(career, days);
                    int x = gaps.size();
                    double tx = days[x] / 7.0;
                    PurchaseSummary plain = new PurchaseSummary(x, tx, tx, 0, logGaps);
                    double[] p = MIXTURE.purchaseModelParameters();
                    for (double threshold : new double[] {0.2, 0.05}) {
                        double age = RegularityMixture.INSTANCE.ageWhenProbabilityAliveFallsTo(p, plain, threshold);
                        long expected = Math.max(T0 + Math.round(age * 7 * DAY), T0 + days[x] * DAY + 7 * DAY);
                        long actual = threshold == 0.2 ? career.churnMaths().atRiskAt(s) : career.churnMaths().lapsedAt(s);
                        // The state rounds each log-gap to a millionth: the crossing moves by seconds, P(alive) by less than 1e-5.
                        assertThat((double) actual).isCloseTo(expected, within(60_000.0));
                        if (age > tx + 1) {
                            double weeks = (actual - T0) / (7.0 * DAY);
                            assertThat(RegularityMixture.INSTANCE.probabilityAlive(p, new PurchaseSummary(x, tx, weeks, 0, logGaps)))
                                    .isCloseTo(threshold, within(1e-5));
                        }
                    }
                    long now = T0 + (days[x] + 30) * DAY;
                    assertThat(career.churnMaths().probabilityAlive(s, now)).isCloseTo(RegularityMixture.INSTANCE
                            .probabilityAlive(p, new PurchaseSummary(x, tx, tx + 30 / 7.0, 0, logGaps)), within(1e-4));
                    assertThat(career.churnMaths().regularity(s)).isEqualTo(RegularityMixture.likelyRegularity(p, plain));
                });
    }

    @Test
    void aReplayRaisesEachEpisodesAlertsAtTheCrossingsAndAPurchaseReArmsThem() {
        CustomerCareer mixture = career(MIXTURE);
        long[] times = {T0, T0 + 14 * DAY, T0 + 28 * DAY, T0 + 200 * DAY};
        List<ChurnSignal> alerts = SilenceReplay.alerts(mixture, "c", times, T0 + 2000 * DAY);

        CustomerState third = history(mixture, 0, 14, 28);
        CustomerState fourth = history(mixture, 0, 14, 28, 200);
        assertThat(alerts).extracting(ChurnSignal::level).containsExactly(AlertLevel.AT_RISK, AlertLevel.LAPSED,
                AlertLevel.AT_RISK, AlertLevel.LAPSED);
        assertThat(alerts).extracting(ChurnSignal::at).containsExactly(mixture.churnMaths().atRiskAt(third),
                mixture.churnMaths().lapsedAt(third), mixture.churnMaths().atRiskAt(fourth), mixture.churnMaths().lapsedAt(fourth));
        assertThat(alerts.get(1).at()).isLessThan(times[3]);
        assertThat(SilenceReplay.alerts(mixture, "c", times, alerts.get(3).at())).as("watched until just before").hasSize(3);
    }

    @Test
    void withoutMixtureWeightsTheStreamStillRunsMbgNbdInClosedForm() {
        CustomerCareer poisson = career(MBG_NBD);
        CustomerState s = history(poisson, 0, 20, 50);
        double age = MbgNbd.INSTANCE.ageWhenProbabilityAliveFallsTo(MBG_NBD.mbgNbd(), 2, 50 / 7.0, 0.2);
        assertThat(poisson.churnMaths().atRiskAt(s)).isEqualTo(T0 + Math.round(age * 7 * DAY));
        assertThat(poisson.churnMaths().model().name()).isEqualTo("MBG/NBD");
    }
}
