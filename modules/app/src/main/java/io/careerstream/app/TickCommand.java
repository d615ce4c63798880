package io.careerstream.app;

import io.careerstream.pipeline.ingest.StreamClock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Moves stream time forward on every partition, so silence is checked when input is quiet. */
@Command(name = "tick", mixinStandardHelpOptions = true,
        description = "Send a tick to every partition of the touchpoints topic: stream time advances to --at "
                + "and due silence checks run, even with no new touchpoints (for example at the end of a backfill).")
public final class TickCommand implements Callable<Integer> {

    @Option(names = {"-b", "--bootstrap-servers"}, required = true, description = "Kafka brokers, host:port.")
    String bootstrapServers;

    @Option(names = {"-t", "--topic"}, defaultValue = "touchpoints", description = "Touchpoints topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--at", description = "Event time to advance to, ISO-8601 (default: now).")
    Instant at;

    @Override
    public Integer call() {
        Instant time = at == null ? Instant.now() : at;
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            int partitions = producer.partitionsFor(topic).size();
            for (ProducerRecord<byte[], byte[]> tick : StreamClock.<byte[], byte[]>ticks(topic, partitions, time.toEpochMilli())) {
                producer.send(tick);
            }
            producer.flush();
            System.out.println("Sent ticks at " + time + " to " + partitions + " partitions of " + topic);
        }
        return 0;
    }
}
