package io.careerstream.benchmark;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The second baseline: the least a Kafka application can do with a touchpoint, a plain consumer →
 * producer loop with the pipeline's serdes (deserialize key and value, serialize them again) and
 * its guarantee: with exactly-once, a transaction per commit interval carrying the consumed
 * offsets; with at-least-once, the producer flushed and the offsets committed each interval.
 * Partitions are assigned statically (partition p to thread p mod threads), so no rebalance
 * protocol runs; the offsets are still committed under the group id, where the lag is read.
 */
final class CopyLoop implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    CopyLoop(String bootstrapServers, String group, Topic<String, TouchpointEvent> input, String output, int partitions,
             int threadCount, boolean exactlyOnce, Duration commitInterval) {
        for (int t = 0; t < threadCount; t++) {
            List<TopicPartition> mine = new ArrayList<>();
            for (int p = t; p < partitions; p += threadCount) {
                mine.add(new TopicPartition(input.name(), p));
            }
            String transactionalId = group + "-" + t;
            Thread thread = new Thread(() -> {
                try {
                    copy(bootstrapServers, group, input, output, mine, exactlyOnce ? transactionalId : null, commitInterval);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }, "copy-loop-" + t);
            threads.add(thread);
        }
    }

    void start() {
        threads.forEach(Thread::start);
    }

    /** Null while the loop runs well; what stopped a thread otherwise. */
    Throwable failure() {
        return failure.get();
    }

    private void copy(String bootstrapServers, String group, Topic<String, TouchpointEvent> input, String output,
                      List<TopicPartition> partitions, String transactionalId, Duration commitInterval) {
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Object> producerConfig = new HashMap<>();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (transactionalId != null) {
            producerConfig.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        var keys = input.keyDeserializer();
        var values = input.valueDeserializer();
        var keyOut = input.keySerializer();
        var valueOut = input.valueSerializer();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             var producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            consumer.assign(partitions);
            if (transactionalId != null) {
                producer.initTransactions();
                producer.beginTransaction();
            }
            Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();
            long nextCommit = System.nanoTime() + commitInterval.toNanos();
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    String key = keys.deserialize(r.topic(), r.key());
                    TouchpointEvent value;
                    try {
                        value = values.deserialize(r.topic(), r.headers(), r.value());
                    } catch (SerializationException unreadable) {
                        // The replay's deliberately broken records: the topologies dead-letter them; skipped here
                        pending.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                        continue;
                    }
                    producer.send(new ProducerRecord<>(output, r.partition(), r.timestamp(), keyOut.serialize(output, key),
                            valueOut.serialize(output, value)));
                    pending.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                }
                if (System.nanoTime() >= nextCommit && !pending.isEmpty()) {
                    if (transactionalId != null) {
                        producer.sendOffsetsToTransaction(pending, new ConsumerGroupMetadata(group));
                        producer.commitTransaction();
                        producer.beginTransaction();
                    } else {
                        producer.flush();
                        consumer.commitSync(pending);
                    }
                    pending.clear();
                    nextCommit = System.nanoTime() + commitInterval.toNanos();
                }
            }
            if (transactionalId != null) {
                producer.abortTransaction();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(60).toMillis());
        }
    }
}
