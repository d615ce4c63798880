package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TradeOffCurveTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261207L);

    /** F1 0.2 at 10 days, 0.6 at 20, 0.5 at 40, 0.8 at 50. */
    private static final TradeOffCurve CURVE = new TradeOffCurve("hand", TradeOffCurve.Delay.MEDIAN,
            new double[] {10, 20, 40, 50}, new double[] {0.2, 0.6, 0.5, 0.8});

    @Test
    void theFrontierIsTheBestF1OfTheLineNoLaterThanTheDelay() {
        assertThat(CURVE.bestF1Within(5)).isNaN();
        assertThat(CURVE.bestF1Within(10)).isCloseTo(0.2, within(1e-12));
        assertThat(CURVE.bestF1Within(15)).isCloseTo(0.4, within(1e-12));
        assertThat(CURVE.bestF1Within(30)).as("the dip after 20 days does not count").isCloseTo(0.6, within(1e-12));
        assertThat(CURVE.bestF1Within(45)).isCloseTo(0.65, within(1e-12));
        assertThat(CURVE.bestF1Within(100)).isCloseTo(0.8, within(1e-12));
    }

    @Test
    void theDelayToReachAnF1IsWhereTheLineFirstGetsThere() {
        assertThat(CURVE.delayToReach(0.1)).isEqualTo(10);
        assertThat(CURVE.delayToReach(0.5)).isCloseTo(17.5, within(1e-12));
        assertThat(CURVE.delayToReach(0.7)).isCloseTo(40 + 0.2 / 0.3 * 10, within(1e-12));
        assertThat(CURVE.delayToReach(0.9)).isNaN();
    }

    @Test
    void theShortfallIsTheWidestGapOverTheDelaysBothReach() {
        TradeOffCurve lower = new TradeOffCurve("lower", TradeOffCurve.Delay.MEDIAN, new double[] {10, 20, 40, 60},
                new double[] {0.2, 0.5, 0.5, 0.7});

        TradeOffCurve.Shortfall s = lower.shortfallBelow(CURVE);

        assertThat(s.fromDelay()).isEqualTo(10);
        assertThat(s.toDelay()).isEqualTo(50);
        // At 50 days: 0.8 against 0.5 + 10/20 × 0.2 = 0.6.
        assertThat(s.largest()).isCloseTo(0.2, within(1e-12));
        assertThat(s.atDelay()).isEqualTo(50);
        assertThat(CURVE.shortfallBelow(lower).largest()).as("the other way round it is ahead").isLessThanOrEqualTo(0.0);
        // Counting only where the limit reaches F1 0.7: from 46.7 days on.
        assertThat(lower.shortfallBelow(CURVE, 0.7).largest()).isCloseTo(0.2, within(1e-12));
        assertThat(lower.shortfallBelow(CURVE, 0.9).largest()).as("nowhere").isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void aCurveHasNoShortfallBelowItselfAndItsFrontierNeverFalls() {
        qt().withFixedSeed(SEED).withExamples(300)
                .forAll(lists().of(doubles().between(0, 400)).ofSizeBetween(1, 12), lists().of(doubles().between(0, 1)).ofSize(12))
                .checkAssert((delays, f1s) -> {
                    double[] d = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                    double[] f = f1s.subList(0, d.length).stream().mapToDouble(Double::doubleValue).toArray();
                    TradeOffCurve curve = new TradeOffCurve("random", TradeOffCurve.Delay.MEAN, d, f);

                    assertThat(curve.shortfallBelow(curve).largest()).isCloseTo(0.0, within(1e-12));
                    double previous = Double.NEGATIVE_INFINITY;
                    for (double x = d[0]; x <= d[d.length - 1] + 10; x += 3.7) {
                        double best = curve.bestF1Within(x);
                        assertThat(best).isGreaterThanOrEqualTo(previous).isLessThanOrEqualTo(Arrays.stream(f).max().orElseThrow());
                        previous = best;
                    }
                });
    }

    /**
     * The point: alerting six drop-outs in ten early and the other four very late beats a
     * rule that catches all ten at 40 days on the median delay, and loses on the 90th percentile and
     * on F1 counting alerts within 60 days.
     */
    @Test
    void theMedianCanBeBoughtTheNinetiethPercentileAndTimelyF1Cannot() {
        ChurnSimulation.Score level = new ChurnSimulation.Score("level", 12, 10, 10.0 / 12, 1, 10,
                new double[] {40, 40, 40, 40, 40, 40, 40, 40, 40, 40});
        ChurnSimulation.Score gamed = new ChurnSimulation.Score("gamed", 12, 10, 10.0 / 12, 1, 10,
                new double[] {5, 5, 5, 5, 5, 5, 300, 300, 300, 300});

        assertThat(gamed.f1()).isEqualTo(level.f1());
        assertThat(gamed.medianDelayDays()).isLessThan(level.medianDelayDays());
        assertThat(gamed.p90DelayDays()).isGreaterThan(level.p90DelayDays());
        assertThat(gamed.meanDelayDays()).isGreaterThan(level.meanDelayDays());
        assertThat(gamed.f1Within(60)).isLessThan(level.f1Within(60));
        assertThat(level.f1Within(60)).isEqualTo(level.f1());
        assertThat(TradeOffCurve.of("level", List.of(level), TradeOffCurve.Delay.P90).bestF1Within(100))
                .isEqualTo(level.f1());
        assertThat(TradeOffCurve.of("gamed", List.of(gamed), TradeOffCurve.Delay.P90).bestF1Within(100)).isNaN();
    }
}
