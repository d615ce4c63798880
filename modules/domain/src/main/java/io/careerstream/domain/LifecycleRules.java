package io.careerstream.domain;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The built-in lifecycle rules, evaluated top to bottom; the first that holds decides the stage.
 * Silence is measured against the customer's own rhythm (mean days between purchase days), so a
 * weekly buyer is overdue after two weeks and a twice-a-year buyer is not overdue after 90 days.
 */
public final class LifecycleRules {

    public static final String RULE_PROSPECT = "no-purchase-yet";
    public static final String RULE_LAPSED = "silent-beyond-lapsed-threshold";
    public static final String RULE_AT_RISK_OVERDUE = "overdue-against-own-cadence";
    public static final String RULE_AT_RISK_SOURING = "souring-signals";
    public static final String RULE_REACTIVATED = "bought-again-after-lapse";
    public static final String RULE_LOYAL = "buys-at-least-every-n-days";
    public static final String RULE_ACTIVE = "repeat-buyer";
    public static final String RULE_NEW = "first-purchase";

    private final LifecyclePolicy policy;

    public LifecycleRules(LifecyclePolicy policy) {
        this.policy = policy;
    }

    public LifecyclePolicy policy() {
        return policy;
    }

    /** Own mean interval (floored), or the policy's default for a customer without a rhythm yet. */
    public double expectedIntervalDays(CustomerState s) {
        double mean = s.meanIntervalDays();
        return Double.isNaN(mean) ? policy.defaultIntervalDays() : Math.max(policy.minIntervalDays(), mean);
    }

    /** When the current silence episode makes the customer at risk; 0 for a non-buyer. */
    public long atRiskAt(CustomerState s) {
        return thresholdAt(s, policy.atRiskFactor());
    }

    /** When the current silence episode makes the customer lapsed; 0 for a non-buyer. */
    public long lapsedAt(CustomerState s) {
        return thresholdAt(s, policy.lapsedFactor());
    }

    private long thresholdAt(CustomerState s, double factor) {
        if (!s.hasPurchased()) {
            return 0;
        }
        return s.lastPurchaseAt + Math.round(factor * expectedIntervalDays(s) * CustomerState.DAY_MS);
    }

    /** How far silence has gone at {@code now}. */
    public AlertLevel silenceLevel(CustomerState s, long now) {
        if (!s.hasPurchased()) {
            return AlertLevel.NONE;
        }
        if (now >= lapsedAt(s)) {
            return AlertLevel.LAPSED;
        }
        return now >= atRiskAt(s) ? AlertLevel.AT_RISK : AlertLevel.NONE;
    }

    public double daysSinceLastPurchase(CustomerState s, long now) {
        return Math.max(0, now - s.lastPurchaseAt) / (double) CustomerState.DAY_MS;
    }

    public StageDecision classify(CustomerState s, long now) {
        if (!s.hasPurchased()) {
            return new StageDecision(Stage.PROSPECT, RULE_PROSPECT, Map.of("purchaseDays", "0"));
        }
        switch (silenceLevel(s, now)) {
            case LAPSED:
                return new StageDecision(Stage.LAPSED, RULE_LAPSED, silenceEvidence(s, now, policy.lapsedFactor()));
            case AT_RISK:
                return new StageDecision(Stage.AT_RISK, RULE_AT_RISK_OVERDUE,
                        silenceEvidence(s, now, policy.atRiskFactor()));
            default:
                break;
        }
        if (s.openComplaints > 0 || s.lastMentionNegative) {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("openComplaints", Integer.toString(s.openComplaints));
            evidence.put("lastMentionNegative", Boolean.toString(s.lastMentionNegative));
            return new StageDecision(Stage.AT_RISK, RULE_AT_RISK_SOURING, evidence);
        }
        if (s.reactivationPending) {
            return new StageDecision(Stage.REACTIVATED, RULE_REACTIVATED,
                    Map.of("purchaseDays", Integer.toString(s.purchaseDays)));
        }
        double mean = s.meanIntervalDays();
        if (s.purchaseDays >= policy.loyalMinPurchaseDays() && mean <= policy.loyalMaxIntervalDays()) {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("purchaseDays", Integer.toString(s.purchaseDays));
            evidence.put("meanIntervalDays", format(mean));
            evidence.put("loyalMinPurchaseDays", Integer.toString(policy.loyalMinPurchaseDays()));
            evidence.put("loyalMaxIntervalDays", format(policy.loyalMaxIntervalDays()));
            return new StageDecision(Stage.LOYAL, RULE_LOYAL, evidence);
        }
        if (s.purchaseDays >= 2) {
            Map<String, String> evidence = new LinkedHashMap<>();
            evidence.put("purchaseDays", Integer.toString(s.purchaseDays));
            evidence.put("meanIntervalDays", format(mean));
            return new StageDecision(Stage.ACTIVE, RULE_ACTIVE, evidence);
        }
        return new StageDecision(Stage.NEW, RULE_NEW, Map.of("purchaseDays", "1"));
    }

    private Map<String, String> silenceEvidence(CustomerState s, long now, double factor) {
        Map<String, String> evidence = new LinkedHashMap<>();
        evidence.put("daysSinceLastPurchase", format(daysSinceLastPurchase(s, now)));
        evidence.put("expectedIntervalDays", format(expectedIntervalDays(s)));
        evidence.put("thresholdFactor", format(factor));
        evidence.put("purchaseDays", Integer.toString(s.purchaseDays));
        return evidence;
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
