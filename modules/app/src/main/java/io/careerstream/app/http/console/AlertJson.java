package io.careerstream.app.http.console;

import io.careerstream.contracts.ChurnAlert;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/** One alert as the console's feed shows it: the fields a campaign manager acts on, nothing else. */
final class AlertJson {

    private AlertJson() {
    }

    static Map<String, Object> of(ChurnAlert a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alertId", a.getAlertId());
        m.put("customerId", a.getCustomerId());
        m.put("level", a.getLevel().name());
        m.put("status", a.getStatus().name());
        m.put("at", a.getAt().toString());
        m.put("suggestedAction", a.getSuggestedAction());
        m.put("doNotContact", a.getDoNotContact());
        m.put("doNotContactReasons", new ArrayList<>(a.getDoNotContactReasons()));
        m.put("probabilityAlive", a.getProbabilityAlive());
        m.put("daysOverdue", a.getDaysOverdue());
        m.put("daysSinceLastPurchase", a.getDaysSinceLastPurchase());
        m.put("endReason", a.getEndReason() == null ? null : a.getEndReason().name());
        m.put("rule", a.getRule());
        return m;
    }
}
