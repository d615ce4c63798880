package io.careerstream.pipeline.ingest;

import io.careerstream.topics.RejectionReason;
import io.careerstream.topics.TickProtocol;
import io.careerstream.contracts.TouchpointEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time comes from the payload's {@code occurredAt}; a valid tick keeps its record timestamp.
 * Only a time that is at most {@code careerstream.validation.max.future.skew.ms} ahead of the wall
 * clock may become stream time: a record further ahead would fire every silence timer at once, and
 * every output and changelog record written after it would carry a timestamp the broker refuses
 * ({@code message.timestamp.after.max.ms}). Such a record, and any record the validator is going to
 * reject anyway for its time or its kind (no usable {@code occurredAt}; the tick header together
 * with a value), gets the partition's current stream time instead and is left to the validator to
 * dead-letter.
 *
 * <p>The validator cannot see a record's original timestamp once it has been replaced, so a tick
 * refused here is marked with the header {@value #FUTURE_TICK_HEADER} (its requested time,
 * ISO-8601); the validator dead-letters a marked tick with {@link RejectionReason#FUTURE_TIMESTAMP}.
 * A mark that arrives from outside (a dead letter replayed into the input) is removed first, so
 * only this extractor's verdict counts.
 */
public final class TouchpointTimestampExtractor implements TimestampExtractor {

    /** Marks a tick whose timestamp was too far ahead of the clock to become stream time. */
    public static final String FUTURE_TICK_HEADER = "careerstream.tick.future";

    private final long maxFutureSkewMs;

    public TouchpointTimestampExtractor(long maxFutureSkewMs) {
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        long latestAllowed = System.currentTimeMillis() + maxFutureSkewMs;
        Headers headers = record.headers();
        boolean tick = TickProtocol.isTick(headers);
        if (tick) {
            headers.remove(FUTURE_TICK_HEADER);
        }
        if (tick && record.value() == null) {
            if (record.timestamp() > latestAllowed) {
                headers.add(FUTURE_TICK_HEADER,
                        Instant.ofEpochMilli(record.timestamp()).toString().getBytes(StandardCharsets.UTF_8));
            } else if (record.timestamp() >= 0) {
                return record.timestamp();
            }
        } else if (!tick && record.value() instanceof TouchpointEvent event && event.getOccurredAt() != null) {
            long occurredAt = event.getOccurredAt().toEpochMilli();
            if (occurredAt > 0 && occurredAt <= latestAllowed) {
                return occurredAt;
            }
        }
        if (partitionTime >= 0) {
            return partitionTime;
        }
        // First record of the partition: its record timestamp, unless that is too far ahead too
        // (never negative: Kafka Streams would drop the record without a dead letter).
        long timestamp = record.timestamp();
        return timestamp >= 0 && timestamp <= latestAllowed ? timestamp : 0;
    }
}
