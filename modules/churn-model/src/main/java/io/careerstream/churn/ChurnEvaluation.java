package io.careerstream.churn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulation comparison behind {@code model evaluate}: the churn models are fitted on one
 * simulated cohort of mixed buyers (as a company fits on its history), then every model's P(alive)
 * thresholds and the naive rules watch a fresh cohort's purchases as the stream does, and are
 * scored against the hidden drop-out moments.
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

    /** Fits, the naive rules' scores, every model-threshold score and the scored cohort itself. */
    public record Result(long seed, int customers, int dead, List<FittedModel> fits, List<ChurnSimulation.Score> baselines,
                         List<Row> rows, List<ChurnSimulation.SimCustomer> cohort) {

        /** The Markdown table of every rule: precision, recall, F1 and median delay. */
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
            return out.toString();
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
        int dead = (int) cohort.stream().filter(ChurnSimulation.SimCustomer::dead).count();
        return new Result(seed, customers, dead, fits, baselines, rows, cohort);
    }

    static MaximumLikelihood.Fit fit(RepeatPurchaseModel model, List<PurchaseSummary> customers) {
        return MaximumLikelihood.fit(model.parameterNames(), new double[] {1, 3, 1, 3},
                p -> model.totalLogLikelihood(p, customers));
    }
}
