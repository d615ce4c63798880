package io.careerstream.pipeline.errors;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.pipeline.ops.ClientConnection;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.Configurable;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;

/**
 * Kafka Streams' clients, with the main consumer wrapped so that input deleted before it was
 * processed is reported and handled by a {@link DataLossGuard} instead of skipped silently.
 * Plugged in through {@code default.client.supplier}, so every {@code KafkaStreams} built from
 * {@link io.careerstream.pipeline.config.CareerstreamConfig#streamsProperties()} has it.
 *
 * <p>Why a client supplier: Streams handles {@code OffsetOutOfRangeException} inside its poll
 * loop, and no callback or handler of its API sees it; the consumer is the one place that does.
 */
public class GuardedClientSupplier extends DefaultKafkaClientSupplier implements Configurable {

    /** Streams passes its own settings on; this one is ours. */
    public static final String POLICY_CONFIG = "careerstream.on.data.loss";

    private DataLossPolicy policy = DataLossPolicy.FAIL;
    private DataLossRecorder recorder = new DataLossRecorder(null, Map.of(), CareerMetrics.inMemory());

    @Override
    public void configure(Map<String, ?> configs) {
        Object value = configs.get(POLICY_CONFIG);
        if (value != null) {
            policy = DataLossPolicy.valueOf(value.toString().strip().toUpperCase(java.util.Locale.ROOT));
        }
        Map<String, Object> client = ClientConnection.settingsOf(configs);
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, configs.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        Object deadLetters = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        recorder = new DataLossRecorder(deadLetters == null ? null : deadLetters.toString(), client,
                CareerMetrics.from(configs));
    }

    @Override
    public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        return new GuardedConsumer(config, policy, recorder);
    }

    /** The main consumer: reports data loss on poll, and lists the loss metrics among its own. */
    static final class GuardedConsumer extends KafkaConsumer<byte[], byte[]> {
        private final Metrics metrics;
        private final DataLossGuard guard;
        private final AtomicBoolean closed = new AtomicBoolean();

        GuardedConsumer(Map<String, Object> config, DataLossPolicy policy, DataLossRecorder recorder) {
            super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.metrics = new Metrics(new MetricConfig(), List.of(new JmxReporter()), Time.SYSTEM,
                    new KafkaMetricsContext("careerstream"));
            Map<String, String> tags = new HashMap<>();
            tags.put("client-id", String.valueOf(config.get(ConsumerConfig.CLIENT_ID_CONFIG)));
            this.guard = new DataLossGuard(policy, recorder, metrics, tags);
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
            try {
                return super.poll(timeout);
            } catch (OffsetOutOfRangeException e) {
                guard.onOutOfRange(e, this);
                throw e;
            }
        }

        @Override
        public Map<MetricName, ? extends Metric> metrics() {
            Map<MetricName, Metric> all = new HashMap<>(super.metrics());
            all.putAll(metrics.metrics());
            return all;
        }

        @Override
        public void close() {
            try {
                super.close();
            } finally {
                closeMetrics();
            }
        }

        @Override
        public void close(Duration timeout) {
            try {
                super.close(timeout);
            } finally {
                closeMetrics();
            }
        }

        @Override
        public void close(CloseOptions option) {
            try {
                super.close(option);
            } finally {
                closeMetrics();
            }
        }

        private void closeMetrics() {
            if (closed.compareAndSet(false, true)) {
                metrics.close();
            }
        }
    }
}
