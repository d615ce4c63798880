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
                     String modelParameters, String erasureRequests, String rfmSketches, String identityLinks,
                     String resolvedTouchpoints) {

    /** Key of the record on the model-parameters topic whose parameters apply to every customer. */
    public static final String DEFAULT_PARAMETERS_KEY = "default";

    public static final Topics DEFAULT = new Topics("touchpoints", "customer-stage-transitions", "churn-alerts",
            "customer-profiles", "touchpoints-dlq", "model-parameters", "erasure-requests", "rfm-sketches",
            "identity-links", "touchpoints-resolved");

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

    /**
     * The resolved touchpoints: a hop inside the pipeline, read back within moments, like a Kafka
     * Streams repartition topic. Stamped by the broker ({@code LogAppendTime}) so that time
     * retention counts from when a record was written, not from its event time: a resolved 1997
     * touchpoint is kept a week, not deleted on arrival. The pipeline takes event time from the
     * payload's {@code occurredAt}, never from this timestamp, and no tick passes through here.
     */
    public static final Map<String, String> PIPELINE_HOP = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
            TopicConfig.RETENTION_MS_CONFIG, String.valueOf(java.time.Duration.ofDays(7).toMillis()),
            TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

    /** Topic, partition count and topic configs for creating every topic of the pipeline. */
    public record Spec(String name, int partitions, Map<String, String> configs) {

        /** The admin request that creates this topic, with the cluster's default replication factor. */
        public NewTopic toNewTopic() {
            return new NewTopic(name, Optional.of(partitions), Optional.empty()).configs(configs);
        }
    }

    /** These topic names with a prefix: several pipelines, each with topics of its own, on one broker. */
    public Topics prefixed(String prefix) {
        return new Topics(prefix + touchpoints, prefix + transitions, prefix + alerts, prefix + profiles,
                prefix + deadLetters, prefix + modelParameters, prefix + erasureRequests, prefix + rfmSketches,
                prefix + identityLinks, prefix + resolvedTouchpoints);
    }

    /** The topics whose values are records of the given Avro record name (none for an unknown name). */
    public List<String> topicsForRecord(String recordName) {
        return switch (recordName) {
            // Resolved touchpoints are touchpoints too: the same contract under the topic's own subject.
            case "TouchpointEvent" -> List.of(touchpoints, resolvedTouchpoints);
            case "StageTransition" -> List.of(transitions);
            case "ChurnAlert" -> List.of(alerts);
            case "CustomerProfile" -> List.of(profiles);
            case "ModelParameters" -> List.of(modelParameters);
            case "RfmSketches" -> List.of(rfmSketches);
            case "IdentityLink" -> List.of(identityLinks);
            default -> List.of();
        };
    }

    /** The topics the pipeline writes; records there are stamped with the event time they derive from. */
    public List<String> outputs() {
        return List.of(transitions, alerts, profiles, deadLetters);
    }

    /**
     * Outputs are co-partitioned with the input so each customer's records stay in order. The
     * identity links and the resolved touchpoints have the input's partition count too: a link is
     * read by the task that holds its alias's touchpoints (both keyed by alias), and a resolved
     * touchpoint, keyed by customer id, by the task that holds the customer.
     */
    public List<Spec> specs(int partitions) {
        return List.of(
                new Spec(touchpoints, partitions, EVENT_LOG),
                // Latest customer per alias; a tombstone removes the link.
                new Spec(identityLinks, partitions, COMPACTED),
                // Aliased touchpoints with their customer filled in, written and read back by the pipeline.
                new Spec(resolvedTouchpoints, partitions, PIPELINE_HOP),
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
