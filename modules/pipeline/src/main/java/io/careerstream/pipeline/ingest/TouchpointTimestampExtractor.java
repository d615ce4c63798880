package io.careerstream.pipeline.ingest;

import io.careerstream.contracts.TouchpointEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time comes from the payload's {@code occurredAt}. Ticks keep their record timestamp.
 * A record whose occurredAt is missing or absurdly in the future must not drag stream time with
 * it (it would fire every silence timer at once), so it is given the partition's current stream
 * time and left to the validator to reject.
 */
public final class TouchpointTimestampExtractor implements TimestampExtractor {

    private final long maxFutureSkewMs;

    public TouchpointTimestampExtractor(long maxFutureSkewMs) {
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof TouchpointEvent event && event.getOccurredAt() != null) {
            long occurredAt = event.getOccurredAt().toEpochMilli();
            if (occurredAt > 0 && occurredAt <= System.currentTimeMillis() + maxFutureSkewMs) {
                return occurredAt;
            }
        } else if (StreamClock.isTick(record.headers()) && record.timestamp() >= 0) {
            return record.timestamp();
        }
        return partitionTime >= 0 ? partitionTime : Math.max(0, record.timestamp());
    }
}
