package io.careerstream.domain.lift;

import java.util.List;
import java.util.Locale;

/**
 * A lift report as text for a terminal: one block per campaign (or alert level and action), one
 * line per arm, conversion and spend per customer with their 95 % intervals, and for a contacted
 * arm its difference to the control (percentage points, money).
 */
public final class LiftTable {

    private static final String LINE = "%-24s %10s  %-24s %-26s %-28s %s%n";

    private LiftTable() {
    }

    public static String render(List<LiftReport.Row> rows, String currency) {
        StringBuilder out = new StringBuilder();
        String subject = null;
        for (LiftReport.Row row : rows) {
            String heading = row.arm().kind() + " " + row.arm().subject();
            if (!heading.equals(subject)) {
                subject = heading;
                out.append(out.isEmpty() ? "" : "\n").append(heading).append('\n');
                out.append(String.format(Locale.ROOT, LINE, "arm", "customers", "conversion (95 % CI)",
                        "spend/customer " + currency, "conversion vs control", "spend/customer vs control"));
            }
            String arm = row.arm().variant() + (row.arm().heldOut() && !row.arm().variant().equals(LiftArm.HELD_OUT)
                    ? " (held out)" : "");
            out.append(String.format(Locale.ROOT, LINE, arm, String.format(Locale.ROOT, "%,d", row.counts().customers()),
                    percent(row.conversion()), money(row.spendPerCustomer()),
                    row.control() == null ? (row.arm().heldOut() ? "(control)" : "(no control)") : points(row.conversionDifference()),
                    row.control() == null ? "" : signedMoney(row.spendDifference())));
        }
        return out.toString();
    }

    static String percent(Interval i) {
        return Double.isNaN(i.estimate()) ? "-" : String.format(Locale.ROOT, "%.2f %% (%.2f-%.2f)", 100 * i.estimate(),
                100 * i.low(), 100 * i.high());
    }

    static String points(Interval i) {
        return Double.isNaN(i.estimate()) ? "-" : String.format(Locale.ROOT, "%+.2f pp (%+.2f to %+.2f)",
                100 * i.estimate(), 100 * i.low(), 100 * i.high());
    }

    static String money(Interval i) {
        return Double.isNaN(i.estimate()) ? "-" : String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", i.estimate(), i.low(), i.high());
    }

    static String signedMoney(Interval i) {
        return Double.isNaN(i.estimate()) ? "-" : String.format(Locale.ROOT, "%+.2f (%+.2f to %+.2f)", i.estimate(),
                i.low(), i.high());
    }
}
