package io.careerstream.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The churn model's P(alive) for one customer from their last purchase forward, if they stay
 * silent: what the customer's story draws, with the moments the silence rule makes them AT_RISK
 * and LAPSED and "now" marked. Computed from the model in force and the customer's summary, the
 * same maths the pipeline alerts with ({@link ChurnMaths}).
 *
 * @param points P(alive) on days after the last purchase, ascending, "now" among them
 * @param rule the silence rule in force; under CADENCE the P(alive) thresholds are not what alerts
 * @param atRiskProbabilityAlive the AT_RISK threshold of P(alive)
 * @param lapsedProbabilityAlive the LAPSED threshold of P(alive)
 * @param atRiskDay days after the last purchase at which silence makes the customer AT_RISK (NaN: never within any horizon that matters)
 * @param lapsedDay the same for LAPSED
 * @param nowDay days after the last purchase at "now"
 * @param model the purchase model's name
 */
public record AliveCurve(List<Point> points, SilencePolicy.Rule rule, double atRiskProbabilityAlive,
                         double lapsedProbabilityAlive, double atRiskDay, double lapsedDay, double nowDay, String model) {

    /** P(alive) {@code day} days after the last purchase. */
    public record Point(double day, double probabilityAlive) {
    }

    /** Points drawn between the last purchase and the horizon, "now" added. */
    static final int STEPS = 120;
    /** The curve reaches at least this far (days), and never beyond {@link #MAX_HORIZON_DAYS}. */
    static final double MIN_HORIZON_DAYS = 30;
    static final double MAX_HORIZON_DAYS = 3 * 365;

    public AliveCurve {
        points = List.copyOf(points);
    }

    /**
     * The curve for a customer who bought, at {@code now} (epoch millis); null for one who never
     * bought, who has no P(alive). It runs to the later of now and LAPSED, plus a tenth, at least
     * {@link #MIN_HORIZON_DAYS} and three expected intervals, at most {@link #MAX_HORIZON_DAYS}.
     */
    public static AliveCurve of(ChurnMaths churn, CustomerState s, long now) {
        if (!s.hasPurchased()) {
            return null;
        }
        double nowDay = days(now - s.lastPurchaseAt);
        double atRisk = dayOf(churn.atRiskAt(s), s);
        double lapsed = dayOf(churn.lapsedAt(s), s);
        double furthest = Math.max(Math.max(nowDay, Double.isNaN(lapsed) ? 0 : lapsed), 3 * churn.expectedIntervalDays(s));
        double horizon = Math.min(MAX_HORIZON_DAYS, Math.max(MIN_HORIZON_DAYS, furthest * 1.1));
        List<Point> points = new ArrayList<>(STEPS + 2);
        boolean nowAdded = nowDay > horizon || nowDay < 0;
        for (int i = 0; i <= STEPS; i++) {
            double day = horizon * i / STEPS;
            if (!nowAdded && nowDay <= day) {
                if (nowDay < day) {
                    points.add(point(churn, s, nowDay));
                }
                nowAdded = true;
            }
            points.add(point(churn, s, day));
        }
        SilencePolicy silence = churn.silencePolicy();
        return new AliveCurve(points, silence.rule(), silence.atRiskProbabilityAlive(), silence.lapsedProbabilityAlive(),
                atRisk, lapsed, nowDay, churn.model().name());
    }

    private static Point point(ChurnMaths churn, CustomerState s, double day) {
        return new Point(day, churn.probabilityAlive(s, s.lastPurchaseAt + Math.round(day * CustomerState.DAY_MS)));
    }

    private static double dayOf(long at, CustomerState s) {
        return at == Long.MAX_VALUE || at <= 0 ? Double.NaN : days(at - s.lastPurchaseAt);
    }

    private static double days(long millis) {
        return (double) millis / CustomerState.DAY_MS;
    }
}
