package io.careerstream.churn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.hipparchus.random.RandomDataGenerator;

/**
 * Customers with a known truth, to measure churn alerts: each has a hidden purchase rate and a
 * hidden moment of dropping out, and the alert rules see only purchase times, as in the stream.
 *
 * <p>The population ({@link #mixedCohort}) deliberately follows no single model's story: regular,
 * Poisson and BG/NBD buyers side by side. Times in days.
 */
public final class ChurnSimulation {

    /**
     * A simulated customer: purchase days from their first, when they dropped out (or never), and
     * how they really buy ({@code truth}; null for a customer written by hand).
     */
    public record SimCustomer(double[] purchaseDays, double deathDay, double observedUntil, HiddenBuyer truth) {
        public SimCustomer(double[] purchaseDays, double deathDay, double observedUntil) {
            this(purchaseDays, deathDay, observedUntil, null);
        }

        boolean dead() {
            return deathDay < observedUntil;
        }
    }

    /**
     * How a rule fares against the truth.
     *
     * @param dropOuts customers who dropped out within their observation
     * @param delays   days from each detected drop-out to its first correct alert, ascending. A customer
     *                 buys nothing after dropping out, so only their last silence can hold a correct
     *                 alert: one delay per detected drop-out, and {@code delays.length == truePositives}
     */
    public record Score(String rule, int alerts, int truePositives, double precision, double recall, int dropOuts,
                        double[] delays) {
        /** Harmonic mean of precision and recall. */
        public double f1() {
            return harmonicMean(precision, recall);
        }

        /** The median detection delay (the upper one of an even count); NaN without a detection. */
        public double medianDelayDays() {
            return delays.length == 0 ? Double.NaN : delays[delays.length / 2];
        }

        /** The mean detection delay; NaN without a detection. */
        public double meanDelayDays() {
            return delays.length == 0 ? Double.NaN : java.util.Arrays.stream(delays).average().orElseThrow();
        }

        /**
         * The 90th percentile of the detection delay (nearest rank); NaN without a detection. Unlike
         * the median it cannot be bought by alerting half the drop-outs early and the rest very late.
         */
        public double p90DelayDays() {
            return delays.length == 0 ? Double.NaN : delays[(int) Math.ceil(0.9 * delays.length) - 1];
        }

        /**
         * F1 when only an alert within {@code days} of the drop-out counts as right: a later one is
         * counted as wrong (precision) and its drop-out as missed (recall). A rule cannot earn it with
         * alerts that come too late to act on.
         */
        public double f1Within(double days) {
            int timely = 0;
            while (timely < delays.length && delays[timely] <= days) {
                timely++;
            }
            return harmonicMean(alerts == 0 ? 0 : (double) timely / alerts, dropOuts == 0 ? 0 : (double) timely / dropOuts);
        }

        private static double harmonicMean(double precision, double recall) {
            return precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        }
    }

    /** When a rule would alert during the silence that follows purchase {@code k}; NaN for never. */
    public interface AlertRule {
        String name();

        double alertDay(double[] purchaseDays, int k);

        /** As {@link #alertDayBefore(double[], int, double)}, for a rule that may read more of the customer. */
        default double alertDayBefore(SimCustomer customer, int k, double until) {
            return alertDayBefore(customer.purchaseDays(), k, until);
        }

        /**
         * The alert day if it comes before {@code until} (the next purchase or the end of
         * observation), else NaN; a rule may answer "not before" without solving for the day.
         */
        default double alertDayBefore(double[] purchaseDays, int k, double until) {
            double day = alertDay(purchaseDays, k);
            return day < until ? day : Double.NaN;
        }
    }

    private final RandomDataGenerator random;
    private final PopulationPrior prior = PopulationPrior.MIXED_COHORT;

    public ChurnSimulation(long seed) {
        this.random = RandomDataGenerator.of(new org.hipparchus.random.Well19937c(seed));
    }

    /**
     * A population of three kinds of buyers in equal shares, the kinds a shop really has and no
     * single model's story: regular buyers (gamma-distributed gaps around their own mean, shape 3 to
     * 12, exponential lifetime in calendar time), Poisson buyers with an exponential lifetime
     * (Pareto/NBD's story) and BG/NBD buyers (Poisson purchasing, drop-out right after a repeat
     * purchase). Times in days, purchase days whole and distinct. The kinds take turns (a third each)
     * and every hidden parameter is drawn from {@link PopulationPrior#MIXED_COHORT}.
     */
    public List<SimCustomer> mixedCohort(int n, double joinDays, double windowDays) {
        List<SimCustomer> customers = new ArrayList<>(n);
        mixedCohort(n, joinDays, windowDays, customers::add);
        return customers;
    }

