package io.careerstream.domain.lift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class LiftStatisticsTest {

    @Test
    void wilsonMatchesTheTabulatedInterval() {
        // 10 of 100: Wilson's score interval is 0.0552 to 0.1744.
        Interval i = LiftStatistics.wilson(10, 100);
        assertThat(i.estimate()).isEqualTo(0.10);
        assertThat(i.low()).isCloseTo(0.0552, within(5e-5));
        assertThat(i.high()).isCloseTo(0.1744, within(5e-5));
        // None of 29: the interval still has width, unlike Wald's.
        Interval none = LiftStatistics.wilson(0, 29);
        assertThat(none.low()).isEqualTo(0.0);
        assertThat(none.high()).isCloseTo(0.1170, within(5e-5));
    }

    @Test
    void newcombesHybridScoreIntervalMatchesHisWorkedExample() {
        // Newcombe (1998), Statistics in Medicine 17, Table II, example (a): 56/70 - 48/80, method 10.
        Interval d = LiftStatistics.proportionDifference(56, 70, 48, 80);
        assertThat(d.estimate()).isCloseTo(0.2, within(1e-12));
        assertThat(d.low()).isCloseTo(0.0524, within(5e-5));
        assertThat(d.high()).isCloseTo(0.3339, within(5e-5));
    }

    @Test
    void theMeanFromSumsIsTheMeanOfTheValuesWithStudentsInterval() {
        double[] values = {0, 0, 0, 12.5, 0, 40, 0, 0, 3.25, 0};
        double sum = 0;
        double squares = 0;
        for (double v : values) {
            sum += v;
            squares += v * v;
        }
        Interval m = LiftStatistics.mean(sum, squares, values.length);
        // mean 5.575, sample sd 12.6656..., t(9, 0.975) = 2.262157
        double sd = Math.sqrt((squares - sum * sum / 10) / 9);
        assertThat(m.estimate()).isCloseTo(5.575, within(1e-12));
        assertThat(m.high() - m.estimate()).isCloseTo(2.262157 * sd / Math.sqrt(10), within(1e-5));
    }

    @Test
    void welchUsesTheSatterthwaiteDegreesOfFreedom() {
        // Equal variances and sizes: df = 2(n - 1) = 18, t(18, 0.975) = 2.100922.
        // Arm 1: ten values 0..9 (variance 9.1667); arm 2: the same shifted by 1.
        double s1 = 45;
        double q1 = 285;
        double s2 = 55;
        double q2 = 385;
        Interval d = LiftStatistics.meanDifference(s1, q1, 10, s2, q2, 10);
        assertThat(d.estimate()).isCloseTo(-1.0, within(1e-12));
        assertThat(d.high() - d.estimate()).isCloseTo(2.100922 * Math.sqrt(2 * 9.166667 / 10), within(1e-5));
        // Unequal: df falls towards the smaller arm's n - 1 when its variance dominates.
        Interval lopsided = LiftStatistics.meanDifference(1000, 1_000_000, 2, 10, 10, 1000);
        // Arm 1 (two customers, variance 500,000) dominates: df is about 1, t(1, 0.975) = 12.7062.
        double se = Math.sqrt(500_000.0 / 2 + (10 - 0.1) / 999 / 1000);
        assertThat(lopsided.high() - lopsided.estimate()).isCloseTo(12.7062 * se, within(0.01 * se));
    }

    @Test
    void emptyArmsHaveNoInterval() {
        assertThat(Double.isNaN(LiftStatistics.wilson(0, 0).estimate())).isTrue();
        assertThat(Double.isNaN(LiftStatistics.mean(0, 0, 0).estimate())).isTrue();
        assertThat(Double.isNaN(LiftStatistics.mean(5, 25, 1).low())).isTrue();
        assertThat(Double.isNaN(LiftStatistics.proportionDifference(1, 10, 0, 0).estimate())).isTrue();
    }

    @Test
    void wilsonIntervalsAlwaysContainTheirEstimateWithinZeroAndOne() {
        qt().forAll(integers().between(1, 100_000), integers().between(0, 1000))
                .checkAssert((n, permille) -> {
                    long x = (long) n * permille / 1000;
                    Interval i = LiftStatistics.wilson(x, n);
                    assertThat(i.low()).isBetween(0.0, i.estimate() + 1e-12);
                    assertThat(i.high()).isBetween(i.estimate() - 1e-12, 1.0);
                });
    }
}
