package io.careerstream.pipeline.identity;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Time 0 for every record of the inputs that are not events of the task's own touchpoints
 * partition, so that they never move its stream time, which is then how far that partition has
 * come (the identity detour's ordering relies on it: ResolutionGate).
 *
 * <ul>
 *   <li>Identity links: a link is not an event in the customers' time (a link made today resolves
 *       touchpoints of 1997), and a link stamped today would settle every check due until today in
 *       the middle of a replay of 1997.</li>
 *   <li>The identity detour ({@code touchpoints-resolved}): a resolved touchpoint's event time is
 *       read from its payload, and it comes from another partition, which may be far ahead or
 *       behind; the detour's progress markers and link notices are no events at all.</li>
 * </ul>
 *
 * Time 0 also makes Kafka Streams, which picks the buffered record with the lowest time next, hand
 * these records on as soon as they are fetched, before the touchpoints buffered with them.
 */
public final class StreamTimeNeutralExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        return 0;
    }
}
