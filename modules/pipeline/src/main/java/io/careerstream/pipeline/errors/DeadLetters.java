package io.careerstream.pipeline.errors;

import io.careerstream.topics.RejectionReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Adds our short reason code to the dead-letter records Kafka Streams builds (KIP-1034). Streams'
 * own headers already carry the exception, message, source topic, partition and offset; the
 * reason header lets a consumer count and route rejections without parsing messages.
 */
public final class DeadLetters {

    public static final String REASON_HEADER = "careerstream.dlq.reason";
    /** Kafka Streams' own headers (KIP-1034), written by us too for the dead letters we forward ourselves. */
    public static final String MESSAGE_HEADER = "__streams.errors.message";
    public static final String TOPIC_HEADER = "__streams.errors.topic";
    public static final String PARTITION_HEADER = "__streams.errors.partition";
    public static final String OFFSET_HEADER = "__streams.errors.offset";

    private DeadLetters() {
    }

    /** The reason the input record is at fault, if it is: only then is it dead-lettered. */
    static Optional<RejectionReason> inputRejection(Exception exception) {
        Throwable t = exception;
        while (t != null) {
            if (t instanceof InvalidTouchpointException invalid) {
                return Optional.of(invalid.reason());
            }
            t = t.getCause();
        }
        return Optional.empty();
    }

    static void tag(List<ProducerRecord<byte[], byte[]>> records, RejectionReason reason) {
        for (ProducerRecord<byte[], byte[]> record : records) {
            record.headers().add(REASON_HEADER, reason.name().getBytes(StandardCharsets.UTF_8));
        }
    }
}
