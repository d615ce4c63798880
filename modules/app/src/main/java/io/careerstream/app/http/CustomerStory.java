package io.careerstream.app.http;

import io.careerstream.domain.AliveCurve;
import io.careerstream.domain.CareerFigures;
import io.careerstream.domain.CareerHistory;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.map.CareerExplanation;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer's story as the console shows it ({@link #PATH}, behind the reader's token as the
 * profile is): the profile, the stage and track changes and purchase days the state keeps
 * ({@link CareerHistory}), the map's explanation (what {@code map explain --customer} prints) and
 * the churn model's P(alive) curve from the last purchase forward with the AT_RISK and LAPSED
 * moments and "now". Dates are UTC days (yyyy-mm-dd); instants ISO-8601.
 */
final class CustomerStory {

    /** Under {@code /customers/{id}}: routed to the instance that holds the customer. */
    static final String PATH = "/story";

    private CustomerStory() {
    }

    /**
     * @param at "now" of the story: the customer's latest evaluation, or the request's {@code ?at=}
     */
    static Map<String, Object> of(String id, CustomerState s, CareerFigures figures, CareerExplanation explanation,
                                  AliveCurve curve, long at) {
        Map<String, Object> story = new LinkedHashMap<>();
        story.put("customerId", id);
        story.put("at", Instant.ofEpochMilli(at).toString());
        story.put("profile", CareerstreamApi.profile(id, s, figures));
        story.put("history", history(s.history()));
        story.put("purchases", purchases(s, figures));
        Map<String, Object> explained = new LinkedHashMap<>();
        explained.put("stage", explanation.stage());
        explained.put("track", explanation.track());
        explained.put("action", explanation.action());
        explained.put("doNotContact", explanation.doNotContact());
        explained.put("mapVersion", explanation.mapVersion());
        explained.put("lines", explanation.lines());
        story.put("explanation", explained);
        story.put("aliveCurve", curve == null ? null : curve(curve));
        return story;
    }

    private static Map<String, Object> history(CareerHistory h) {
        List<Map<String, Object>> changes = new ArrayList<>();
        for (CareerHistory.Change c : h.changes()) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("dimension", c.dimension().name());
            change.put("to", c.to());
            change.put("day", LocalDate.ofEpochDay(c.day()).toString());
            changes.add(change);
        }
        return Map.of("kept", CareerHistory.MAX_CHANGES, "changes", changes);
    }

    private static Map<String, Object> purchases(CustomerState s, CareerFigures f) {
        List<String> days = new ArrayList<>();
        for (long day : s.history().purchaseDays()) {
            days.add(LocalDate.ofEpochDay(day).toString());
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kept", CareerHistory.MAX_PURCHASE_DAYS);
        p.put("days", days);
        p.put("purchaseDays", s.purchaseDays());
        p.put("firstPurchaseDay", s.hasPurchased() ? day(s.firstPurchaseAt()) : null);
        p.put("lastPurchaseDay", s.hasPurchased() ? day(s.lastPurchaseAt()) : null);
        p.put("meanIntervalDays", number(f.meanIntervalDays()));
        p.put("expectedIntervalDays", number(f.expectedIntervalDays()));
        p.put("nextExpectedDay", s.hasPurchased() && !Double.isNaN(f.expectedIntervalDays())
                ? day(s.lastPurchaseAt() + Math.round(f.expectedIntervalDays() * 86_400_000d)) : null);
        return p;
    }

    private static Map<String, Object> curve(AliveCurve c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.model());
        m.put("rule", c.rule().name());
        m.put("atRiskProbabilityAlive", c.atRiskProbabilityAlive());
        m.put("lapsedProbabilityAlive", c.lapsedProbabilityAlive());
        m.put("atRiskDay", number(c.atRiskDay()));
        m.put("lapsedDay", number(c.lapsedDay()));
        m.put("nowDay", c.nowDay());
        List<List<Double>> points = new ArrayList<>();
        for (AliveCurve.Point p : c.points()) {
            points.add(List.of(round(p.day(), 1e3), round(p.probabilityAlive(), 1e6)));
        }
        m.put("points", points); // [days after the last purchase, P(alive)]
        return m;
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    private static String day(long epochMillis) {
        return LocalDate.ofEpochDay(Math.floorDiv(epochMillis, 86_400_000L)).toString();
    }

    private static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
