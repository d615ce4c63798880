package io.careerstream.pipeline.identity;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Identity links never move stream time: every link gets time 0. A link is not an event in the
 * customers' time — a link made today resolves touchpoints of 1997 — and its task also holds the
 * customers' touchpoints and silence checks, which run on the task's stream time (the highest of
 * its partitions): a link stamped today would settle every check due until today in the middle of
 * a replay of 1997. Time 0 also makes Kafka Streams, which picks the buffered record with the
 * lowest time next, apply links before the touchpoints buffered with them.
 */
public final class IdentityLinkTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return 0;
    }
}
