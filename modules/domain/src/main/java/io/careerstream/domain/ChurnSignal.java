package io.careerstream.domain;

import java.util.Set;

/**
 * Silence crossed a churn threshold: raised at most once per level and silence episode. An
 * episode starts with the customer's latest purchase, so {@code lastPurchaseAt} identifies it.
 * The model figures (P(alive), expected purchases and spend in the next 90 days) are at {@code at};
 * {@code model} and {@code regularity} say which model judged (MBG/NBD, MBG/CNBD-k or MBG/CNBD-mix,
 * and the k it judged the customer by: under the mixture their most probable class),
 * {@code daysOverdue} how far the silence runs past the customer's own expected interval.
 */
public record ChurnSignal(String customerId, AlertLevel level, long at, long lastPurchaseAt,
                          double daysSinceLastPurchase, double expectedIntervalDays, int purchaseDays,
                          double probabilityAlive, double expectedPurchases90d, double expectedValue90d,
                          String suggestedAction, Set<String> doNotContactReasons, String model, int regularity,
                          double daysOverdue) {
    public ChurnSignal {
        doNotContactReasons = Set.copyOf(doNotContactReasons);
    }

    /** Stable across replays and retries, so consumers can de-duplicate alerts. */
    public String alertId() {
        return customerId + ":" + lastPurchaseAt + ":" + level;
    }
}
