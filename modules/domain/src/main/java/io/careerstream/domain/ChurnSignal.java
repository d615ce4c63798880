package io.careerstream.domain;

import java.util.Map;
import java.util.Set;

/**
 * A churn alert, or the end of one. An alert opens an episode's level (AT_RISK, then LAPSED) when
 * the customer's silence crosses it; every alert that opens also ends, with its reason: the customer
 * bought again, a higher level superseded it, a new model or map no longer puts the customer there,
 * or the customer was erased. What the alert says to do comes from the career map's alert rule for
 * its level; {@code rule}, {@code evidence} and {@code mapVersion} say why.
 *
 * @param lastPurchaseAt the purchase the silence episode started with (of an end, the episode that ends)
 * @param transitionId   the stage transition the same evaluation made, when there was one (else null)
 */
public record ChurnSignal(String customerId, AlertLevel level, Status status, EndReason endReason, long at,
                          long lastPurchaseAt, double daysSinceLastPurchase, double expectedIntervalDays,
                          int purchaseDays, double probabilityAlive, double expectedPurchases90d, double expectedValue90d,
                          String suggestedAction, Set<String> doNotContactReasons, String model, int regularity,
                          double daysOverdue, String rule, Map<String, String> evidence, String mapVersion,
                          String transitionId) {

    /** An alert opens a level of a silence episode, or ends it. */
    public enum Status { OPENED, ENDED }

    /** Why an alert ended. */
    public enum EndReason {
        /** The customer bought again: the episode is over. */
        PURCHASE,
        /** The next level (LAPSED) opened: the customer is past what this alert was about. */
        SUPERSEDED,
        /** A new model or map no longer puts the customer at this level. */
        NO_LONGER_CROSSED,
        /** The customer was erased. */
        ERASED
    }

    public ChurnSignal {
        doNotContactReasons = Set.copyOf(doNotContactReasons);
        evidence = Map.copyOf(evidence);
        if ((status == Status.ENDED) != (endReason != null)) {
            throw new IllegalArgumentException("an ended alert, and only one, has an end reason");
        }
    }

    /**
     * Stable across replays and retries, so consumers can de-duplicate: the customer, the purchase
     * the episode started with and the level; an end is the alert's id with {@code /ended}.
     */
    public String alertId() {
        return status == Status.OPENED ? openedAlertId() : openedAlertId() + "/ended";
    }

    /** The id of the alert this record opens or ends. */
    public String openedAlertId() {
        return customerId + ":" + lastPurchaseAt + ":" + level;
    }

    /**
     * The end of the alert a customer has open: its level and the purchase its episode started with
     * identify it; the figures are those at {@code at}, when it ends.
     */
    public static ChurnSignal ended(String customerId, AlertLevel level, long episodeStartedWith, long at,
                                    EndReason reason, double daysSinceLastPurchase, double expectedIntervalDays,
                                    int purchaseDays, double probabilityAlive, String rule, String mapVersion) {
        return new ChurnSignal(customerId, level, Status.ENDED, reason, at, episodeStartedWith, daysSinceLastPurchase,
                expectedIntervalDays, purchaseDays, probabilityAlive, Double.NaN, Double.NaN, "NONE", Set.of(), null, 0,
                Double.NaN, rule, Map.of(), mapVersion, null);
    }
}
