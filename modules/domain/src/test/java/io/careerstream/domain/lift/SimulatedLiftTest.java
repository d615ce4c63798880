package io.careerstream.domain.lift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A simulated campaign with a known treatment effect, counted the way the stream counts (each
 * customer's exposure, then their purchases in the window through {@link Exposure} and
 * {@link LiftCounts}), recovered by the report within its intervals; and the intervals' coverage
 * over many such campaigns is the promised 95 %.
 */
class SimulatedLiftTest {

    private static final long WINDOW = 14;
    /** True figures of the simulation: conversion 3 % held out, 4 % treated; spend per order mean $40 (exponential). */
    private static final double CONTROL_CONVERSION = 0.03;
    private static final double TREATED_CONVERSION = 0.04;
    private static final double MEAN_ORDER_MINOR = 4000;
    /** Converters buy once, or a second time with probability 0.25, both within the window. */
    private static final double SECOND_ORDER = 0.25;
    private static final double TRUE_SPEND_CONTROL = CONTROL_CONVERSION * (1 + SECOND_ORDER) * MEAN_ORDER_MINOR / 100;
    private static final double TRUE_SPEND_TREATED = TREATED_CONVERSION * (1 + SECOND_ORDER) * MEAN_ORDER_MINOR / 100;

    @Test
    void aKnownTreatmentEffectIsRecoveredWithinItsIntervals() {
        List<LiftReport.Row> report = LiftReport.of(simulate(new SplittableRandom(1), 200_000), 2);
        LiftReport.Row treated = report.stream().filter(r -> !r.arm().heldOut()).findFirst().orElseThrow();
        LiftReport.Row control = report.stream().filter(r -> r.arm().heldOut()).findFirst().orElseThrow();

        assertThat(treated.control()).isEqualTo(control.arm());
        assertThat(treated.conversion().contains(TREATED_CONVERSION)).as("treated conversion %s", treated.conversion()).isTrue();
        assertThat(control.conversion().contains(CONTROL_CONVERSION)).as("control conversion %s", control.conversion()).isTrue();
        assertThat(treated.conversionDifference().contains(TREATED_CONVERSION - CONTROL_CONVERSION))
                .as("difference %s", treated.conversionDifference()).isTrue();
        assertThat(treated.spendDifference().contains(TRUE_SPEND_TREATED - TRUE_SPEND_CONTROL))
                .as("spend difference %s; treated %s control %s", treated.spendDifference(), treated.spendPerCustomer(), control.spendPerCustomer()).isTrue();
        // ... and the effect is told apart from none at this size.
        assertThat(treated.conversionDifference().low()).isPositive();
        assertThat(treated.spendDifference().low()).isPositive();
    }

    @Test
    void theDifferencesIntervalsCoverTheTrueEffectInNineteenCampaignsOfTwenty() {
        SplittableRandom random = new SplittableRandom(7);
        int campaigns = 400;
        int conversionCovered = 0;
        int spendCovered = 0;
        for (int c = 0; c < campaigns; c++) {
            LiftReport.Row treated = LiftReport.of(simulate(random, 6_000), 2).stream()
                    .filter(r -> !r.arm().heldOut()).findFirst().orElseThrow();
            conversionCovered += treated.conversionDifference().contains(TREATED_CONVERSION - CONTROL_CONVERSION) ? 1 : 0;
            spendCovered += treated.spendDifference().contains(TRUE_SPEND_TREATED - TRUE_SPEND_CONTROL) ? 1 : 0;
        }
        // 95 % of 400 is 380; binomial sd 4.4: 4 sd either side.
        assertThat(conversionCovered).isBetween(362, 398);
        assertThat(spendCovered).isBetween(362, 398);
    }

    /** {@code customers} customers, a tenth held out, each exposed at day 0 and buying as the truth says. */
    private static Map<LiftArm, LiftCounts> simulate(SplittableRandom random, int customers) {
        Map<LiftArm, LiftCounts> counts = new HashMap<>();
        LiftArm treatedArm = LiftArm.campaign("sim", "offer", false);
        LiftArm controlArm = LiftArm.campaign("sim", "control", true);
        for (int i = 0; i < customers; i++) {
            boolean heldOut = random.nextDouble() < 0.1;
            LiftArm arm = heldOut ? controlArm : treatedArm;
            Exposure exposure = Exposure.at(arm, 0);
            counts.merge(arm, LiftCounts.ZERO.withCustomer(), LiftCounts::plus);
            if (random.nextDouble() < (heldOut ? CONTROL_CONVERSION : TREATED_CONVERSION)) {
                int orders = random.nextDouble() < SECOND_ORDER ? 2 : 1;
                for (int o = 0; o < orders; o++) {
                    long amount = Math.round(-MEAN_ORDER_MINOR * Math.log(1 - random.nextDouble()));
                    long day = random.nextLong(WINDOW);
                    if (exposure.covers(day, WINDOW)) {
                        counts.put(arm, counts.get(arm).withPurchase(exposure, amount));
                        exposure = exposure.withPurchase(amount);
                    }
                }
            }
            // A purchase after the window does not count.
            assertThat(exposure.covers(WINDOW, WINDOW)).isFalse();
        }
        return counts;
    }
}
