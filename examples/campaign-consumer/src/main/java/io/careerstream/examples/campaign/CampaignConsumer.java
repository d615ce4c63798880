package io.careerstream.examples.campaign;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.StageTransition;
import io.careerstream.serde.SpecificAvroSerde;
import io.careerstream.topics.Topics;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads {@code churn-alerts} and {@code customer-stage-transitions} the way docs/consuming.md says:
 * only committed records ({@code isolation.level=read_committed}: the pipeline writes in
 * transactions, and an aborted attempt's records are in the log too), offsets committed after the
 * records are handled (a crash redelivers, and {@link CampaignRules} ignores what it has handled),
 * alerts to the {@link CampaignRules}, transitions to the {@link CareerRecord}.
 */
public final class CampaignConsumer implements AutoCloseable {

    private final KafkaConsumer<String, SpecificRecord> consumer;
    private final Topics topics;
    private final CampaignRules rules;
    private final CareerRecord record;
    private final Map<CampaignRules.Outcome, Integer> outcomes = new EnumMap<>(CampaignRules.Outcome.class);
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    /**
     * @param clientConfig Kafka consumer settings: at least {@code bootstrap.servers} and {@code group.id}
     * @param serdeConfig  schema registry settings: at least {@code schema.registry.url}
     */
    public CampaignConsumer(Map<String, Object> clientConfig, Map<String, ?> serdeConfig, Topics topics,
                            CampaignRules rules, CareerRecord record) {
        this.topics = topics;
        this.rules = rules;
        this.record = record;
        this.consumer = new KafkaConsumer<>(consumerConfig(clientConfig), new StringDeserializer(),
                new ByTopic(Map.of(
                        topics.alerts(), SpecificAvroSerde.forValues(ChurnAlert.class, serdeConfig).deserializer(),
                        topics.transitions(), SpecificAvroSerde.forValues(StageTransition.class, serdeConfig).deserializer())));
        consumer.subscribe(List.of(topics.alerts(), topics.transitions()));
    }

    /** The settings the guide asks for, over the caller's. */
    static Map<String, Object> consumerConfig(Map<String, Object> clientConfig) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return config;
    }

    /** Polls once, handles what came and commits it; returns how many records were handled. */
    public int pollOnce(Duration timeout) {
        int handled = 0;
        try {
            for (ConsumerRecord<String, SpecificRecord> r : consumer.poll(timeout)) {
                handle(r);
                handled++;
            }
        } catch (RecordDeserializationException e) {
            // Not one of our contracts (written by something else, or a schema the registry lost):
            // report it and go on, as the pipeline does with its own input.
            System.err.printf("skipped %s-%d@%d: %s%n", e.topicPartition().topic(), e.topicPartition().partition(),
                    e.offset(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        consumer.commitSync();
        return handled;
    }

    /** How many alert records had each outcome so far. */
    public Map<CampaignRules.Outcome, Integer> outcomes() {
        return Map.copyOf(outcomes);
    }

    private void handle(ConsumerRecord<String, SpecificRecord> r) {
        if (r.topic().equals(topics.alerts()) && r.value() instanceof ChurnAlert alert) {
            outcomes.merge(rules.onAlert(alert), 1, Integer::sum);
        } else if (r.topic().equals(topics.transitions()) && r.value() instanceof StageTransition transition) {
            record.onTransition(transition);
        }
    }

    /** Polls until {@link #close()} is called from another thread, then closes the consumer. */
    public void run() {
        running.set(true);
        try {
            while (!closing.get()) {
                pollOnce(Duration.ofSeconds(1));
            }
        } catch (WakeupException e) {
            if (!closing.get()) {
                throw e;
            }
        } finally {
            consumer.close();
            closed.countDown();
        }
    }

    /** Stops {@link #run()} and waits for it to close the consumer, or closes the consumer itself. */
    @Override
    public void close() throws InterruptedException {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (running.get()) {
            consumer.wakeup(); // the consumer is not thread-safe: only its own thread closes it
            closed.await();
        } else {
            consumer.close();
        }
    }

    /** The value deserializer of each topic (the two topics carry two contracts). */
    private record ByTopic(Map<String, Deserializer<? extends SpecificRecord>> byTopic) implements Deserializer<SpecificRecord> {

        @Override
        public SpecificRecord deserialize(String topic, byte[] data) {
            return deserializer(topic).deserialize(topic, data);
        }

        @Override
        public SpecificRecord deserialize(String topic, Headers headers, byte[] data) {
            return deserializer(topic).deserialize(topic, headers, data);
        }

        private Deserializer<? extends SpecificRecord> deserializer(String topic) {
            Deserializer<? extends SpecificRecord> deserializer = byTopic.get(topic);
            if (deserializer == null) {
                throw new IllegalArgumentException("not subscribed to " + topic);
            }
            return deserializer;
        }
    }
}
