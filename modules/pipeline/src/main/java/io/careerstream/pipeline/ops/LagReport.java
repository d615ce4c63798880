package io.careerstream.pipeline.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How far the pipeline's consumer group is behind on each partition of its input, in records and
 * in event time: the committed offset against the log's start and end (admin API), and the
 * timestamp of the next record to process against the newest one (record timestamps). Records
 * carry their event time, so "behind" is the span of event time still to process — meaningful for
 * live input and for a backfill alike. A committed offset below the log start means input was
 * deleted before it was processed (docs/architecture.md, "Retention and replaying history").
 */
public final class LagReport {

    /** One partition. Times are empty when there is nothing to process or nothing in the log. */
    public record PartitionLag(int partition, Optional<Long> committed, long logStart, long logEnd,
                               Optional<Instant> nextToProcess, Optional<Instant> newest) {

        /** The offset processing goes on from: the committed one, or the log start for a new group. */
        public long position() {
            return Math.max(committed.orElse(logStart), logStart);
        }

        public long lag() {
            return Math.max(0, logEnd - position());
        }

        /** Offsets deleted before the group processed them (0 when none). */
        public long deletedUnprocessed() {
            return committed.map(c -> Math.max(0, logStart - c)).orElse(0L);
        }

        /** Event time still to process: newest record's time minus the next record's. */
        public Optional<Duration> behind() {
            return nextToProcess.flatMap(next -> newest.map(last -> Duration.between(next, last)))
                    .map(d -> d.isNegative() ? Duration.ZERO : d);
        }
    }

    private final Admin admin;
    private final Map<String, Object> consumerSettings;
    private final Duration timeout;

    /**
     * @param consumerSettings how to reach the cluster (bootstrap.servers and security settings);
     *     used to read one record per lagging partition
     */
    public LagReport(Admin admin, Map<String, ?> consumerSettings, Duration timeout) {
        this.admin = admin;
        this.consumerSettings = new HashMap<>(consumerSettings);
        this.timeout = timeout;
    }

    public List<PartitionLag> of(String groupId, String topic) throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResultInfo> newest = offsets(partitions, OffsetSpec.maxTimestamp());
        List<PartitionLag> report = new ArrayList<>();
        Map<TopicPartition, Long> lagging = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            ListOffsetsResultInfo max = newest.get(tp);
            PartitionLag lag = new PartitionLag(tp.partition(), Optional.ofNullable(c).map(OffsetAndMetadata::offset),
                    starts.get(tp).offset(), ends.get(tp).offset(), Optional.empty(),
                    max == null || max.offset() < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(max.timestamp())));
            report.add(lag);
            if (lag.lag() > 0) {
                lagging.put(tp, lag.position());
            }
        }
        Map<Integer, Instant> next = nextRecordTimes(lagging);
        return report.stream().map(p -> new PartitionLag(p.partition(), p.committed(), p.logStart(), p.logEnd(),
                Optional.ofNullable(next.get(p.partition())), p.newest())).toList();
    }

    /** The timestamp of the first record at or after each position (read_committed, no group). */
    private Map<Integer, Instant> nextRecordTimes(Map<TopicPartition, Long> positions) {
        Map<Integer, Instant> times = new HashMap<>();
        if (positions.isEmpty()) {
            return times;
        }
        Map<String, Object> config = new HashMap<>(consumerSettings);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(positions.keySet());
            positions.forEach(consumer::seek);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (times.size() < positions.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    times.putIfAbsent(r.partition(), Instant.ofEpochMilli(r.timestamp()));
                }
            }
        }
        return times;
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(Collection<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        return admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
