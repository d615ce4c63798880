package io.careerstream.pipeline;

import java.util.List;
import java.util.Map;

/**
 * The topics the pipeline reads and writes, and how to create them. Names come from
 * {@link io.careerstream.pipeline.config.CareerstreamConfig}; these are the defaults.
 */
public record Topics(String touchpoints, String transitions, String alerts, String profiles, String deadLetters,
                     String modelParameters) {

    public static final Topics DEFAULT = new Topics("touchpoints", "customer-stage-transitions", "churn-alerts",
            "customer-profiles", "touchpoints-dlq", "model-parameters");

    /** Topic, partition count and topic configs for creating every topic of the pipeline. */
    public record Spec(String name, int partitions, Map<String, String> configs) {
    }

    /** The topic whose values are records of the given Avro record name, if any. */
    public java.util.Optional<String> topicForRecord(String recordName) {
        return java.util.Optional.ofNullable(switch (recordName) {
            case "TouchpointEvent" -> touchpoints;
            case "StageTransition" -> transitions;
            case "ChurnAlert" -> alerts;
            case "CustomerProfile" -> profiles;
            case "ModelParameters" -> modelParameters;
            default -> null;
        });
    }

    /** Outputs are co-partitioned with the input so each customer's records stay in order. */
    public List<Spec> specs(int partitions) {
        return List.of(
                new Spec(touchpoints, partitions, Map.of()),
                new Spec(transitions, partitions, Map.of()),
                new Spec(alerts, partitions, Map.of()),
                // Latest profile per customer is all that matters, so the topic is compacted.
                new Spec(profiles, partitions, Map.of("cleanup.policy", "compact")),
                new Spec(deadLetters, 1, Map.of()),
                // Read whole by every instance (a global table): one partition, latest value only.
                new Spec(modelParameters, 1, Map.of("cleanup.policy", "compact")));
    }
}
