package io.careerstream.churn;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Every repeat-purchase model fitted on the same customers and compared (BG/NBD, MBG/NBD,
 * MBG/CNBD-k, Pareto/NBD and, when the intervals between purchases are known, the per-customer
 * regularity mixture): log-likelihood, BIC
 * (which charges each estimated parameter, k included) and, where the data allows a
 * calibration/holdout split, how far each model's forecast of the holdout is from what customers
 * did. The model with the lowest BIC is picked: all models see the same data, and BIC is the
 * likelihood's verdict corrected for the extra freedom of a larger model. The holdout error is
 * printed beside it as the out-of-sample check.
 */
public final class ModelComparison {

    /**
     * One model.
     *
     * @param freeParameters estimated parameters (MBG/CNBD-k counts its k)
     * @param holdoutMeanAbsoluteError mean over customers of |forecast - actual| holdout purchases, NaN without a split
     * @param holdoutForecast total forecast holdout purchases, NaN without a split
     * @param seconds wall-clock time of the model's fits (all customers, the calibration part; every k tried for
     *     MBG/CNBD-k) and its holdout forecast
     */
    public record Entry(RepeatPurchaseModel model, MaximumLikelihood.Fit fit, int freeParameters, double bic,
                        double holdoutMeanAbsoluteError, double holdoutForecast, double seconds) {
    }

