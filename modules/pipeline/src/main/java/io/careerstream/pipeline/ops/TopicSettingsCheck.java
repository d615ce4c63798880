package io.careerstream.pipeline.ops;

import io.careerstream.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Checks, before the pipeline starts, that the topics it reads and writes will keep what it is
 * about to process. Records carry their event time as the Kafka timestamp, so a topic with time
 * retention deletes history by its age, not by when it was written: 1997 purchases written today
 * to a topic with the 7-day default are gone at the broker's next retention check.
 *
 * <p>The rule (docs/architecture.md, "Retention and replaying history"):
 * <ul>
 *   <li>a topic deletes by time when its {@code cleanup.policy} includes {@code delete}, its
 *       {@code retention.ms} is not -1 and its {@code message.timestamp.type} is CreateTime;</li>
 *   <li>an input record is <em>at risk</em> when it is not yet processed (at or after the group's
 *       committed offset) and its timestamp is older than {@code now - retention.ms + margin} of the
 *       input topic (the record itself) or of an output event log (what is derived from it would
 *       be deleted on arrival);</li>
 *   <li>at-risk records are an error (the pipeline refuses to start) unless the operator chose
 *       warnings ({@code careerstream.topic.retention.check=WARN});</li>
 *   <li>the identity links and the resolved touchpoints must have as many partitions as the
 *       touchpoints (a link must reach the task that holds its alias's touchpoints, a resolved
 *       touchpoint the task that holds its customer);</li>
 *   <li>{@code careerstream.validation.max.future.skew.ms} must be below every topic's
 *       {@code message.timestamp.after.max.ms}: otherwise a touchpoint the validator accepts would
 *       make the broker refuse the records derived from it, which stops the pipeline.</li>
 * </ul>
 */
public final class TopicSettingsCheck {

    /** Time the pipeline is given to read a record before its retention would delete it. */
    public static final Duration MARGIN = Duration.ofHours(1);

    public enum Severity { ERROR, WARNING }

    public record Finding(Severity severity, String topic, String message) {
        @Override
        public String toString() {
            return severity + " " + topic + ": " + message;
        }
    }

    /** What the operator chose for at-risk history: refuse to start, or warn and go on. */
    public enum RetentionPolicy { FAIL, WARN }

    private final Admin admin;
    private final Duration timeout;

    public TopicSettingsCheck(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Every finding for the pipeline's topics; an empty list means all is well. */
    public List<Finding> check(Topics topics, String groupId, long maxFutureSkewMs, RetentionPolicy policy, Instant now)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Finding> findings = new ArrayList<>();
        List<String> names = new ArrayList<>(topics.outputs());
        names.add(0, topics.touchpoints());
        names.add(topics.modelParameters());
        names.add(topics.rfmSketches()); // stamped with stream time: event time in a replay
        names.add(topics.identityLinks());
        names.add(topics.resolvedTouchpoints());
        Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        // Erasure requests are stamped with the time of the request, not an event time: no retention check.
        if (!existing.contains(topics.erasureRequests())) {
            findings.add(new Finding(Severity.ERROR, topics.erasureRequests(),
                    "topic does not exist; create it (see Topics / `run --create-topics`) before starting"));
        }
        List<String> present = names.stream().filter(existing::contains).toList();
        names.stream().filter(n -> !existing.contains(n)).forEach(n -> findings.add(new Finding(Severity.ERROR, n,
                "topic does not exist; create it (see Topics / `run --create-topics`) before starting")));
        Map<String, Config> configs = describe(present);

        for (String topic : present) {
            long afterMax = longValue(configs.get(topic), TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.MAX_VALUE);
            if (maxFutureSkewMs >= afterMax) {
                findings.add(new Finding(Severity.ERROR, topic, "careerstream.validation.max.future.skew.ms ("
                        + maxFutureSkewMs + ") must be below the topic's message.timestamp.after.max.ms (" + afterMax
                        + "): the broker would refuse records derived from touchpoints the pipeline accepts"));
            }
        }
        if (!existing.contains(topics.touchpoints())) {
            return findings;
        }
        checkIdentityTopics(topics, present, findings);
        Severity atRisk = policy == RetentionPolicy.FAIL ? Severity.ERROR : Severity.WARNING;
        List<LagReport.PartitionLag> unprocessed = new LagReport(admin, Map.of(), timeout).offsets(groupId,
                topics.touchpoints());
        for (String topic : present) {
            long retentionMs = timeRetentionMs(configs.get(topic));
            if (retentionMs < 0) {
                continue;
            }
            Instant threshold = now.minusMillis(retentionMs).plus(MARGIN);
            long records = olderThan(topics.touchpoints(), unprocessed, threshold);
            String what = topic.equals(topics.touchpoints())
                    ? "the broker deletes them before the pipeline reads them"
                    : "what the pipeline derives from them is stamped with their time and deleted from this topic on arrival";
            if (records > 0) {
                findings.add(new Finding(atRisk, topic, String.format("retention.ms=%d deletes records stamped before %s, "
                        + "and %,d unprocessed touchpoints are that old: %s. Set retention.ms=-1 on %s (or longer than the "
                        + "history you replay), or careerstream.topic.retention.check=WARN to start anyway",
                        retentionMs, threshold, records, what, topic)));
            } else if (topic.equals(topics.touchpoints())) {
                findings.add(new Finding(Severity.WARNING, topic, "retention.ms=" + retentionMs + " deletes touchpoints by "
                        + "their event time: a backfill older than " + Duration.ofMillis(retentionMs) + " would be lost"));
            }
        }
        return findings;
    }

