package io.careerstream.churn;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Recalibration learned strictly inside the calibration period, then judged on the real holdout: the
 * calibration period is split again (an inner calibration and an inner holdout, by default its two
 * halves, as the outer split halves the whole history), every model is fitted on the inner
 * calibration as {@code model fit} would fit it, predicts each customer's P(at least one purchase in
 * the inner holdout), and a recalibration is learned from who did buy there: the intensity factor
 * ({@link IntensityRecalibration}, valid at any horizon) and Platt scaling ({@link PlattRecalibration},
 * tied to the inner horizon). Both are applied to the predictions of the model fitted on the whole
 * calibration period for the real holdout, which nothing here has looked at. Beside them, the
 * intensity factor an oracle would learn on the real holdout itself (by likelihood), and the least
 * ECE any factor gives there: how far this one-parameter correction can go at all, and how far the
 * inner split's answer is from it. Because the answer depends on
 * which weeks the inner holdout covers, the same is repeated for a range of inner split dates.
 */
public final class InnerSplitRecalibration {

    /** Draws of the outcomes for the chance level of ECE, as {@link HoldoutCalibration} does. */
    private static final int CHANCE_DRAWS = 200;
    private static final long CHANCE_SEED = 28;

    /**
     * One model.
     *
     * @param innerMeanPredicted the inner fit's mean P(purchase in the inner holdout)
     * @param innerBought        the share who bought in the inner holdout
     * @param raw                the outer model's predictions for the real holdout, as they are
     * @param byIntensity        the same, recalibrated with the intensity factor learned inside
     * @param intensityByChance  the ECE a calibrated model with the recalibrated predictions would show here by chance
     * @param byPlatt            the same, recalibrated by Platt scaling learned inside
     * @param oracle             the intensity factor learned on the real holdout (peeking, for comparison only); null
     *                           when the holdout has no buyers or only buyers
     * @param byOracle           the predictions recalibrated with it; null without it
     * @param leastEceFactor     the intensity factor with the least holdout ECE on a grid ({@link #FACTOR_GRID_FROM} to
     *                           {@link #FACTOR_GRID_TO}, step {@link #FACTOR_GRID_STEP}; peeking): no factor does much
     *                           better than {@code leastEce}, so a target below it is out of reach of this correction
     * @param leastEce           its ECE
     */
    public record ModelRecalibration(ModelComparison.Entry entry, double innerMeanPredicted, double innerBought,
                                     IntensityRecalibration intensity, PlattRecalibration platt, ReliabilityTable raw,
                                     ReliabilityTable byIntensity, double intensityByChance, ReliabilityTable byPlatt,
                                     IntensityRecalibration oracle, ReliabilityTable byOracle, double leastEceFactor,
                                     double leastEce) {
    }

    /** The factors tried for the least ECE any factor gives: from no more than half to three times the intensity. */
    public static final double FACTOR_GRID_FROM = 0.5;
    public static final double FACTOR_GRID_TO = 3.0;
    public static final double FACTOR_GRID_STEP = 0.01;

    /** One inner split date: per model (in the outer result's order), the factor learned and the holdout ECE it gives. */
    public record SplitPoint(LocalDate innerEnd, double innerHoldoutWeeks, double[] factor, double[] ece) {
    }

