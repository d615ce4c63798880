package io.careerstream.topics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The tick protocol, part of the touchpoints topic's contract. Tick records move stream time forward when input goes quiet. Stream time only advances with
 * records, per partition, so silence at the end of the data (or on a quiet partition) would
 * never be checked without them. A tick has no key and no value, the header
 * {@value #TICK_HEADER}, and its timestamp is the time to advance to; send one to every
 * partition of the touchpoints topic ({@link #ticks}). Besides moving stream time, a tick settles
 * every silence check due up to its timestamp at once, so the state after a replay that ends with
 * ticks does not depend on when the scheduled punctuation happened to run.
 *
 * <p>A tick's time may be at most {@code careerstream.validation.max.future.skew.ms} ahead of the
 * pipeline's clock, or it is dead-lettered ({@code FUTURE_TIMESTAMP}) without moving
 * stream time; brokers themselves refuse record timestamps more than the topic's
 * {@code message.timestamp.after.max.ms} (default 1 hour) ahead of their clock. A record with the
 * tick header and a value is dead-lettered ({@code TICK_WITH_VALUE}); a tick's key,
 * if any, is ignored.
 */
public final class TickProtocol {

    public static final String TICK_HEADER = "careerstream.tick";

    private TickProtocol() {
    }

    public static boolean isTick(Headers headers) {
        return headers != null && headers.lastHeader(TICK_HEADER) != null;
    }

    /** One tick per partition, all at {@code timestamp}. */
    public static <K, V> List<ProducerRecord<K, V>> ticks(String topic, int partitions, long timestamp) {
        List<ProducerRecord<K, V>> ticks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            Headers headers = new RecordHeaders().add(TICK_HEADER, "1".getBytes(StandardCharsets.UTF_8));
            ticks.add(new ProducerRecord<>(topic, p, timestamp, null, null, headers));
        }
        return ticks;
    }
}
