package io.careerstream.pipeline.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
public final class LagReport implements AutoCloseable {

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
    /** Reads the next record's time; made on first use and kept, as a report may be taken again and again. */
    private KafkaConsumer<byte[], byte[]> reader;

    /**
     * @param consumerSettings how to reach the cluster (bootstrap.servers and security settings);
     *     used by {@link #of} to read one record per lagging partition; may be empty for
     *     {@link #offsets} and {@link #total}
     */
    public LagReport(Admin admin, Map<String, ?> consumerSettings, Duration timeout) {
        this.admin = admin;
        this.consumerSettings = new HashMap<>(consumerSettings);
        this.timeout = timeout;
    }

    /** Every partition's offsets and lag, with the event times of the next and the newest record. */
    public List<PartitionLag> of(String groupId, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        return of(groupId, topic, partition -> true);
    }

    /** As {@link #of(String, String)}, for the partitions {@code include} accepts only. */
    public List<PartitionLag> of(String groupId, String topic, java.util.function.IntPredicate include)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<PartitionLag> report = offsets(groupId, topic).stream().filter(p -> include.test(p.partition())).toList();
        if (report.isEmpty()) {
            return report;
        }
        Map<TopicPartition, Long> lagging = new HashMap<>();
        report.stream().filter(p -> p.lag() > 0)
                .forEach(p -> lagging.put(new TopicPartition(topic, p.partition()), p.position()));
        Map<TopicPartition, ListOffsetsResultInfo> newest = listOffsets(
                report.stream().map(p -> new TopicPartition(topic, p.partition())).toList(), OffsetSpec.maxTimestamp());
        Map<Integer, Instant> next = nextRecordTimes(lagging);
        return report.stream().map(p -> {
            ListOffsetsResultInfo max = newest.get(new TopicPartition(topic, p.partition()));
            return new PartitionLag(p.partition(), p.committed(), p.logStart(), p.logEnd(),
                    Optional.ofNullable(next.get(p.partition())),
                    max == null || max.offset() < 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(max.timestamp())));
        }).toList();
    }

    /** Every partition's committed offset, log start and end, from the admin API alone (no record is read). */
    public List<PartitionLag> offsets(String groupId, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> starts = listOffsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, ListOffsetsResultInfo> ends = listOffsets(partitions, OffsetSpec.latest());
        return partitions.stream().map(tp -> new PartitionLag(tp.partition(),
                Optional.ofNullable(committed.get(tp)).map(OffsetAndMetadata::offset), starts.get(tp).offset(),
                ends.get(tp).offset(), Optional.empty(), Optional.empty())).toList();
    }

    /** Records of {@code topic} the group has not processed yet, over all partitions. */
    public long total(String groupId, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        return offsets(groupId, topic).stream().mapToLong(PartitionLag::lag).sum();
    }

    /** The timestamp of the first record at or after each position (read_committed, no group). */
    private Map<Integer, Instant> nextRecordTimes(Map<TopicPartition, Long> positions) {
        Map<Integer, Instant> times = new HashMap<>();
        if (positions.isEmpty()) {
            return times;
        }
        if (reader == null) {
            Map<String, Object> config = new HashMap<>(consumerSettings);
            config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
            reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        reader.assign(positions.keySet());
        positions.forEach(reader::seek);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (times.size() < positions.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : reader.poll(Duration.ofMillis(200))) {
                times.putIfAbsent(r.partition(), Instant.ofEpochMilli(r.timestamp()));
            }
        }
        reader.assign(List.of());
        return times;
    }

    /** Closes the consumer that read record times, if one was made. */
    @Override
    public void close() {
        if (reader != null) {
            reader.close(Duration.ofSeconds(5));
            reader = null;
        }
    }

    private Map<TopicPartition, ListOffsetsResultInfo> listOffsets(Collection<TopicPartition> partitions, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = partitions.stream().collect(Collectors.toMap(p -> p, p -> spec));
        return admin.listOffsets(request).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
