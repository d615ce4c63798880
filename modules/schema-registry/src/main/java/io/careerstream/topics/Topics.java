package io.careerstream.topics;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * The names of the topics Careerstream reads and writes, and how to create them. Names come from
 * configuration ({@code careerstream.topic.*}); these are the defaults. {@link CareerTopics} adds
 * each topic's key and value serdes.
 *
 * <p>Records carry their <em>event</em> time as the Kafka timestamp (a backfill of 1997 data is
 * stamped 1997), and a broker's time retention deletes a segment once its newest timestamp is
 * older than {@code retention.ms}. With the broker default of 7 days, history would be deleted
 * minutes after it is written, before the pipeline has read it. So every topic we create states
 * its retention explicitly: event logs keep records until an operator decides otherwise
 * ({@code retention.ms=-1}; limit them by size if needed), compacted topics keep the latest
 * record per key. See docs/architecture.md, "Retention and replaying history".
 */
public record Topics(String touchpoints, String transitions, String alerts, String profiles, String deadLetters,
                     String modelParameters, String erasureRequests, String rfmSketches) {

    /** Key of the record on the model-parameters topic whose parameters apply to every customer. */
    public static final String DEFAULT_PARAMETERS_KEY = "default";

    public static final Topics DEFAULT = new Topics("touchpoints", "customer-stage-transitions", "churn-alerts",
            "customer-profiles", "touchpoints-dlq", "model-parameters", "erasure-requests", "rfm-sketches");

    /**
     * Erasure requests name the customer (the key) and are only needed until processed: kept 30
     * days, long enough for an instance that was down to catch up, not a permanent list of erased ids.
     */
    public static final Map<String, String> ERASURE_LOG = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, Long.toString(java.time.Duration.ofDays(30).toMillis()),
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");

    /** Event logs: kept until an operator says otherwise, stamped with the producer's (event) time. */
    public static final Map<String, String> EVENT_LOG = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, "-1",
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");

    /** Latest record per key, never deleted by time. */
    public static final Map<String, String> COMPACTED = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");

    /** Topic, partition count and topic configs for creating every topic of the pipeline. */
    public record Spec(String name, int partitions, Map<String, String> configs) {

        /** The admin request that creates this topic, with the cluster's default replication factor. */
        public NewTopic toNewTopic() {
            return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
        }
    }

    /** The topic whose values are records of the given Avro record name, if any. */
    public Optional<String> topicForRecord(String recordName) {
        return Optional.ofNullable(switch (recordName) {
            case "TouchpointEvent" -> touchpoints;
            case "StageTransition" -> transitions;
            case "ChurnAlert" -> alerts;
            case "CustomerProfile" -> profiles;
            case "ModelParameters" -> modelParameters;
            case "RfmSketches" -> rfmSketches;
            default -> null;
        });
    }

    /** The topics the pipeline writes; records there are stamped with the event time they derive from. */
    public List<String> outputs() {
        return List.of(transitions, alerts, profiles, deadLetters);
    }

    /** Outputs are co-partitioned with the input so each customer's records stay in order. */
    public List<Spec> specs(int partitions) {
        return List.of(
                new Spec(touchpoints, partitions, EVENT_LOG),
                new Spec(transitions, partitions, EVENT_LOG),
                new Spec(alerts, partitions, EVENT_LOG),
                // Latest profile per customer is all that matters, so the topic is compacted.
                new Spec(profiles, partitions, COMPACTED),
                new Spec(deadLetters, 1, EVENT_LOG),
                // Read whole by every instance (a global table): one partition, latest value only.
                new Spec(modelParameters, 1, COMPACTED),
                // Co-partitioned with the input: a customer's erasure runs in the task that holds its state.
                new Spec(erasureRequests, partitions, ERASURE_LOG),
                // Each career task's latest RFM sketches (key: task id), read whole by every instance.
                new Spec(rfmSketches, 1, COMPACTED));
    }

    /** Admin requests that create every topic of the pipeline. */
    public List<NewTopic> newTopics(int partitions) {
        return specs(partitions).stream().map(Spec::toNewTopic).toList();
    }
}
