package io.careerstream.app.ingest;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Sends touchpoints to the touchpoints topic as the producer guide says a producer should: keyed
 * by customer id (or alias), the event time as the record timestamp, Avro with the registry, an
 * idempotent producer with {@code acks=all}, so a retry inside the producer never writes a record
 * twice and a send completes only once every in-sync replica has it.
 */
public final class TouchpointSink implements AutoCloseable {

    private final String topic;
    private final Serializer<TouchpointEvent> serializer;
    private final KafkaProducer<byte[], byte[]> producer;

    /**
     * @param clientId the producer's client.id, naming the route in the broker's logs and quotas
     * @param lingerMs how long the producer waits to fill a batch: long for a bulk import, short where a caller waits
     * @param maxBlockMs how long a send may wait for the topic's metadata or room in the buffer
     */
    public TouchpointSink(CareerstreamConfig config, String clientId, int lingerMs, int maxBlockMs) {
        this.topic = config.pipeline().topics().touchpoints();
        this.serializer = config.careerTopics().touchpoints().valueSerializer();
        Map<String, Object> settings = new HashMap<>(config.pipeline().clientSettings());
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, maxBlockMs);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        this.producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public String topic() {
        return topic;
    }

    /**
     * Sends one event that passed {@link TouchpointChecks} under {@code key}; the future completes
     * when the broker has it (or fails with why not). Blocks only while the producer's buffer is full,
     * which bounds the memory a fast reader can fill.
     */
    public CompletableFuture<RecordMetadata> send(String key, TouchpointEvent event) {
        CompletableFuture<RecordMetadata> written = new CompletableFuture<>();
        try {
            byte[] value = serializer.serialize(topic, event);
            producer.send(new ProducerRecord<>(topic, null, event.getOccurredAt().toEpochMilli(),
                    key.getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
                        if (error != null) {
                            written.completeExceptionally(error);
                        } else {
                            written.complete(metadata);
                        }
                    });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    /** Sends everything buffered and waits for the broker's answers. */
    public void flush() {
        producer.flush();
    }

    /** The number of partitions of the touchpoints topic (for the ticks at the end of an import). */
    public int partitions() {
        return producer.partitionsFor(topic).size();
    }

    /** Sends raw records (the ticks) through the same producer, in order after what was sent before. */
    public CompletableFuture<RecordMetadata> sendRaw(ProducerRecord<byte[], byte[]> record) {
        CompletableFuture<RecordMetadata> written = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    written.completeExceptionally(error);
                } else {
                    written.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            written.completeExceptionally(e);
        }
        return written;
    }

    @Override
    public void close() {
        producer.close();
        serializer.close();
    }
}