    /**
     * The same customers as {@link #mixedCohort(int, double, double)}, each handed to {@code each} as it
     * is drawn: for populations too large to keep.
     */
    public void mixedCohort(int n, double joinDays, double windowDays, Consumer<SimCustomer> each) {
        for (int i = 0; i < n; i++) {
            double observed = windowDays - random.nextUniform(0, joinDays);
            each.accept(switch (i % 3) {
                case 0 -> regularBuyer(observed);
                case 1 -> poissonBuyer(observed);
                default -> bgNbdBuyer(observed);
            });
        }
    }

    private SimCustomer regularBuyer(double observed) {
        double meanGap = random.nextGamma(prior.meanGapShape(), prior.meanGapScale());
        double shape = random.nextUniform(prior.gapShapeMin(), prior.gapShapeMax());
        double meanLifetime = random.nextGamma(prior.meanLifetimeShape(), prior.meanLifetimeScale());
        double lifetime = random.nextExponential(meanLifetime);
        List<Double> days = new ArrayList<>();
        days.add(0.0);
        double t = 0;
        while (true) {
            t += random.nextGamma(shape, meanGap / shape);
            if (t > lifetime || t > observed) {
                break;
            }
            days.add(Math.floor(t));
        }
        return finish(days, lifetime, observed, new HiddenBuyer.RenewalBuyer(shape, meanGap, meanLifetime));
    }

    private SimCustomer poissonBuyer(double observed) {
        double ratePerDay = random.nextGamma(prior.rateShape(), prior.rateScale());
        double meanLifetime = random.nextGamma(prior.meanLifetimeShape(), prior.meanLifetimeScale());
        double lifetime = random.nextExponential(meanLifetime);
        List<Double> days = new ArrayList<>();
        days.add(0.0);
        double t = 0;
        while (true) {
            t += random.nextExponential(1 / ratePerDay);
            if (t > lifetime || t > observed) {
                break;
            }
            days.add(Math.floor(t));
        }
        return finish(days, lifetime, observed, new HiddenBuyer.RenewalBuyer(1, 1 / ratePerDay, meanLifetime));
    }

    private SimCustomer bgNbdBuyer(double observed) {
        double ratePerDay = random.nextGamma(prior.rateShape(), prior.rateScale());
        double dropOut = random.nextBeta(prior.dropOutA(), prior.dropOutB());
        List<Double> days = new ArrayList<>();
        days.add(0.0);
        double t = 0;
        double death = Double.POSITIVE_INFINITY;
        while (true) {
            t += random.nextExponential(1 / ratePerDay);
            if (t > observed) {
                break;
            }
            days.add(Math.floor(t));
            if (random.nextDouble() < dropOut) {
                death = Math.floor(t); // gone right after this purchase
                break;
            }
        }
        return finish(days, death, observed, new HiddenBuyer.DropAfterPurchase(ratePerDay, dropOut));
    }

    private static SimCustomer finish(List<Double> days, double death, double observed, HiddenBuyer truth) {
        double[] distinct = days.stream().mapToDouble(Double::doubleValue).distinct().sorted().toArray();
        return new SimCustomer(distinct, death, observed, truth);
    }

    /** Model inputs for a cohort observed to its end (for fitting parameters), intervals included. */
    public static List<PurchaseSummary> summaries(List<SimCustomer> customers) {
        List<PurchaseSummary> out = new ArrayList<>(customers.size());
        for (SimCustomer c : customers) {
            double[] d = c.purchaseDays();
            double logIntervals = 0;
            for (int i = 1; i < d.length; i++) {
                logIntervals += Math.log((d[i] - d[i - 1]) / 7);
            }
            out.add(new PurchaseSummary(d.length - 1, d[d.length - 1] / 7, c.observedUntil() / 7, 0, logIntervals));
        }
        return out;
    }

    /** Scores a rule: at most one alert per silence episode, judged against the hidden truth. */
    public static Score score(AlertRule rule, List<SimCustomer> customers) {
        int alerts = 0;
        int truePositives = 0;
        int dead = 0;
        int detected = 0;
        List<Double> delays = new ArrayList<>();
        for (SimCustomer c : customers) {
            double[] d = c.purchaseDays();
            if (c.dead()) {
                dead++;
            }
            boolean found = false;
            for (int k = 0; k < d.length; k++) {
                double next = k + 1 < d.length ? d[k + 1] : c.observedUntil();
                double alert = rule.alertDayBefore(c, k, next);
                if (Double.isNaN(alert) || alert >= next) {
                    continue;
                }
                alerts++;
                if (alert >= c.deathDay()) {
                    truePositives++;
                    if (!found) {
                        found = true;
                        detected++;
                        delays.add(alert - c.deathDay());
                    }
                }
            }
        }
        double[] sorted = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Score(rule.name(), alerts, truePositives, alerts == 0 ? 0 : (double) truePositives / alerts,
                dead == 0 ? 0 : (double) detected / dead, dead, sorted);
    }

