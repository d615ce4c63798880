package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `lag` against a real broker: offsets, records and event time behind, and deleted input, per partition. */
@ExtendWith(EmbeddedKafkaExtension.class)
class LagCommandIT {

    private static final Instant T0 = Instant.parse("1997-01-01T00:00:00Z");

    @Test
    void printsEachPartitionsLagInRecordsAndEventTimeAndFlagsDeletedInput(EmbeddedKafkaBroker broker) throws Exception {
        String topic = "lag-touchpoints";
        broker.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Topics.EVENT_LOG)));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 10; i++) { // one record a day on each partition
                for (int p = 0; p < 2; p++) {
                    producer.send(new ProducerRecord<>(topic, p, T0.plusSeconds(86_400L * i).toEpochMilli(),
                            bytes("c" + i), bytes("v"))).get();
                }
            }
        }
        TopicPartition p0 = new TopicPartition(topic, 0);
        TopicPartition p1 = new TopicPartition(topic, 1);
        try (Admin admin = broker.admin()) {
            // The group processed 4 records of partition 0 and 2 of partition 1; then 5 of partition 1 were deleted.
            admin.alterConsumerGroupOffsets("lag-app", Map.of(p0, new OffsetAndMetadata(4), p1, new OffsetAndMetadata(2)))
                    .all().get();
            admin.deleteRecords(Map.of(p1, RecordsToDelete.beforeOffset(7))).all().get();
        }

        CliRun lag = CliRun.of("lag", "-b", broker.bootstrapServers(), "--set", "application.id=lag-app",
                "--set", "careerstream.topic.touchpoints=" + topic);

        assertThat(lag.exit()).as(lag.out() + lag.err()).isEqualTo(1);
        assertThat(lag.out()).as(lag.err()).contains("Group lag-app on topic " + topic);
        // partition 0: records 4..9 unprocessed, next is day 4, newest day 9
        assertThat(lag.out()).containsPattern("0\\s+0\\s+4\\s+10\\s+6\\s+1997-01-05T00:00:00Z\\s+5d 0h");
        // partition 1: processing goes on from the log start, 7; 3 left, days 7..9
        assertThat(lag.out()).containsPattern("1\\s+7\\s+2\\s+10\\s+3\\s+1997-01-08T00:00:00Z\\s+2d 0h");
        assertThat(lag.out()).contains("DATA LOSS: 5 records were deleted before they were processed (committed 2, log start 7)");
        assertThat(lag.out()).contains("Total lag 9 records");
        // The identity detour's and erasure topics were never created here: reported, not fatal.
        assertThat(lag.out()).containsPattern("Other inputs: \\S+ does not exist, \\S+ does not exist, \\S+ does not exist");

        try (Admin admin = broker.admin()) {
            admin.alterConsumerGroupOffsets("lag-app", Map.of(p0, new OffsetAndMetadata(10), p1, new OffsetAndMetadata(10)))
                    .all().get();
        }
        CliRun caughtUp = CliRun.of("lag", "-b", broker.bootstrapServers(), "--set", "application.id=lag-app",
                "--set", "careerstream.topic.touchpoints=" + topic);
        assertThat(caughtUp.exit()).as(caughtUp.out()).isZero();
        assertThat(caughtUp.out()).contains("Total lag 0 records").doesNotContain("DATA LOSS");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