    /**
     * Every entry (in fitting order), the pick and why, and the best model that can drive the stream.
     *
     * @param histories the distinct (x, t_x, T) among the customers: the likelihood terms each evaluation takes
     */
    public record Result(List<Entry> entries, Entry best, String reason, Entry bestForStream, int customers,
                         int holdoutActual, double holdoutWeeks, int histories) {

        /** How long each model took and all of them, as "Models fitted on N customers (M distinct histories) in S s: ...". */
        public String timings() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "Models fitted on %,d customers (%,d distinct histories) in %.1f s:", customers, histories,
                    entries.stream().mapToDouble(Entry::seconds).sum()));
            for (Entry e : entries) {
                out.append(String.format(Locale.ROOT, "%s %s %.1f s", e == entries.get(0) ? "" : ",", e.model().name(),
                        e.seconds()));
            }
            return out.toString();
        }

        public String table() {
            StringBuilder out = new StringBuilder();
            out.append("| model | parameters | log-likelihood | BIC | holdout MAE per customer | holdout forecast (actual "
                    + (Double.isNaN(holdoutWeeks) ? "-" : String.format(Locale.ROOT, "%,d", holdoutActual)) + ") |\n");
            out.append("|---|---|---:|---:|---:|---:|\n");
            for (Entry e : entries) {
                StringBuilder params = new StringBuilder();
                if (e.model() instanceof MbgCnbd) {
                    params.append("k ").append(e.model().regularity()).append(", ");
                }
                for (int i = 0; i < e.fit().names().size(); i++) {
                    params.append(i == 0 ? "" : ", ").append(e.fit().names().get(i))
                            .append(String.format(Locale.ROOT, " %.4g", e.fit().parameters()[i]));
                }
                out.append(String.format(Locale.ROOT, "| %s%s | %s | %.3f | %.1f | %s | %s |%n", e.model().name(),
                        e == best ? " (picked)" : "", params, e.fit().logLikelihood(), e.bic(),
                        Double.isNaN(e.holdoutMeanAbsoluteError()) ? "-" : String.format(Locale.ROOT, "%.4f", e.holdoutMeanAbsoluteError()),
                        Double.isNaN(e.holdoutForecast()) ? "-" : String.format(Locale.ROOT, "%,.1f", e.holdoutForecast())));
            }
            return out.toString();
        }
    }

    private static final double[] START = {1, 3, 1, 3};

    private ModelComparison() {
    }

    /**
     * Fits BG/NBD, MBG/NBD, MBG/CNBD-k (k estimated) and Pareto/NBD on {@code customers}; when
     * {@code split} is given, fits each again on its calibration part and scores the forecast of
     * the {@code holdoutWeeks} after it.
     *
     * @throws IllegalArgumentException when there are no customers
     */
    public static Result compare(List<PurchaseSummary> customers, Collection<CalibrationSplit.Customer> split,
                                 double holdoutWeeks) {
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("No customers to fit on");
        }
        // Grouped once, for every fit on them.
        CustomerGroups groups = CustomerGroups.of(customers);
        CustomerGroups calibration = split == null ? null
                : CustomerGroups.of(split.stream().map(CalibrationSplit.Customer::calibration).toList());
        List<Entry> entries = new ArrayList<>();
        Map<RepeatPurchaseModel, MaximumLikelihood.Fit> fits = new HashMap<>();
        Map<RepeatPurchaseModel, MaximumLikelihood.Fit> calibratedFits = new HashMap<>();
        for (RepeatPurchaseModel model : List.of(BgNbd.INSTANCE, MbgNbd.INSTANCE, ParetoNbd.INSTANCE)) {
            long started = System.nanoTime();
            MaximumLikelihood.Fit fit = fit(model, groups);
            MaximumLikelihood.Fit calibrated = calibration == null ? null : fit(model, calibration);
            fits.put(model, fit);
            calibratedFits.put(model, calibrated);
            entries.add(entry(model, fit, 4, customers.size(), split, calibrated, holdoutWeeks, started));
        }
        long started = System.nanoTime();
        // MBG/CNBD-1 is MBG/NBD to the last digit: its fits are MBG/NBD's, not done again.
        MbgCnbd.RegularityFit regular = MbgCnbd.fit(groups, fits.get(MbgNbd.INSTANCE));
        MaximumLikelihood.Fit regularCalibrated = calibration == null ? null
                : regular.model().k() == 1 ? calibratedFits.get(MbgNbd.INSTANCE) : fit(regular.model(), calibration);
        // k is estimated too when intervals are known; from running totals only k = 1 was possible.
        int regularParameters = groups.allIntervalsKnown() ? 5 : 4;
        entries.add(2, entry(regular.model(), regular.fit(), regularParameters, customers.size(), split, regularCalibrated,
                holdoutWeeks, started));

        if (groups.allIntervalsKnown()) {
            started = System.nanoTime();
            MaximumLikelihood.Fit mixture = RegularityMixture.fit(groups);
            MaximumLikelihood.Fit mixtureCalibrated = calibration == null ? null : RegularityMixture.fit(calibration);
            entries.add(entry(RegularityMixture.INSTANCE, mixture, mixture.parameters().length, customers.size(), split,
                    mixtureCalibrated, holdoutWeeks, started));
        }

        Entry best = entries.stream().min(Comparator.comparingDouble(Entry::bic)).orElseThrow();
        Entry runnerUp = entries.stream().filter(e -> e != best).min(Comparator.comparingDouble(Entry::bic)).orElseThrow();
        StringBuilder reason = new StringBuilder(String.format(Locale.ROOT,
                "%s has the lowest BIC (%.1f), %.1f below the next, %s", best.model().name(), best.bic(),
                runnerUp.bic() - best.bic(), runnerUp.model().name()));
        if (split != null) {
            Entry bestHoldout = entries.stream().min(Comparator.comparingDouble(Entry::holdoutMeanAbsoluteError)).orElseThrow();
            reason.append(bestHoldout == best ? "; it also forecasts the holdout best"
                    : String.format(Locale.ROOT, "; %s forecasts the holdout slightly better (MAE %.4f against %.4f)",
                            bestHoldout.model().name(), bestHoldout.holdoutMeanAbsoluteError(), best.holdoutMeanAbsoluteError()));
        }
        if (regular.model().k() == 1) {
            reason.append("; the estimated regularity is k = 1 (no regularity: MBG/CNBD-1 is MBG/NBD, with one parameter more)");
        }
        Entry forStream = entries.stream().filter(e -> ChurnModelFit.drivesTheStream(e.model()))
                .min(Comparator.comparingDouble(Entry::bic)).orElseThrow();
        int actual = split == null ? 0 : split.stream().mapToInt(CalibrationSplit.Customer::holdoutPurchases).sum();
        return new Result(entries, best, reason.toString(), forStream, customers.size(), actual,
                split == null ? Double.NaN : holdoutWeeks, groups.groups());
    }

    private static Entry entry(RepeatPurchaseModel model, MaximumLikelihood.Fit fit, int parameters, int n,
                               Collection<CalibrationSplit.Customer> split, MaximumLikelihood.Fit calibrated,
                               double holdoutWeeks, long startedNanos) {
        double bic = -2 * fit.logLikelihood() + parameters * Math.log(n);
        if (split == null) {
            return new Entry(model, fit, parameters, bic, Double.NaN, Double.NaN, secondsSince(startedNanos));
        }
        CalibrationSplit.Customer[] customers = split.toArray(CalibrationSplit.Customer[]::new);
        // Each customer's forecast on every core, then added up in customer order as before.
        double[] expected = new double[customers.length];
        IntStream.range(0, customers.length).parallel().forEach(i -> expected[i] =
                model.conditionalExpectedPurchases(calibrated.parameters(), customers[i].calibration(), holdoutWeeks));
        double absoluteError = 0;
        double forecast = 0;
        for (int i = 0; i < customers.length; i++) {
            forecast += expected[i];
            absoluteError += Math.abs(expected[i] - customers[i].holdoutPurchases());
        }
        return new Entry(model, fit, parameters, bic, absoluteError / split.size(), forecast, secondsSince(startedNanos));
    }

    private static double secondsSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    private static MaximumLikelihood.Fit fit(RepeatPurchaseModel model, CustomerGroups customers) {
        return WarmStartedFit.fit(model.parameterNames(), START.clone(), model::totalLogLikelihood, customers);
    }
}
