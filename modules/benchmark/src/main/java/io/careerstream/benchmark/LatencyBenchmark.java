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
 *
 * <p>The paced input starts with a warm-up whose latencies are kept apart. The first second after
 * {@code RUNNING} is slow (measured: a third of its events over 150 ms, up to a few hundred
 * milliseconds; hardly any later): the pipeline's first sends to each output partition, its first
 * transactions, code not compiled yet. That says how the pipeline starts, not how it runs.
 */
final class LatencyBenchmark {

    /** Latencies in milliseconds after the warm-up and during it, and the input rate actually achieved. */
    record Result(long[] latenciesMs, long[] warmUpLatenciesMs, double achievedRate) {
        double percentile(double p) {
            return percentile(latenciesMs, p);
        }

        double warmUpPercentile(double p) {
            return warmUpLatenciesMs.length == 0 ? 0 : percentile(warmUpLatenciesMs, p);
        }

        private static double percentile(long[] latencies, double p) {
            long[] sorted = latencies.clone();
            java.util.Arrays.sort(sorted);
            int index = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
            return sorted[Math.max(0, index)];
        }
    }

    private LatencyBenchmark() {
    }

    /**
     * Sends at {@code ratePerSecond} for {@code warmUp}, then for {@code duration}, to a running
     * pipeline and collects the latencies of each part; {@code warmedUp} runs when the warm-up's
     * last event has been sent.
     */
    static Result measure(LocalCareerstream local, CareerTopics topics, String runId, double ratePerSecond,
                          Duration warmUp, Duration duration, Runnable warmedUp) throws InterruptedException {
        String transitions = topics.transitions().name();
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long warmUpEvents = Math.round(ratePerSecond * warmUp.toMillis() / 1000.0);
        long total = warmUpEvents + Math.max(1, Math.round(ratePerSecond * duration.toMillis() / 1000.0));
        Map<String, Long> latency = new HashMap<>();
        Map<String, Long> warmUpLatency = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(transitions).forEach(p -> partitions.add(new TopicPartition(transitions, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fix the starting point before the first event is sent
            String prefix = "L" + runId + "-";
            String warmUpPrefix = "W" + runId + "-";
            Sender sender = new Sender(local.bootstrapServers(), topics, prefix, warmUpPrefix, warmUpEvents,
                    ratePerSecond, total, warmedUp);
            sender.start();
            long deadline = System.nanoTime() + warmUp.toNanos() + duration.toNanos() + Duration.ofSeconds(60).toNanos();
            while (latency.size() + warmUpLatency.size() < total && System.nanoTime() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.currentTimeMillis();
                    String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                    // the first transition of the customer
                    if (key.startsWith(prefix)) {
                        latency.putIfAbsent(key, now - r.timestamp());
                    } else if (key.startsWith(warmUpPrefix)) {
                        warmUpLatency.putIfAbsent(key, now - r.timestamp());
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
            return new Result(latency.values().stream().mapToLong(Long::longValue).toArray(),
                    warmUpLatency.values().stream().mapToLong(Long::longValue).toArray(), sender.achievedRate);
        }
    }

    /** Paces the input: event i leaves at start + i / rate, whatever the broker's acknowledgements do. */
    private static final class Sender extends Thread {
        private final String bootstrapServers;
        private final CareerTopics topics;
        private final String prefix;
        private final String warmUpPrefix;
        private final long warmUpEvents;
        private final Runnable warmedUp;
        private final double rate;
        private final long total;
        private volatile Exception failure;
        private volatile double achievedRate;

        Sender(String bootstrapServers, CareerTopics topics, String prefix, String warmUpPrefix, long warmUpEvents,
               double rate, long total, Runnable warmedUp) {
            super("latency-input");
            this.warmedUp = warmedUp;
            this.bootstrapServers = bootstrapServers;
            this.topics = topics;
            this.prefix = prefix;
            this.warmUpPrefix = warmUpPrefix;
            this.warmUpEvents = warmUpEvents;
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
                    if (i == warmUpEvents) {
                        warmedUp.run();
                    }
                    String customer = i < warmUpEvents ? warmUpPrefix + i : prefix + i;
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
