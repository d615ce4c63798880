package io.careerstream.churn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Calibrate on one period, predict the next: the models fitted on the calibration summaries
 * predict each customer's repeat purchases in the holdout, compared with what they did, in total
 * and by calibration frequency (0, 1, ..., 6, 7+), as Fader, Hardie and Lee's Figure 3 does.
 */
public final class HoldoutEvaluation {

    /** One frequency bin. */
    public record Row(String bin, int customers, int actual, double bgNbd, double mbgNbd) {
    }

    /** Fits and the comparison table. */
    public record Report(MaximumLikelihood.Fit bgNbdFit, MaximumLikelihood.Fit mbgNbdFit, List<Row> rows, Row total) {

        public String table() {
            StringBuilder out = new StringBuilder();
            out.append("| calibration repeat purchases | customers | actual holdout purchases | BG/NBD predicted | MBG/NBD predicted |\n");
            out.append("|---|---:|---:|---:|---:|\n");
            for (Row r : rows) {
                out.append(line(r));
            }
            out.append(line(total).replace("| " + total.bin(), "| **" + total.bin() + "**"));
            return out.toString();
        }

        private static String line(Row r) {
            return String.format(Locale.ROOT, "| %s | %,d | %,d | %,.1f | %,.1f |%n", r.bin(), r.customers(), r.actual(),
                    r.bgNbd(), r.mbgNbd());
        }
    }

    private HoldoutEvaluation() {
    }

    public static Report run(Collection<CalibrationSplit.Customer> customers, double holdoutWeeks) {
        CustomerGroups calibration = CustomerGroups.of(customers.stream().map(CalibrationSplit.Customer::calibration).toList());
        MaximumLikelihood.Fit bg = MaximumLikelihood.fit(BgNbd.INSTANCE.parameterNames(), new double[] {1, 3, 1, 3},
                BgNbd.INSTANCE.totalLogLikelihood(calibration));
        MaximumLikelihood.Fit mbg = MaximumLikelihood.fit(MbgNbd.INSTANCE.parameterNames(), new double[] {1, 3, 1, 3},
                MbgNbd.INSTANCE.totalLogLikelihood(calibration));
        int bins = 8;
        int[] count = new int[bins];
        int[] actual = new int[bins];
        double[] bgSum = new double[bins];
        double[] mbgSum = new double[bins];
        for (CalibrationSplit.Customer c : customers) {
            int bin = Math.min(c.calibration().x(), bins - 1);
            count[bin]++;
            actual[bin] += c.holdoutPurchases();
            bgSum[bin] += BgNbd.INSTANCE.conditionalExpectedPurchases(bg.parameters(), c.calibration(), holdoutWeeks);
            mbgSum[bin] += MbgNbd.INSTANCE.conditionalExpectedPurchases(mbg.parameters(), c.calibration(), holdoutWeeks);
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < bins; i++) {
            rows.add(new Row(i == bins - 1 ? (bins - 1) + "+" : Integer.toString(i), count[i], actual[i], bgSum[i], mbgSum[i]));
        }
        Row total = new Row("total", customers.size(), rows.stream().mapToInt(Row::actual).sum(),
                rows.stream().mapToDouble(Row::bgNbd).sum(), rows.stream().mapToDouble(Row::mbgNbd).sum());
        return new Report(bg, mbg, rows, total);
    }
}
