package io.careerstream.domain;

import java.util.Map;
import java.util.Set;

/**
 * A real change of a customer's stage.
 *
 * @param from previous stage, null for a customer seen for the first time
 * @param at event time at which the change became true
 * @param triggeringEventId the touchpoint's event id, or {@link CustomerCareer#TIMER} when silence caused it
 */
public record StageChange(String customerId, Stage from, Stage to, long at, String rule, Map<String, String> evidence,
                          String triggeringEventId, SuggestedAction suggestedAction,
                          Set<DoNotContactReason> doNotContactReasons) {
    public StageChange {
        evidence = Map.copyOf(evidence);
        doNotContactReasons = Set.copyOf(doNotContactReasons);
    }
}
