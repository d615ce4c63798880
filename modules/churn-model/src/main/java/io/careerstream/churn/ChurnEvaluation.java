package io.careerstream.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The simulation comparison behind {@code model evaluate}: the churn models are fitted on one
 * simulated cohort of mixed buyers (as a company fits on its history), then every model's P(alive)
 * thresholds and the naive rules watch a fresh cohort's purchases as the stream does, and are
 * scored against the hidden drop-out moments. Beside them, the same rule on each customer's hidden
 * parameters (their true P(alive)): the bound no model fitted from purchases can beat.
 */
public final class ChurnEvaluation {

    /** Days after a purchase before any alert, as in the stream (the lifecycle's minimum interval). */
    public static final double MIN_INTERVAL_DAYS = 7;

    /** A model fitted on the calibration cohort. */
    public record FittedModel(RepeatPurchaseModel model, MaximumLikelihood.Fit fit) {
    }

    /** One model at one threshold. */
    public record Row(RepeatPurchaseModel model, double threshold, ChurnSimulation.Score score) {
    }

    /**
     * P(alive) levels at which the bound (the hidden truth's P(alive)) is scored: finer than a
     * model's thresholds, to find its best F1 within a delay.
     */
    static final double[] BOUND_LEVELS = {0.95, 0.9, 0.85, 0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3,
        0.25, 0.2, 0.15, 0.1, 0.05, 0.03, 0.02, 0.01};

    /**
     * Fits, the naive rules' scores, every model-threshold score, the bound's scores (the hidden
     * truth's P(alive) at {@link #BOUND_LEVELS}) and the scored cohort itself.
     */
    public record Result(long seed, int customers, int dead, List<FittedModel> fits, List<ChurnSimulation.Score> baselines,
                         List<Row> rows, List<ChurnSimulation.Score> bound, List<ChurnSimulation.SimCustomer> cohort) {

        /** The Markdown table of every rule: precision, recall, F1 and median delay; the bound last. */
        public String table() {
            StringBuilder out = new StringBuilder();
            out.append("| rule | alerts | precision | recall | F1 | median detection delay (days) |\n");
            out.append("|---|---:|---:|---:|---:|---:|\n");
            for (ChurnSimulation.Score s : baselines) {
                out.append(line(s));
            }
            for (Row r : rows) {
                out.append(line(r.score()));
            }
            for (ChurnSimulation.Score s : bound) {
                out.append(line(s));
            }
            return out.toString();
        }

        /**
         * For each kind of rule (the naive rules, each model, the bound), its best F1 among the
         * scores whose median detection delay is at most {@code days}: what a target such as "F1
         * 0.85 within 40 days" can get here, and, from the bound, what no model can beat.
         */
        public String bestWithin(double days) {
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "| rule | best F1 with a median delay of at most %.0f days | precision | "
                    + "recall | median delay (days) |%n", days));
            out.append("|---|---:|---:|---:|---:|\n");
            best(out, "naive rules", baselines, days);
            for (FittedModel f : fits) {
                best(out, f.model().name() + " P(alive)", rows.stream().filter(r -> r.model() == f.model())
                        .map(Row::score).toList(), days);
            }
            best(out, "hidden truth P(alive) (the bound)", bound, days);
            return out.toString();
        }

        /** The bound's best score within {@code days}, if any of its levels is that early. */
        public Optional<ChurnSimulation.Score> boundWithin(double days) {
            return earliestBest(bound, days);
        }

        private static void best(StringBuilder out, String family, List<ChurnSimulation.Score> scores, double days) {
            earliestBest(scores, days).ifPresentOrElse(
                    s -> out.append(String.format(Locale.ROOT, "| %s | %.3f (%s) | %.3f | %.3f | %.0f |%n", family, s.f1(),
                            s.rule(), s.precision(), s.recall(), s.medianDelayDays())),
                    () -> out.append(String.format(Locale.ROOT, "| %s | none that early | | | |%n", family)));
        }

        private static Optional<ChurnSimulation.Score> earliestBest(List<ChurnSimulation.Score> scores, double days) {
            return scores.stream().filter(s -> s.medianDelayDays() <= days)
                    .max(Comparator.comparingDouble(ChurnSimulation.Score::f1));
        }

        private static String line(ChurnSimulation.Score s) {
            return String.format(Locale.ROOT, "| %s | %,d | %.3f | %.3f | %.3f | %.0f |%n", s.rule(), s.alerts(),
                    s.precision(), s.recall(), s.f1(), s.medianDelayDays());
        }
    }

    private ChurnEvaluation() {
    }

    /**
     * Fits MBG/NBD, MBG/CNBD-k (k estimated) and Pareto/NBD on one cohort of {@code customers}
     * mixed buyers joining over 26 weeks and watched for two years, then scores every threshold of
     * each on a second cohort. BG/NBD is left out: a one-time buyer's P(alive) is 1 under it, so it
     * can never alert on the most common drop-out.
     */
    public static Result run(long seed, int customers, double[] thresholds) {
        ChurnSimulation simulation = new ChurnSimulation(seed);
        List<PurchaseSummary> calibration = ChurnSimulation.summaries(simulation.mixedCohort(customers, 182, 728));
        List<ChurnSimulation.SimCustomer> cohort = simulation.mixedCohort(customers, 182, 728);
        List<FittedModel> fits = new ArrayList<>();
        fits.add(new FittedModel(MbgNbd.INSTANCE, fit(MbgNbd.INSTANCE, calibration)));
        MbgCnbd.RegularityFit regular = MbgCnbd.fit(calibration);
        fits.add(new FittedModel(regular.model(), regular.fit()));
        fits.add(new FittedModel(ParetoNbd.INSTANCE, fit(ParetoNbd.INSTANCE, calibration)));
        fits.add(new FittedModel(RegularityMixture.INSTANCE, RegularityMixture.fit(calibration)));

        List<ChurnSimulation.Score> baselines = List.of(
                ChurnSimulation.score(ChurnSimulation.fixedDays(90), cohort),
                ChurnSimulation.score(ChurnSimulation.ownCadence(2, 90, MIN_INTERVAL_DAYS), cohort),
                ChurnSimulation.score(ChurnSimulation.ownCadence(3, 90, MIN_INTERVAL_DAYS), cohort));
        List<Row> rows = new ArrayList<>();
        for (FittedModel f : fits) {
            for (double threshold : thresholds) {
                rows.add(new Row(f.model(), threshold, ChurnSimulation.score(
                        ChurnSimulation.probabilityAlive(f.model(), f.fit().parameters(), threshold, MIN_INTERVAL_DAYS), cohort)));
            }
        }
        List<ChurnSimulation.Score> bound = new ArrayList<>();
        for (double level : BOUND_LEVELS) {
            bound.add(ChurnSimulation.score(ChurnSimulation.knownTruth(level, MIN_INTERVAL_DAYS), cohort));
        }
        int dead = (int) cohort.stream().filter(ChurnSimulation.SimCustomer::dead).count();
        return new Result(seed, customers, dead, fits, baselines, rows, bound, cohort);
    }

    static MaximumLikelihood.Fit fit(RepeatPurchaseModel model, List<PurchaseSummary> customers) {
        return MaximumLikelihood.fit(model.parameterNames(), new double[] {1, 3, 1, 3},
                model.totalLogLikelihood(CustomerGroups.of(customers)));
    }
}
