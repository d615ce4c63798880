package io.careerstream.pipeline.errors;

import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.topics.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves a durable trace of a data loss on the dead-letter topic: one record without key or value,
 * with reason {@code DATA_LOSS}, the partition and the offsets lost in its headers. The loss counter
 * lives in the process that found the loss, and under {@code careerstream.on.data.loss=FAIL} that
 * process stops at once, so a scrape may never see it; the record stays for the operator (and the
 * dead-letter alert) to find.
 */
final class DataLossRecorder {

    /** Header with the offsets lost, {@code first-last}, when the loss is a deletion. */
    static final String LOST_OFFSETS_HEADER = "careerstream.dlq.lost.offsets";
    private static final Logger LOG = LoggerFactory.getLogger(DataLossRecorder.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String topic;
    private final Map<String, Object> clientSettings;
    private final CareerMetrics metrics;

    /** @param clientSettings bootstrap servers and security settings, as the pipeline's clients use them */
    DataLossRecorder(String topic, Map<String, Object> clientSettings, CareerMetrics metrics) {
        this.topic = topic;
        this.clientSettings = Map.copyOf(clientSettings);
        this.metrics = metrics;
    }

    /**
     * Writes the record and waits for the broker to have it (at most 10 s); a failure to write is
     * logged, never thrown: the loss itself is already logged and handled.
     *
     * @param firstLost the first offset lost, or -1 when the log was truncated (nothing known lost)
     */
    void record(TopicPartition partition, long firstLost, long lastLost, String what) {
        if (topic == null) {
            return;
        }
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetters.REASON_HEADER, bytes(RejectionReason.DATA_LOSS.name()));
        headers.add(DeadLetters.MESSAGE_HEADER, bytes(RejectionReason.DATA_LOSS + ": " + what));
        headers.add(DeadLetters.TOPIC_HEADER, bytes(partition.topic()));
        headers.add(DeadLetters.PARTITION_HEADER, bytes(Integer.toString(partition.partition())));
        if (firstLost >= 0) {
            headers.add(DeadLetters.OFFSET_HEADER, bytes(Long.toString(firstLost)));
            headers.add(LOST_OFFSETS_HEADER, bytes(firstLost + "-" + lastLost));
        }
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        // The delivery timeout must cover linger and one request.
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis() / 2);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, TIMEOUT.toMillis());
        try (var producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), null, null, headers))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            metrics.deadLetter(RejectionReason.DATA_LOSS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.error("Could not record the data loss on {} (it is in this log only): {}", topic,
                    e.getCause() == null ? e.toString() : e + " <- " + e.getCause());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
