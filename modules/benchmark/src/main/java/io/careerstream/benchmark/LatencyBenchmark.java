package io.careerstream.benchmark;

import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.topics.CareerTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Event → transition latency at a fixed input rate. Every event is the first purchase of a new
 * customer stamped with the wall clock as its event time, so each one causes a stage transition
 * whose record timestamp is that same moment; the latency of an event is the wall clock when its
 * transition is read (read_committed, so with exactly-once only after the commit that publishes
 * it) minus that timestamp. Millisecond resolution, since record timestamps are milliseconds.
 */
final class LatencyBenchmark {

    /** Latencies in milliseconds, and the input rate actually achieved. */
    record Result(long[] latenciesMs, double achievedRate) {
        double percentile(double p) {
            long[] sorted = latenciesMs.clone();
            java.util.Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, index)];
        }
    }

    private LatencyBenchmark() {
    }

    /** Sends at {@code ratePerSecond} for {@code duration} to a running pipeline and collects the latencies. */
    static Result measure(LocalCareerstream local, CareerTopics topics, String runId, double ratePerSecond,
                          Duration duration) throws InterruptedException {
        String transitions = topics.transitions().name();
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long total = Math.max(1, Math.round(ratePerSecond * duration.toMillis() / 1000.0));
        Map<String, Long> latency = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(transitions).forEach(p -> partitions.add(new TopicPartition(transitions, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the starting point before the first event is sent
            String prefix = "L" + runId + "-";
            Sender sender = new Sender(local.bootstrapServers(), topics, prefix, ratePerSecond, total);
            sender.start();
            long deadline = System.nanoTime() + duration.toNanos() + Duration.ofSeconds(60).toNanos();
            while (latency.size() < total && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    if (key.startsWith(prefix)) {
                        latency.putIfAbsent(key, now - r.timestamp()); // the first transition of the customer
                    }
                }
            }
            sender.join();
            if (sender.failure != null) {
                throw new IllegalStateException("Latency input not sent: " + sender.failure, sender.failure);
            }
            if (latency.isEmpty()) {
                throw new IllegalStateException("No transition seen for " + total + " events sent");
            }
            return new Result(latency.values().stream().mapToLong(Long::longValue).toArray(), sender.achievedRate);
        }
    }

    /** Paces the input: event i leaves at start + i / rate, whatever the broker's acknowledgements do. */
    private static final class Sender extends Thread {
        private final String bootstrapServers;
        private final CareerTopics topics;
        private final String prefix;
        private final double rate;
        private final long total;
        private volatile Exception failure;
        private volatile double achievedRate;

        Sender(String bootstrapServers, CareerTopics topics, String prefix, double rate, long total) {
            super("latency-input");
            this.bootstrapServers = bootstrapServers;
            this.topics = topics;
            this.prefix = prefix;
            this.rate = rate;
            this.total = total;
        }

        @Override
        public void run() {
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    ProducerConfig.LINGER_MS_CONFIG, 1);
            var serializer = topics.touchpoints().valueSerializer();
            String topic = topics.touchpoints().name();
            try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
                long start = System.nanoTime();
                for (long i = 0; i < total; i++) {
                    long due = start + (long) (i * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    String customer = prefix + i;
                    long now = System.currentTimeMillis();
                    TouchpointEvent event = TouchpointEvent.newBuilder()
                            .setEventId("lat-" + customer)
                            .setCustomerId(customer)
                            .setOccurredAt(Instant.ofEpochMilli(now))
                            .setChannel("web")
                            .setPayload(new Purchase("lat-order-" + customer, 2_500L, "USD", 1, List.of("music")))
                            .build();
                    producer.send(new ProducerRecord<>(topic, null, now, customer.getBytes(StandardCharsets.UTF_8),
                            serializer.serialize(topic, event)));
                }
                achievedRate = total / ((System.nanoTime() - start) / 1e9);
                producer.flush();
            } catch (Exception e) {
                failure = e;
            }
        }
    }
}
