package io.careerstream.app;

import io.careerstream.domain.LookAhead;
import io.careerstream.churn.ChurnEvaluation;
import io.careerstream.churn.ChurnModelFit;
import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.churn.ChurnSimulation;
import io.careerstream.domain.AlertLevel;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.ChurnSignal;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.SilenceReplay;
import io.careerstream.domain.map.CareerMapLoader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether the stream raises the alerts {@code model evaluate} scores: the evaluation's scored
 * cohort replayed through the domain code the pipeline runs ({@link SilenceReplay}: state, codec-free
 * counters, the churn maths' crossing times, the timer's due checks), with each stream-capable
 * model's fitted parameters and the stream's AT_RISK and LAPSED thresholds, compared alert by alert
 * with the evaluation's own rule at the same thresholds, and scored the same way.
 */
final class StreamAgreement {

    /** Alerts at most this far apart are the same alert (the crossing is solved to a root finder's tolerance). */
    static final double SAME_ALERT_DAYS = 1.0 / (24 * 60);
    private static final long DAY_MS = 86_400_000L;
    /** Day 0 of every simulated customer. */
    private static final long BASE = Instant.parse("2020-01-01T12:00:00Z").toEpochMilli();

    /**
     * One model at one level.
     *
     * @param onlyOffline silence episodes the evaluation alerts in and the stream not (or more than a minute apart)
     * @param skipped of those, episodes where the stream went straight to LAPSED (both crossings at the same moment)
     */
    record Comparison(String model, AlertLevel level, double threshold, int offlineAlerts, int streamAlerts, int same,
                      int onlyOffline, int onlyStream, int skipped, double largestShiftDays, ChurnSimulation.Score offline,
                      ChurnSimulation.Score stream) {
    }

    private StreamAgreement() {
    }

    static List<Comparison> compare(ChurnEvaluation.Result result, SilencePolicy policy) {
        List<Comparison> out = new ArrayList<>();
        for (ChurnEvaluation.FittedModel f : result.fits()) {
            if (!ChurnModelFit.drivesTheStream(f.model())) {
                continue;
            }
            // Spend plays no part in when alerts come: any valid Gamma-Gamma parameters do.
            ChurnModelParameters parameters = ChurnModelFit.streamParameters(f.model(), f.fit().parameters(),
                    ChurnModelParameters.CDNOW.gammaGamma());
            CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT, policy, () -> parameters),
                    CareerMapLoader.loadDefault(), LookAhead.DEFAULT);
            Map<double[], double[]> atRisk = new IdentityHashMap<>();
            Map<double[], double[]> lapsed = new IdentityHashMap<>();
            int n = 0;
            for (ChurnSimulation.SimCustomer c : result.cohort()) {
                double[] days = c.purchaseDays();
                long[] times = Arrays.stream(days).mapToLong(d -> BASE + Math.round(d * DAY_MS)).toArray();
                double[] riskDays = nans(days.length);
                double[] lapsedDays = nans(days.length);
                for (ChurnSignal s : SilenceReplay.alerts(career, "c" + n++, times, BASE + Math.round(c.observedUntil() * DAY_MS))) {
                    int episode = Arrays.binarySearch(times, s.lastPurchaseAt());
                    (s.level() == AlertLevel.AT_RISK ? riskDays : lapsedDays)[episode] = (double) (s.at() - BASE) / DAY_MS;
                }
                atRisk.put(days, riskDays);
                lapsed.put(days, lapsedDays);
            }
            out.add(level(result, f, AlertLevel.AT_RISK, policy.atRiskProbabilityAlive(), atRisk, lapsed));
            out.add(level(result, f, AlertLevel.LAPSED, policy.lapsedProbabilityAlive(), lapsed, null));
        }
        return out;
    }

    private static Comparison level(ChurnEvaluation.Result result, ChurnEvaluation.FittedModel f, AlertLevel level,
                                    double threshold, Map<double[], double[]> stream, Map<double[], double[]> higher) {
        ChurnSimulation.AlertRule offline = ChurnSimulation.probabilityAlive(f.model(), f.fit().parameters(), threshold,
                ChurnEvaluation.MIN_INTERVAL_DAYS);
        int offlineAlerts = 0, streamAlerts = 0, same = 0, onlyOffline = 0, onlyStream = 0, skipped = 0;
        double largest = 0;
        for (ChurnSimulation.SimCustomer c : result.cohort()) {
            double[] d = c.purchaseDays();
            double[] streamDays = stream.get(d);
            for (int k = 0; k < d.length; k++) {
                double until = k + 1 < d.length ? d[k + 1] : c.observedUntil();
                double expected = offline.alertDayBefore(d, k, until);
                double actual = streamDays[k];
                offlineAlerts += Double.isNaN(expected) ? 0 : 1;
                streamAlerts += Double.isNaN(actual) ? 0 : 1;
                if (Double.isNaN(expected) && Double.isNaN(actual)) {
                    continue;
                }
                if (!Double.isNaN(expected) && !Double.isNaN(actual) && Math.abs(expected - actual) <= SAME_ALERT_DAYS) {
                    same++;
                    largest = Math.max(largest, Math.abs(expected - actual));
                } else {
                    onlyOffline += Double.isNaN(expected) ? 0 : 1;
                    onlyStream += Double.isNaN(actual) ? 0 : 1;
                    if (higher != null && Double.isNaN(actual) && !Double.isNaN(higher.get(d)[k])) {
                        skipped++;
                    }
                }
            }
        }
        ChurnSimulation.Score offlineScore = ChurnSimulation.score(offline, result.cohort());
        ChurnSimulation.Score streamScore = ChurnSimulation.score(new ChurnSimulation.AlertRule() {
            public String name() {
                return "stream " + offline.name();
            }

            public double alertDay(double[] d, int k) {
                return stream.get(d)[k];
            }

            @Override
            public double alertDayBefore(double[] d, int k, double until) {
                double day = stream.get(d)[k];
                return day < until ? day : Double.NaN;
            }
        }, result.cohort());
        return new Comparison(f.model().name(), level, threshold, offlineAlerts, streamAlerts, same, onlyOffline, onlyStream,
                skipped, largest, offlineScore, streamScore);
    }

    private static double[] nans(int n) {
        double[] a = new double[n];
        Arrays.fill(a, Double.NaN);
        return a;
    }

    static String table(List<Comparison> comparisons) {
        StringBuilder out = new StringBuilder();
        out.append("| model | level (P(alive) <) | evaluation alerts | stream alerts | same alert (within a minute) | "
                + "evaluation only | stream only | largest gap of the same alert | evaluation F1 / median delay | "
                + "stream F1 / median delay |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : comparisons) {
            out.append(String.format(Locale.ROOT, "| %s | %s (%.2f) | %,d | %,d | %,d | %,d%s | %,d | %.1f s | %.3f / %.0f d | %.3f / %.0f d |%n",
                    c.model(), c.level(), c.threshold(), c.offlineAlerts(), c.streamAlerts(), c.same(), c.onlyOffline(),
                    c.skipped() > 0 ? String.format(Locale.ROOT, " (%,d straight to LAPSED)", c.skipped()) : "",
                    c.onlyStream(), c.largestShiftDays() * 86_400, c.offline().f1(), c.offline().medianDelayDays(),
                    c.stream().f1(), c.stream().medianDelayDays()));
        }
        return out.toString();
    }
}
