package io.careerstream.domain;

import java.util.Map;
import java.util.Set;

/**
 * A real change of a customer's stage or career track.
 *
 * @param from previous stage or track id; null for a customer's first stage
 * @param at event time at which the change became true
 * @param rule id of the career-map rule that decided it
 * @param evidence the values of the features that rule read
 * @param triggeringEventId the touchpoint's event id, or {@link CustomerCareer#TIMER} when time caused it
 * @param mapVersion version of the career map that decided it
 */
public record StageChange(String customerId, Dimension dimension, String from, String to, long at, String rule,
                          Map<String, String> evidence, String triggeringEventId, String suggestedAction,
                          Set<String> doNotContactReasons, String mapVersion) {

    /** Which of a customer's two labels changed. */
    public enum Dimension { STAGE, TRACK }

    public StageChange {
        evidence = Map.copyOf(evidence);
        doNotContactReasons = Set.copyOf(doNotContactReasons);
    }

    /** Stable across replays and retries: the customer, the dimension, the time and the new value. */
    public String transitionId() {
        return customerId + ":" + dimension + ":" + at + ":" + to;
    }
}
