package io.careerstream.churn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Whether the models' probabilities mean what they say, on real customers: every model is fitted
 * on the calibration period (as {@code model fit} compares and picks them, by BIC), predicts each
 * customer's P(at least one purchase in the holdout) ({@link HoldoutPurchaseProbability}), and the
 * predictions are held against who did buy ({@link ReliabilityTable}). Then the stream's own use of
 * P(alive): of the customers it would mark AT_RISK or LAPSED at the calibration end, how many bought
 * again in the holdout, which is the alert's real false-alarm rate.
 */
public final class HoldoutCalibration {

    /**
     * One model's predictions and their reliability.
     *
     * @param eceByChance the ECE a calibrated model with these predictions would show on these many
     *                    customers ({@link ReliabilityTable#expectedCalibrationErrorByChance})
     */
    public record ModelCalibration(ModelComparison.Entry entry, double[] predicted, ReliabilityTable table,
                                   double eceByChance) {
    }

    /** Draws of the outcomes for the ECE a calibrated model would show (seeded: the table is reproducible). */
    private static final int CHANCE_DRAWS = 200;
    private static final long CHANCE_SEED = 28;

    /**
     * Customers in one alert state at the calibration end under one model.
     *
     * @param meanProbabilityAlive  their mean P(alive) at the calibration end
     * @param meanPredictedPurchase their mean predicted P(at least one purchase in the holdout)
     * @param boughtAgain           the share of them who bought in the holdout
     */
    public record AlertGroup(String model, String state, int customers, double meanProbabilityAlive,
                             double meanPredictedPurchase, double boughtAgain) {
    }

    /**
     * @param picked the model with the lowest BIC (what {@code model fit} picks)
     */
    public record Result(List<ModelCalibration> models, ModelCalibration picked, List<AlertGroup> alerts, int customers,
                         double holdoutWeeks, double atRiskBelow, double lapsedBelow) {

        /** Per model: BIC, Brier score, its skill, ECE, mean prediction against the share that bought. */
        public String summaryTable() {
            StringBuilder out = new StringBuilder();
            out.append("| model | BIC (calibration) | Brier score | Brier skill | ECE (deciles) | ECE of a calibrated model here "
                    + "(chance) | mean predicted | bought in the holdout |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
            for (ModelCalibration m : models) {
                ReliabilityTable t = m.table();
                double mean = java.util.Arrays.stream(m.predicted()).average().orElse(Double.NaN);
                out.append(String.format(Locale.ROOT, "| %s%s | %.1f | %.4f | %.3f | %.4f | %.4f | %.3f | %.3f |%n",
                        m.entry().model().name(), m == picked ? " (picked)" : "", m.entry().bic(), t.brier(), t.brierSkill(),
                        t.expectedCalibrationError(), m.eceByChance(), mean, t.baseRate()));
            }
            return out.toString();
        }

        /** The deciles of every model side by side: mean predicted / share that bought. */
        public String decileTable() {
            StringBuilder out = new StringBuilder("| decile of predicted P(purchase in the holdout)");
            for (ModelCalibration m : models) {
                out.append(" | ").append(m.entry().model().name()).append(": predicted / bought");
            }
            out.append(" |\n|---|").append("---:|".repeat(models.size())).append('\n');
            int rows = models.stream().mapToInt(m -> m.table().bins().size()).max().orElse(0);
            for (int i = 0; i < rows; i++) {
                out.append("| ").append(i + 1);
                for (ModelCalibration m : models) {
                    List<ReliabilityTable.Bin> bins = m.table().bins();
                    out.append(i < bins.size() ? String.format(Locale.ROOT, " | %.3f / %.3f (%,d)", bins.get(i).meanPredicted(),
                            bins.get(i).observed(), bins.get(i).customers()) : " | ");
                }
                out.append(" |\n");
            }
            return out.toString();
        }

        /** The stream's alert states at the calibration end and who of them bought again. */
        public String alertTable() {
            StringBuilder out = new StringBuilder();
            out.append("| model | state at the calibration end | customers | mean P(alive) | mean predicted P(purchase) "
                    + "| bought again in the holdout (false alarms) |\n");
            out.append("|---|---|---:|---:|---:|---:|\n");
            for (AlertGroup g : alerts) {
                out.append(String.format(Locale.ROOT, "| %s | %s | %,d | %s | %s | %s |%n", g.model(), g.state(), g.customers(),
                        share(g.meanProbabilityAlive(), g.customers()), share(g.meanPredictedPurchase(), g.customers()),
                        share(g.boughtAgain(), g.customers())));
            }
            return out.toString();
        }

        private static String share(double value, int customers) {
            return customers == 0 ? "–" : String.format(Locale.ROOT, "%.3f", value);
        }
    }

    private HoldoutCalibration() {
    }

    /**
     * @param atRiskBelow     the stream's AT_RISK level of P(alive)
     * @param lapsedBelow     the stream's LAPSED level
     * @param minIntervalDays no alert this soon after a purchase, as in the stream
     */
    public static Result run(Collection<CalibrationSplit.Customer> customers, double holdoutWeeks, double atRiskBelow,
                             double lapsedBelow, double minIntervalDays) {
        List<CalibrationSplit.Customer> list = List.copyOf(customers);
        List<PurchaseSummary> calibration = list.stream().map(CalibrationSplit.Customer::calibration).toList();
        boolean[] bought = new boolean[list.size()];
        for (int i = 0; i < bought.length; i++) {
            bought[i] = list.get(i).holdoutPurchases() > 0;
        }
        ModelComparison.Result comparison = ModelComparison.compare(calibration, null, Double.NaN);
        List<ModelCalibration> models = new ArrayList<>();
        ModelCalibration picked = null;
        for (ModelComparison.Entry e : comparison.entries()) {
            double[] predicted = new double[list.size()];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = HoldoutPurchaseProbability.atLeastOnePurchase(e.model(), e.fit().parameters(), calibration.get(i),
                        holdoutWeeks);
            }
            ModelCalibration m = new ModelCalibration(e, predicted, ReliabilityTable.of(e.model().name(), predicted, bought),
                    ReliabilityTable.expectedCalibrationErrorByChance(predicted, CHANCE_DRAWS, CHANCE_SEED));
            models.add(m);
            if (e == comparison.best()) {
                picked = m;
            }
        }
        List<AlertGroup> alerts = new ArrayList<>();
        for (ModelCalibration m : models) {
            if (ChurnModelFit.drivesTheStream(m.entry().model())) {
                alerts.addAll(alertGroups(m, calibration, bought, atRiskBelow, lapsedBelow, minIntervalDays / 7));
            }
        }
        return new Result(List.copyOf(models), picked, List.copyOf(alerts), list.size(), holdoutWeeks, atRiskBelow, lapsedBelow);
    }