    public record Result(LocalDate innerEnd, double innerHoldoutWeeks, int innerCustomers, double holdoutWeeks,
                         List<ModelRecalibration> models, ModelRecalibration picked, List<SplitPoint> sensitivity) {

        /** Per model: what the inner split taught and the holdout's ECE and Brier before and after. */
        public String summaryTable() {
            StringBuilder out = new StringBuilder();
            out.append("| model | inner holdout: predicted / bought | intensity factor learned inside | ECE raw | ECE "
                    + "recalibrated (intensity) | chance | Brier raw / recalibrated | ECE Platt (a, b learned inside) "
                    + "| oracle factor (holdout) / its ECE | least ECE of any factor (at) |\n");
            out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (ModelRecalibration m : models) {
                out.append(String.format(Locale.ROOT,
                        "| %s%s | %.3f / %.3f | %.3f | %.4f | %.4f | %.4f | %.4f / %.4f | %.4f (%.2f, %.2f) | %s | %.4f (%.2f) |%n",
                        m.entry().model().name(), m == picked ? " (picked)" : "", m.innerMeanPredicted(), m.innerBought(),
                        m.intensity().factor(), m.raw().expectedCalibrationError(), m.byIntensity().expectedCalibrationError(),
                        m.intensityByChance(), m.raw().brier(), m.byIntensity().brier(), m.byPlatt().expectedCalibrationError(),
                        m.platt().intercept(), m.platt().slope(), oracle(m), m.leastEce(), m.leastEceFactor()));
            }
            return out.toString();
        }

        /** The picked model's deciles: raw, recalibrated inside (intensity, Platt) and by the oracle factor. */
        public String decileTable() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "| decile (%s) | raw: predicted / bought | "
                    + "intensity x%.3f: predicted / bought | Platt: predicted / bought", picked.entry().model().name(),
                    picked.intensity().factor()));
            List<ReliabilityTable> tables = new ArrayList<>(List.of(picked.raw(), picked.byIntensity(), picked.byPlatt()));
            if (picked.oracle() != null) {
                out.append(String.format(Locale.ROOT, " | oracle x%.3f: predicted / bought", picked.oracle().factor()));
                tables.add(picked.byOracle());
            }
            out.append(" |\n|---|").append("---:|".repeat(tables.size())).append('\n');
            int rows = tables.stream().mapToInt(t -> t.bins().size()).max().orElse(0);
            for (int i = 0; i < rows; i++) {
                out.append("| ").append(i + 1);
                for (ReliabilityTable t : tables) {
                    out.append(i < t.bins().size() ? String.format(Locale.ROOT, " | %.3f / %.3f", t.bins().get(i).meanPredicted(),
                            t.bins().get(i).observed()) : " | ");
                }
                out.append(" |\n");
            }
            return out.toString();
        }

        /** Every model's deciles after its own intensity factor learned inside, side by side: mean predicted / share that bought. */
        public String recalibratedDecileTable() {
            StringBuilder out = new StringBuilder("| decile, recalibrated inside");
            for (ModelRecalibration m : models) {
                out.append(String.format(Locale.ROOT, " | %s x%.3f: predicted / bought", m.entry().model().name(),
                        m.intensity().factor()));
            }
            out.append(" |\n|---|").append("---:|".repeat(models.size())).append('\n');
            int rows = models.stream().mapToInt(m -> m.byIntensity().bins().size()).max().orElse(0);
            for (int i = 0; i < rows; i++) {
                out.append("| ").append(i + 1);
                for (ModelRecalibration m : models) {
                    List<ReliabilityTable.Bin> bins = m.byIntensity().bins();
                    out.append(i < bins.size() ? String.format(Locale.ROOT, " | %.3f / %.3f", bins.get(i).meanPredicted(),
                            bins.get(i).observed()) : " | ");
                }
                out.append(" |\n");
            }
            return out.toString();
        }

        /** For each inner split date, each model's factor learned inside and the real holdout's ECE after it. */
        public String sensitivityTable() {
            StringBuilder out = new StringBuilder("| inner calibration to | inner holdout weeks");
            for (ModelRecalibration m : models) {
                out.append(" | ").append(m.entry().model().name()).append(": factor / ECE");
            }
            out.append(" |\n|---|---:|").append("---:|".repeat(models.size())).append('\n');
            for (SplitPoint s : sensitivity) {
                out.append(String.format(Locale.ROOT, "| %s%s | %.1f", s.innerEnd(), s.innerEnd().equals(innerEnd) ? " (used)" : "",
                        s.innerHoldoutWeeks()));
                for (int m = 0; m < models.size(); m++) {
                    out.append(String.format(Locale.ROOT, " | %.3f / %.4f", s.factor()[m], s.ece()[m]));
                }
                out.append(" |\n");
            }
            out.append("| real holdout (oracle) | ").append(String.format(Locale.ROOT, "%.1f", holdoutWeeks));
            for (ModelRecalibration m : models) {
                out.append(" | ").append(oracle(m));
            }
            return out.append(" |\n").toString();
        }
    }

    private static String oracle(ModelRecalibration m) {
        return m.oracle() == null ? "–" : String.format(Locale.ROOT, "%.3f / %.4f", m.oracle().factor(),
                m.byOracle().expectedCalibrationError());
    }

    private InnerSplitRecalibration() {
    }

    /**
     * The inner split that mirrors the outer one: the calibration period halved (from the first
     * purchase of all to {@code calibrationEnd}), as the outer split halves the whole history.
     */
    public static LocalDate mirroredInnerEnd(LocalDate firstDay, LocalDate calibrationEnd) {
        long days = ChronoUnit.DAYS.between(firstDay, calibrationEnd);
        if (days < 2) {
            throw new IllegalArgumentException("The calibration period " + firstDay + " to " + calibrationEnd + " is too short to split");
        }
        return firstDay.plusDays(days / 2);
    }

    /**
     * Month ends from a third of the way into the calibration period to four weeks before its end:
     * the inner split dates whose answers are compared.
     */
    public static List<LocalDate> monthEnds(LocalDate firstDay, LocalDate calibrationEnd) {
        LocalDate from = firstDay.plusDays(ChronoUnit.DAYS.between(firstDay, calibrationEnd) / 3);
        LocalDate to = calibrationEnd.minusWeeks(4);
        List<LocalDate> out = new ArrayList<>();
        for (LocalDate d = from.with(TemporalAdjusters.lastDayOfMonth()); !d.isAfter(to);
             d = d.plusDays(1).with(TemporalAdjusters.lastDayOfMonth())) {
            out.add(d);
        }
        return out;
    }

    /**
     * @param histories      every customer's purchases (the inner splits are taken from them)
     * @param outerCustomers the customers of {@code outer}, in the same order as it saw them
     * @param outer          every model fitted on the whole calibration period and its holdout predictions
     * @param innerEnd       the end of the inner calibration (before {@code calibrationEnd})
     * @param otherInnerEnds further inner split dates, each with every model fitted again, for the sensitivity table
     */
    public static Result run(PurchaseHistories histories, LocalDate calibrationEnd, Collection<CalibrationSplit.Customer> outerCustomers,
                             HoldoutCalibration.Result outer, LocalDate innerEnd, List<LocalDate> otherInnerEnds) {
        if (!innerEnd.isBefore(calibrationEnd)) {
            throw new IllegalArgumentException("The inner calibration must end before the calibration end " + calibrationEnd
                    + ", was " + innerEnd);
        }
        if (outer == null) {
            throw new IllegalArgumentException("Need the calibration result to recalibrate");
        }
        boolean[] bought = new boolean[outerCustomers.size()];
        int index = 0;
        for (CalibrationSplit.Customer c : outerCustomers) {
            bought[index++] = c.holdoutPurchases() > 0;
        }
        if (bought.length != outer.customers()) {
            throw new IllegalArgumentException("The customers are not those of the calibration result: " + bought.length
                    + " against " + outer.customers());
        }
        Inner inner = inner(histories, innerEnd, calibrationEnd, outer.models().size());
        List<ModelRecalibration> models = new ArrayList<>();
        ModelRecalibration picked = null;
        for (int m = 0; m < outer.models().size(); m++) {
            HoldoutCalibration.ModelCalibration o = outer.models().get(m);
            double[] p = o.predicted();
            IntensityRecalibration intensity = inner.intensity.get(m);
            PlattRecalibration platt = PlattRecalibration.fit(inner.predicted.get(m), inner.bought);
            double[] recalibrated = intensity.apply(p);
            IntensityRecalibration oracle = bothOutcomes(bought) ? IntensityRecalibration.fit(p, bought) : null;
            double[] least = leastEce(p, bought);
            String name = o.entry().model().name();
            ModelRecalibration r = new ModelRecalibration(o.entry(), mean(inner.predicted.get(m)), share(inner.bought), intensity,
                    platt, o.table(), ReliabilityTable.of(name, recalibrated, bought),
                    ReliabilityTable.expectedCalibrationErrorByChance(recalibrated, CHANCE_DRAWS, CHANCE_SEED),
                    ReliabilityTable.of(name, platt.apply(p), bought), oracle,
                    oracle == null ? null : ReliabilityTable.of(name, oracle.apply(p), bought), least[0], least[1]);
            models.add(r);
            if (o == outer.picked()) {
                picked = r;
            }
        }
        List<SplitPoint> sensitivity = new ArrayList<>();
        List<LocalDate> dates = new ArrayList<>(otherInnerEnds);
        if (!dates.contains(innerEnd)) {
            dates.add(innerEnd);
        }
        dates.sort(null);
        for (LocalDate date : dates) {
            Inner other = date.equals(innerEnd) ? inner : inner(histories, date, calibrationEnd, outer.models().size());
            double[] factor = new double[models.size()];
            double[] ece = new double[models.size()];
            for (int m = 0; m < models.size(); m++) {
                factor[m] = other.intensity.get(m).factor();
                ece[m] = ReliabilityTable.of("", other.intensity.get(m).apply(outer.models().get(m).predicted()), bought)
                        .expectedCalibrationError();
            }
            sensitivity.add(new SplitPoint(date, other.weeks, factor, ece));
        }
        return new Result(innerEnd, inner.weeks, inner.bought.length, outer.holdoutWeeks(), List.copyOf(models), picked,
                List.copyOf(sensitivity));
    }

    /** Every model fitted on the inner calibration, its inner-holdout predictions and the intensity factor they teach. */
    private record Inner(double weeks, boolean[] bought, List<double[]> predicted, List<IntensityRecalibration> intensity) {
    }

    private static Inner inner(PurchaseHistories histories, LocalDate innerEnd, LocalDate calibrationEnd, int models) {
        List<CalibrationSplit.Customer> customers = List.copyOf(histories.split(innerEnd, calibrationEnd).values());
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("No customer bought before the inner calibration end " + innerEnd);
        }
        double weeks = CalibrationSplit.weeks(innerEnd, calibrationEnd);
        List<PurchaseSummary> summaries = customers.stream().map(CalibrationSplit.Customer::calibration).toList();
        boolean[] bought = new boolean[customers.size()];
        for (int i = 0; i < bought.length; i++) {
            bought[i] = customers.get(i).holdoutPurchases() > 0;
        }
        ModelComparison.Result comparison = ModelComparison.compare(summaries, null, Double.NaN);
        if (comparison.entries().size() != models) {
            throw new IllegalStateException("The inner split fitted " + comparison.entries().size() + " models, the outer "
                    + models);
        }
        List<double[]> predicted = new ArrayList<>();
        List<IntensityRecalibration> intensity = new ArrayList<>();
        for (ModelComparison.Entry e : comparison.entries()) {
            double[] p = new double[summaries.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = HoldoutPurchaseProbability.atLeastOnePurchase(e.model(), e.fit().parameters(), summaries.get(i), weeks);
            }
            predicted.add(p);
            intensity.add(IntensityRecalibration.fit(p, bought));
        }
        return new Inner(weeks, bought, List.copyOf(predicted), List.copyOf(intensity));
    }

    /**
     * The grid factor whose recalibration has the least ECE on these outcomes, and that ECE. ECE is
     * not smooth in the factor (customers change deciles only at ties, but decile means move), so
     * a grid, not a search.
     */
    private static double[] leastEce(double[] predicted, boolean[] bought) {
        double bestFactor = Double.NaN;
        double best = Double.POSITIVE_INFINITY;
        int steps = (int) Math.round((FACTOR_GRID_TO - FACTOR_GRID_FROM) / FACTOR_GRID_STEP);
        for (int i = 0; i <= steps; i++) {
            double factor = FACTOR_GRID_FROM + i * FACTOR_GRID_STEP;
            double ece = ReliabilityTable.of("", new IntensityRecalibration(factor).apply(predicted), bought)
                    .expectedCalibrationError();
            if (ece < best) {
                best = ece;
                bestFactor = factor;
            }
        }
        return new double[] {bestFactor, best};
    }

    private static boolean bothOutcomes(boolean[] values) {
        double share = share(values);
        return share > 0 && share < 1;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }

    private static double share(boolean[] values) {
        int n = 0;
        for (boolean v : values) {
            n += v ? 1 : 0;
        }
        return (double) n / values.length;
    }
}
