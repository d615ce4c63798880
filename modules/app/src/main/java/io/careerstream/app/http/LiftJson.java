package io.careerstream.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.careerstream.domain.lift.Interval;
import io.careerstream.domain.lift.LiftArm;
import io.careerstream.domain.lift.LiftCounts;
import io.careerstream.domain.lift.LiftReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /lift}'s body (docs/lift.md): each arm's sums, which add up across instances, and the
 * figures the domain's report computes from the installation's sums. Bounds a report cannot give
 * (an empty arm, a single customer) are null, never NaN (which JSON has no word for).
 */
public final class LiftJson {

    private LiftJson() {
    }

    public static Map<String, Object> of(List<LiftReport.Row> rows, String currency, Duration window) {
        List<Map<String, Object>> arms = new ArrayList<>();
        for (LiftReport.Row row : rows) {
            Map<String, Object> arm = new LinkedHashMap<>();
            arm.put("kind", row.arm().kind().name());
            arm.put("subject", row.arm().subject());
            arm.put("variant", row.arm().variant());
            arm.put("heldOut", row.arm().heldOut());
            arm.put("customers", row.counts().customers());
            arm.put("converters", row.counts().converters());
            arm.put("purchases", row.counts().purchases());
            arm.put("spendMinor", row.counts().spendMinor());
            arm.put("spendSquares", row.counts().spendSquares());
            arm.put("conversion", interval(row.conversion()));
            arm.put("spendPerCustomer", interval(row.spendPerCustomer()));
            arm.put("control", row.control() == null ? null : row.control().variant());
            arm.put("conversionDifference", row.control() == null ? null : interval(row.conversionDifference()));
            arm.put("spendPerCustomerDifference", row.control() == null ? null : interval(row.spendDifference()));
            arms.add(arm);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("windowDays", window.toMillis() / (double) Duration.ofDays(1).toMillis());
        body.put("currency", currency);
        body.put("confidence", io.careerstream.domain.lift.LiftStatistics.CONFIDENCE);
        body.put("arms", arms);
        return body;
    }

    /** The arms' sums of a {@code /lift} body (this instance's with ?scope=local, or the installation's). */
    public static Map<LiftArm, LiftCounts> counts(JsonNode body) {
        Map<LiftArm, LiftCounts> counts = new HashMap<>();
        for (JsonNode arm : body.path("arms")) {
            counts.merge(new LiftArm(LiftArm.Kind.valueOf(arm.path("kind").asText()), arm.path("subject").asText(),
                            arm.path("variant").asText(), arm.path("heldOut").asBoolean()),
                    new LiftCounts(arm.path("customers").asLong(), arm.path("converters").asLong(),
                            arm.path("purchases").asLong(), arm.path("spendMinor").asLong(),
                            arm.path("spendSquares").asDouble()),
                    LiftCounts::plus);
        }
        return counts;
    }

    private static Map<String, Object> interval(Interval i) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("estimate", finite(i.estimate()));
        json.put("low", finite(i.low()));
        json.put("high", finite(i.high()));
        return json;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