    /** AT_RISK, LAPSED, both together, and no alert, as the stream would judge each customer at the calibration end. */
    private static List<AlertGroup> alertGroups(ModelCalibration m, List<PurchaseSummary> calibration, boolean[] bought,
                                                double atRiskBelow, double lapsedBelow, double minIntervalWeeks) {
        String[] states = {"AT_RISK", "LAPSED", "AT_RISK or LAPSED", "no alert"};
        int[] count = new int[states.length];
        double[] alive = new double[states.length];
        double[] predicted = new double[states.length];
        int[] again = new int[states.length];
        RepeatPurchaseModel model = m.entry().model();
        double[] p = m.entry().fit().parameters();
        for (int i = 0; i < calibration.size(); i++) {
            PurchaseSummary c = calibration.get(i);
            double probabilityAlive = model.probabilityAlive(p, c);
            // The stream never alerts within the minimum interval after a purchase.
            boolean floor = c.T() - c.tx() < minIntervalWeeks;
            int state = floor || probabilityAlive >= atRiskBelow ? 3 : probabilityAlive < lapsedBelow ? 1 : 0;
            for (int s : state == 3 ? new int[] {3} : new int[] {state, 2}) {
                count[s]++;
                alive[s] += probabilityAlive;
                predicted[s] += m.predicted()[i];
                again[s] += bought[i] ? 1 : 0;
            }
        }
        List<AlertGroup> out = new ArrayList<>();
        for (int s = 0; s < states.length; s++) {
            String state = switch (s) {
                case 0 -> String.format(Locale.ROOT, "AT_RISK (%.2f <= P(alive) < %.2f)", lapsedBelow, atRiskBelow);
                case 1 -> String.format(Locale.ROOT, "LAPSED (P(alive) < %.2f)", lapsedBelow);
                default -> states[s];
            };
            int n = count[s];
            out.add(new AlertGroup(model.name(), state, n, n == 0 ? Double.NaN : alive[s] / n,
                    n == 0 ? Double.NaN : predicted[s] / n, n == 0 ? Double.NaN : (double) again[s] / n));
        }
        return out;
    }
}
