package io.careerstream.domain.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * Found by CareerMapFuzzTest (its inputs null-stage, null-track-and-dnc, null-names): an empty list
 * entry ({@code - ~}, or {@code [null]}) is YAML's null, and the loader threw NullPointerException
 * on it instead of naming the entry.
 */
class CareerMapEmptyEntriesTest {

    private static CareerMapException refused(String yaml) {
        return catchThrowableOfType(CareerMapException.class, () -> CareerMapLoader.parse(yaml, "m.yaml"));
    }

    @Test
    void anEmptyStageTrackOrDoNotContactEntryIsNamed() {
        assertThat(refused("version: \"1\"\nstages: [null]\n").problems()).contains("stages: an entry is empty");
        assertThat(refused("""
                version: "1"
                stages:
                  - {id: A, when: "true", action: X}
                tracks: [~]
                doNotContact:
                  -
                """).problems()).containsExactly("tracks: an entry is empty", "doNotContact: an entry is empty");
    }

    @Test
    void anEmptyFeatureOrEvidenceNameIsNamed() {
        assertThat(refused("""
                version: "1"
                features: [purchaseDays, null]
                stages:
                  - {id: A, when: "true", action: X, evidence: [null]}
                alerts: {AT_RISK: {action: X, evidence: [~]}}
                """).problems()).containsExactly("features: an entry is empty",
                "stage 'A': evidence names 'null', which is not a declared feature",
                "alerts.AT_RISK: evidence names 'null', which is not a declared feature");
    }
}
