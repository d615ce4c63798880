package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.churn.ChurnSimulation;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.pipeline.career.ChurnModelContracts;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

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

    /**
     * Customers of the kind the mixture is for (regular, Poisson and BG/NBD buyers, as {@code model
     * evaluate} simulates them), as a transactions file: forced with {@code --model mbgcnbd-mix}, the
     * mixture is published with its class weights, and the stream can read them.
     */
    @Test
    void aRegularityMixtureFitIsPublishedWithItsClassWeights(EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry registry,
                                                            @TempDir Path dir) throws Exception {
        String topic = "model-parameters-mix-" + System.nanoTime();
        broker.createTopics(List.of(new NewTopic(topic, 1, (short) 1)));
        Path csv = dir.resolve("mixed-buyers.csv");
        List<String> lines = new ArrayList<>(List.of("customer_id,date,amount"));
        LocalDate start = LocalDate.parse("2023-01-01");
        List<ChurnSimulation.SimCustomer> cohort = new ChurnSimulation(11).mixedCohort(1200, 182, 728);
        for (int i = 0; i < cohort.size(); i++) {
            ChurnSimulation.SimCustomer c = cohort.get(i);
            // Customers join over the first half year; amounts vary by customer and purchase.
            long joined = Math.round(728 - c.observedUntil());
            double[] days = c.purchaseDays();
            for (int j = 0; j < days.length; j++) {
                lines.add(String.format(Locale.ROOT, "c%d,%s,%.2f", i, start.plusDays(joined + (long) days[j]),
                        12.5 + (i % 17) * 3 + (j % 5)));
            }
        }
        Files.write(csv, lines);

        CliRun fit = CliRun.withEnvironment(Map.of("CAREERSTREAM_SCHEMA_REGISTRY_URL", registry.url()),
                "model", "fit", "--input", csv.toString(), "--as-of", start.plusDays(728).toString(), "--model", "mbgcnbd-mix",
                "--publish", "--bootstrap-servers", broker.bootstrapServers(), "--topic", topic);

        assertThat(fit.exit()).as(fit.out() + fit.err()).isZero();
        assertThat(fit.out()).contains("MBG/CNBD-mix, 1,200 customers", "w16", "Published to " + topic);
        ModelParameters published = SpecificAvroSerde.forValues(ModelParameters.class, registry.url()).deserializer()
                .deserialize(topic, readOne(broker, topic).value());
        assertThat(published.getModel()).isEqualTo("MBG/CNBD-mix");
        assertThat(published.getRegularityWeights()).extracting(c -> c.getK()).containsExactly(1, 2, 4, 8, 16);
        assertThat(published.getRegularityWeights().stream().mapToDouble(c -> c.getWeight()).sum()).isCloseTo(1, within(1e-9));
        ChurnModelParameters inForce = ChurnModelContracts.toDomain(published);
        assertThat(inForce.purchaseModel().name()).isEqualTo("MBG/CNBD-mix");
        // A third of these customers buy in a rhythm: the regular classes carry real weight.
        assertThat(inForce.regularityWeights().get(0)).isBetween(0.3, 0.9);
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
