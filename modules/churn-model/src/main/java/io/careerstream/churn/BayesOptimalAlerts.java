package io.careerstream.churn;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The stream's rule (alert when P(alive) falls below a level, never within the minimum interval
 * of a purchase) on the Bayes-optimal P(alive) of {@link BayesianProbabilityAlive}, for a whole
 * simulated cohort and many levels at once: each silence is walked once, for every level. Computed
 * in parallel over customers; the result does not depend on the order (no randomness).
 */
public final class BayesOptimalAlerts {

    private final double[] levels;
    private final Map<ChurnSimulation.SimCustomer, double[][]> alertDays;

    private BayesOptimalAlerts(double[] levels, Map<ChurnSimulation.SimCustomer, double[][]> alertDays) {
        this.levels = levels.clone();
        this.alertDays = alertDays;
    }

    /**
     * Every customer's alert days, per silence and level. {@code customerDone} is called once per
     * customer, from whichever thread computed them.
     */
    public static BayesOptimalAlerts compute(PopulationPrior prior, List<ChurnSimulation.SimCustomer> cohort, double[] levels,
                                             double minIntervalDays, Runnable customerDone) {
        double horizon = cohort.stream().mapToDouble(c -> c.observedUntil() - c.purchaseDays()[0]).max().orElse(0);
        BayesianProbabilityAlive bayes = new BayesianProbabilityAlive(prior, horizon);
        // Before any repeat purchase the history is only "bought once, s days ago": one curve for everybody.
        double[] firstSilence = bayes.alertDays(new double[] {0}, 0, horizon + 1, levels, minIntervalDays);
        List<double[][]> days = cohort.parallelStream().map(c -> {
            double[] d = c.purchaseDays();
            double[][] out = new double[d.length][];
            for (int k = 0; k < d.length; k++) {
                double until = k + 1 < d.length ? d[k + 1] : c.observedUntil();
                if (k == 0) {
                    out[k] = new double[levels.length];
                    for (int i = 0; i < levels.length; i++) {
                        double day = d[0] + firstSilence[i];
                        out[k][i] = day < until ? day : Double.NaN;
                    }
                } else {
                    out[k] = bayes.alertDays(d, k, until, levels, minIntervalDays);
                }
            }
            customerDone.run();
            return out;
        }).toList();
        Map<ChurnSimulation.SimCustomer, double[][]> byCustomer = new IdentityHashMap<>();
        for (int i = 0; i < cohort.size(); i++) {
            byCustomer.put(cohort.get(i), days.get(i));
        }
        return new BayesOptimalAlerts(levels, byCustomer);
    }

    /** The rule at {@code levels[level]}, for the customers of the cohort it was computed on. */
    public ChurnSimulation.AlertRule rule(int level) {
        double threshold = levels[level];
        return new ChurnSimulation.AlertRule() {
            @Override
            public String name() {
                return String.format(Locale.ROOT, "Bayes-optimal P(alive) < %.2f", threshold);
            }

            @Override
            public double alertDay(double[] purchaseDays, int k) {
                throw new UnsupportedOperationException("this rule was computed for a cohort: call alertDayBefore(SimCustomer, int, double)");
            }

            @Override
            public double alertDayBefore(ChurnSimulation.SimCustomer customer, int k, double until) {
                double[][] days = alertDays.get(customer);
                if (days == null) {
                    throw new IllegalArgumentException("this customer is not of the cohort the Bayes-optimal alerts were computed for");
                }
                double day = days[k][level];
                return day < until ? day : Double.NaN;
            }
        };
    }

    /** Scores at every level, in the order of the levels. */
    public List<ChurnSimulation.Score> scores(List<ChurnSimulation.SimCustomer> cohort) {
        List<ChurnSimulation.Score> out = new ArrayList<>();
        for (int i = 0; i < levels.length; i++) {
            out.add(ChurnSimulation.score(rule(i), cohort));
        }
        return out;
    }
}
