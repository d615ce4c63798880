package io.careerstream.local.demo;

import io.careerstream.pipeline.ops.TopicScan;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads a topic from the beginning to its last committed record and counts records by a label. */
public final class TopicTally {

    private TopicTally() {
    }

    public static Map<String, Long> count(String bootstrapServers, String topic,
                                          Function<ConsumerRecord<byte[], byte[]>, String> label) {
        Map<String, Long> counts = new TreeMap<>();
        TopicScan.readAll(bootstrapServers, topic, total -> { }, r -> counts.merge(label.apply(r), 1L, Long::sum));
        return counts;
    }
}
