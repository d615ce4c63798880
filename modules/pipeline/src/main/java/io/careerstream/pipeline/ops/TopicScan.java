package io.careerstream.pipeline.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a whole topic once, from the beginning to its last committed record (read_committed), as
 * raw bytes, without joining a consumer group: for summaries and offline fits.
 */
public final class TopicScan {

    private TopicScan() {
    }

    /**
     * Calls {@code each} for every record; {@code total} receives the number of offsets to read
     * before the first record (for a progress bar).
     */
    public static void readAll(String bootstrapServers, String topic, LongConsumer total,
                               Consumer<ConsumerRecord<byte[], byte[]>> each) {
        readAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topic, total, each);
    }

    /** Like {@link #readAll(String, String, LongConsumer, Consumer)}, with connection settings (security included). */
    public static void readAll(Map<String, ?> clientSettings, String topic, LongConsumer total,
                               Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> config = new java.util.HashMap<>(clientSettings);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            total.accept(ends.values().stream().mapToLong(Long::longValue).sum());
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(500)).forEach(each);
            }
        }
    }
}