    /** Alert a fixed number of days after every purchase. */
    public static AlertRule fixedDays(double days) {
        return new AlertRule() {
            public String name() {
                return String.format(Locale.ROOT, "no purchase for %.0f days", days);
            }

            public double alertDay(double[] d, int k) {
                return d[k] + days;
            }
        };
    }

    /** Alert after {@code factor} times the customer's own mean interval (default for one-time buyers). */
    public static AlertRule ownCadence(double factor, double defaultIntervalDays, double minIntervalDays) {
        return new AlertRule() {
            public String name() {
                return String.format(Locale.ROOT, "%.0f x own cadence", factor);
            }

            public double alertDay(double[] d, int k) {
                double interval = k == 0 ? defaultIntervalDays : Math.max(minIntervalDays, d[k] / k);
                return d[k] + factor * interval;
            }
        };
    }

    /**
     * Alert when {@code model}'s P(alive) falls below {@code threshold}, never sooner than
     * {@code minIntervalDays} after the last purchase: the stream's rule.
     */
    public static AlertRule probabilityAlive(RepeatPurchaseModel model, double[] parameters, double threshold,
                                             double minIntervalDays) {
        return new AlertRule() {
            public String name() {
                return String.format(Locale.ROOT, "%s P(alive) < %.2f", model.name(), threshold);
            }

            public double alertDay(double[] d, int k) {
                double crossing = 7 * model.ageWhenProbabilityAliveFallsTo(parameters, history(d, k, d[k]), threshold);
                return Math.max(crossing, d[k] + minIntervalDays);
            }

            /** P(alive) only falls during a silence: when it is still above the threshold at the end, no alert. */
            @Override
            public double alertDayBefore(double[] d, int k, double until) {
                double floor = d[k] + minIntervalDays;
                if (until <= floor || model.probabilityAlive(parameters, history(d, k, until)) > threshold) {
                    return Double.NaN;
                }
                double day = alertDay(d, k);
                return day < until ? day : Double.NaN;
            }
        };
    }

    /**
     * Alert when the customer's P(alive) from their hidden parameters falls below {@code threshold},
     * never sooner than {@code minIntervalDays} after the last purchase: the same rule as
     * {@link #probabilityAlive} with the truth in place of a fitted model, so no model can do better
     * at the same threshold than this on the same customers (see {@link HiddenBuyer}). Simulated
     * customers only.
     */
    public static AlertRule knownTruth(double threshold, double minIntervalDays) {
        return new AlertRule() {
            public String name() {
                return String.format(Locale.ROOT, "hidden truth P(alive) < %.2f", threshold);
            }

            public double alertDay(double[] d, int k) {
                throw new UnsupportedOperationException("this rule reads the customer's hidden parameters: "
                        + "call alertDayBefore(SimCustomer, int, double)");
            }

            /** P(alive) only falls during a silence (both processes age): the first day below is found by bisection. */
            @Override
            public double alertDayBefore(SimCustomer c, int k, double until) {
                double[] d = c.purchaseDays();
                HiddenBuyer truth = c.truth();
                if (truth == null) {
                    throw new IllegalArgumentException("this customer has no hidden parameters: the bound needs a "
                            + "customer of a simulated cohort (ChurnSimulation.mixedCohort)");
                }
                double low = d[k] + minIntervalDays;
                if (until <= low || truth.probabilityAlive(d, k, until) >= threshold) {
                    return Double.NaN;
                }
                if (truth.probabilityAlive(d, k, low) < threshold) {
                    return low;
                }
                double high = until; // P(alive) at low >= threshold > P(alive) at high
                while (high - low > 0.01) {
                    double mid = (low + high) / 2;
                    if (truth.probabilityAlive(d, k, mid) < threshold) {
                        high = mid;
                    } else {
                        low = mid;
                    }
                }
                return high;
            }
        };
    }

    /** The summary (weeks) at day {@code now} of a customer whose purchases so far are {@code d[0..k]}. */
    static PurchaseSummary history(double[] d, int k, double now) {
        double logIntervals = 0;
        for (int i = 1; i <= k; i++) {
            logIntervals += Math.log((d[i] - d[i - 1]) / 7);
        }
        return new PurchaseSummary(k, d[k] / 7, now / 7, 0, logIntervals);
    }
}