    private void checkIdentityTopics(Topics topics, List<String> present,
                                     List<Finding> findings)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> partitioned = List.of(topics.touchpoints(), topics.identityLinks(), topics.resolvedTouchpoints())
                .stream().filter(present::contains).toList();
        Map<String, Integer> partitions = new HashMap<>();
        admin.describeTopics(partitioned).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .forEach((name, description) -> partitions.put(name, description.partitions().size()));
        int expected = partitions.get(topics.touchpoints());
        for (String topic : partitioned) {
            if (partitions.get(topic) != expected) {
                findings.add(new Finding(Severity.ERROR, topic, "has " + partitions.get(topic) + " partitions but "
                        + topics.touchpoints() + " has " + expected + ": identity resolution needs the same count "
                        + "(an alias's links and touchpoints, and a customer's resolved and direct touchpoints, "
                        + "must meet in one task)"));
            }
        }
    }

    private Map<String, Config> describe(Collection<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        Map<ConfigResource, Config> described = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<String, Config> byTopic = new HashMap<>();
        described.forEach((r, c) -> byTopic.put(r.name(), c));
        return byTopic;
    }

    /** -1 when the topic does not delete by time; otherwise its retention.ms. */
    static long timeRetentionMs(Config config) {
        String cleanup = stringValue(config, TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        String timestampType = stringValue(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        if (!cleanup.contains(TopicConfig.CLEANUP_POLICY_DELETE) || !timestampType.equals("CreateTime")) {
            return -1;
        }
        return longValue(config, TopicConfig.RETENTION_MS_CONFIG, -1);
    }

    /**
     * Unprocessed records stamped before {@code threshold}. The first offset whose timestamp is at or
     * after a time is what the broker's time index answers; every record before it is older.
     */
    private long olderThan(String topic, List<LagReport.PartitionLag> unprocessed, Instant threshold)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, ListOffsetsResultInfo> firstNewer = offsets(unprocessed.stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList(), OffsetSpec.forTimestamp(threshold.toEpochMilli()));
        long count = 0;
        for (LagReport.PartitionLag p : unprocessed) {
            long newer = firstNewer.get(new TopicPartition(topic, p.partition())).offset();
            long upTo = newer < 0 ? p.logEnd() : Math.min(newer, p.logEnd());
            count += Math.max(0, upTo - p.position());
        }
        return count;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(Collection<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        return admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static String stringValue(Config config, String name, String fallback) {
        var entry = config == null ? null : config.get(name);
        return entry == null || entry.value() == null ? fallback : entry.value();
    }

    /** A topic setting as a number, {@code fallback} when the broker did not report it. */
    public static long longValue(Config config, String name, long fallback) {
        String v = stringValue(config, name, null);
        return v == null ? fallback : Long.parseLong(v);
    }
}
