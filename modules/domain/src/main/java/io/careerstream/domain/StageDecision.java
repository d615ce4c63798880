package io.careerstream.domain;

import java.util.Map;

/**
 * The stage the rules chose, the id of the rule that chose it and the feature values it read.
 */
public record StageDecision(Stage stage, String rule, Map<String, String> evidence) {
    public StageDecision {
        evidence = Map.copyOf(evidence);
    }
}
