package io.careerstream.churn;

import java.util.ArrayList;
import java.util.List;

/** Runs the simulation comparison: MBG/NBD P(alive) thresholds against the naive rules. */
public final class ChurnEvaluation {

    /** Parameters fitted on a calibration cohort, and every rule's score on a fresh cohort. */
    public record Result(MaximumLikelihood.Fit fit, int customers, int dead, List<ChurnSimulation.Score> scores) {
    }

    private ChurnEvaluation() {
    }

    public static Result run(long seed, int customers, double[] thresholds) {
        ChurnSimulation simulation = new ChurnSimulation(seed);
        // Parameters come from a separate cohort, as a company would fit on its history.
        List<PurchaseSummary> calibration = ChurnSimulation.summaries(simulation.cohort(customers, 182, 728));
        MaximumLikelihood.Fit fit = MaximumLikelihood.fit(MbgNbd.INSTANCE.parameterNames(), new double[] {1, 3, 1, 3},
                p -> MbgNbd.INSTANCE.totalLogLikelihood(p, calibration));
        List<ChurnSimulation.SimCustomer> cohort = simulation.cohort(customers, 182, 728);
        List<ChurnSimulation.AlertRule> rules = new ArrayList<>();
        rules.add(ChurnSimulation.fixedDays(90));
        rules.add(ChurnSimulation.ownCadence(2, 90, 7));
        rules.add(ChurnSimulation.ownCadence(4, 90, 7));
        for (double threshold : thresholds) {
            rules.add(ChurnSimulation.probabilityAlive(fit.parameters(), threshold));
        }
        List<ChurnSimulation.Score> scores = rules.stream().map(r -> ChurnSimulation.score(r, cohort)).toList();
        int dead = (int) cohort.stream().filter(ChurnSimulation.SimCustomer::dead).count();
        return new Result(fit, customers, dead, scores);
    }
}
