package io.careerstream.domain.lift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each arm's conversion and spend per customer with their intervals, and for an arm that was
 * contacted its difference to the control: the held-out arm of the same campaign (or alert level
 * and action). Money in major units of the reporting currency.
 */
public final class LiftReport {

    /**
     * One arm's line.
     *
     * @param control              the arm it is compared with; null for a control, or when its
     *                             campaign has none
     * @param conversionDifference conversion minus the control's (Newcombe), NONE without a control
     * @param spendDifference      spend per customer minus the control's (Welch), NONE without a control
     */
    public record Row(LiftArm arm, LiftCounts counts, Interval conversion, Interval spendPerCustomer, LiftArm control,
                      Interval conversionDifference, Interval spendDifference) {
    }

    private LiftReport() {
    }

    /**
     * @param counts         every arm's counts (already summed over tasks and instances)
     * @param fractionDigits the reporting currency's minor digits (2 for USD)
     */
    public static List<Row> of(Map<LiftArm, LiftCounts> counts, int fractionDigits) {
        double major = Math.pow(10, -fractionDigits);
        TreeMap<LiftArm, LiftCounts> arms = new TreeMap<>(counts);
        List<Row> rows = new ArrayList<>();
        arms.forEach((arm, c) -> {
            LiftArm control = arm.heldOut() ? null : controlOf(arm, arms);
            Interval conversion = LiftStatistics.wilson(c.converters(), c.customers());
            Interval spend = LiftStatistics.mean(c.spendMinor(), c.spendSquares(), c.customers()).times(major);
            Interval conversionDifference = Interval.NONE;
            Interval spendDifference = Interval.NONE;
            if (control != null) {
                LiftCounts k = arms.get(control);
                conversionDifference = LiftStatistics.proportionDifference(c.converters(), c.customers(),
                        k.converters(), k.customers());
                spendDifference = LiftStatistics.meanDifference(c.spendMinor(), c.spendSquares(), c.customers(),
                        k.spendMinor(), k.spendSquares(), k.customers()).times(major);
            }
            rows.add(new Row(arm, c, conversion, spend, control, conversionDifference, spendDifference));
        });
        return rows;
    }

    /** The held-out arm of the same subject (the first by name if a campaign reported several), else null. */
    private static LiftArm controlOf(LiftArm arm, TreeMap<LiftArm, LiftCounts> arms) {
        for (LiftArm candidate : arms.keySet()) {
            if (candidate.heldOut() && candidate.kind() == arm.kind() && candidate.subject().equals(arm.subject())) {
                return candidate;
            }
        }
        return null;
    }
}
