package io.careerstream.pipeline;

import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.topics.Topics;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.TickProtocol;
import io.careerstream.registry.SchemaRegistries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole pipeline with its schemas in a real registry server (Apicurio Registry's
 * Confluent-compatible API), read back by a consumer with nothing of ours: the wire format, the
 * registry's REST API and plain Avro.
 */
@ExtendWith({SchemaRegistryExtension.class, EmbeddedKafkaExtension.class})
class PipelineWithRegistryIT {

    @Test
    void pipelineRunsWithSchemasInTheRealRegistryAndOutputIsPlainConfluentAvro(
            EmbeddedKafkaBroker broker, EmbeddedSchemaRegistry server) throws Exception {
        Topics topics = new Topics("tp-reg", "transitions-reg", "alerts-reg", "profiles-reg", "dlq-reg", "params-reg", "erasure-reg",
                "rfm-reg", "links-reg", "tp-resolved-reg");
        broker.createTopics(topics.newTopics(2));
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics,
                "careerstream-registry-it", Files.createTempDirectory("careerstream-reg-it-"), server.url());
        settings.put(ChurnSettings.CHURN_RULE, "CADENCE");
        CareerstreamConfig config = new CareerstreamConfig(settings);
        Instant t0 = Instant.parse("1997-01-01T12:00:00Z");

        try (KafkaStreams streams = new KafkaStreams(CareerTopology.build(config), config.streamsProperties())) {
            streams.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
            var serializer = config.careerTopics().touchpoints().valueSerializer();
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                TouchpointEvent e = purchase("r1", "o1", t0, 1000);
                producer.send(new ProducerRecord<>(topics.touchpoints(), null, t0.toEpochMilli(),
                        "r1".getBytes(StandardCharsets.UTF_8), serializer.serialize(topics.touchpoints(), e)));
                for (var tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(), 2, t0.plus(Duration.ofDays(400)).toEpochMilli())) {
                    producer.send(tick);
                }
            }
            // A consumer with nothing of ours: the wire format, the registry's REST API and plain Avro.
            List<String> stages = new ArrayList<>();
            Map<String, Object> consumerConfig = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "plain-reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            try (var consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topics.transitions()));
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (var r : consumer.poll(Duration.ofMillis(200))) {
                        ByteBuffer in = ByteBuffer.wrap(r.value());
                        assertThat(in.get()).isEqualTo((byte) 0);
                        Schema writer = fetchSchema(server.url(), in.getInt());
                        GenericRecord t = new GenericDatumReader<GenericRecord>(writer)
                                .read(null, DecoderFactory.get().binaryDecoder(r.value(), 5, r.value().length - 5, null));
                        if (t.get("dimension").toString().equals("STAGE")) {
                            stages.add(t.get("to").toString());
                        }
                    }
                    assertThat(stages).containsExactly("NEW", "AT_RISK", "LAPSED");
                });
            }
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
        }
        assertThat(SchemaRegistries.forUrl(server.url()).subjects())
                .contains(topics.touchpoints() + "-value", topics.transitions() + "-value", topics.profiles() + "-value");
    }

    private static Schema fetchSchema(String baseUrl, int id) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/schemas/ids/" + id)).build(), HttpResponse.BodyHandlers.ofString());
        return new Schema.Parser().parse(new ObjectMapper().readTree(response.body()).path("schema").asText());
    }
}
