package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.ModelParameters;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code model fit --publish} with the shared options, against a real broker and a real registry. */
@ExtendWith({SchemaRegistryExtension.class, EmbeddedKafkaExtension.class})
class ModelPublishIT {

    @Test
    void theFitIsPublishedToTheConfiguredTopicThroughTheRegistryTheEnvironmentNames(EmbeddedKafkaBroker broker,
                                                                                   EmbeddedSchemaRegistry registry) {
        String topic = "model-parameters-" + System.nanoTime();
        broker.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));

        // Brokers as an option, the registry from the environment, the topic as a setting (no --topic).
        CliRun fit = CliRun.withEnvironment(Map.of("CAREERSTREAM_SCHEMA_REGISTRY_URL", registry.url()),
                "model", "fit", "--input", "../../data/CDNOW_sample.txt", "--as-of", "1997-09-30", "--publish",
                "--bootstrap-servers", broker.bootstrapServers(), "--set", "careerstream.topic.model.parameters=" + topic);

        assertThat(fit.exit()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("Published to " + topic + " (key 'default')");
        ConsumerRecord<byte[], byte[]> record = readOne(broker, topic);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("default");
        ModelParameters published = SpecificAvroSerde.forValues(ModelParameters.class, registry.url()).deserializer()
                .deserialize(topic, record.value());
        assertThat(published.getModel()).isEqualTo("MBG/NBD");
        assertThat(published.getCustomers()).isEqualTo(2357);
        assertThat(published.getR()).isCloseTo(0.525, within(0.001));
        assertThat(published.getQ()).isCloseTo(3.74, within(0.01));
        assertThat(published.getLogLikelihood()).isCloseTo(-9582.136, within(0.001));
    }

    private static ConsumerRecord<byte[], byte[]> readOne(EmbeddedKafkaBroker broker, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
