package io.careerstream.pipeline;

import io.careerstream.registry.RegistrySettings;
import io.careerstream.pipeline.metrics.CareerMetrics;

import io.careerstream.topics.Topics;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.TickProtocol;
import io.careerstream.registry.InMemorySchemaRegistry;
import io.careerstream.serde.SpecificAvroSerde;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** The careerstream topology in a TopologyTestDriver with its own in-memory registry and state dir. */
final class TopologyFixture implements AutoCloseable {

    final TopologyTestDriver driver;
    /** The topology under test: what it declares (stores, topics) is what a test may need to cover. */
    final org.apache.kafka.streams.Topology topology;
    final Topics topics;
    final TestInputTopic<String, TouchpointEvent> touchpoints;
    final TestInputTopic<byte[], byte[]> rawTouchpoints;
    /** What the processors and handlers recorded (careerstream_* metrics). */
    final CareerMetrics metrics = CareerMetrics.inMemory();
    private final String scope = "ttd-" + UUID.randomUUID();
    private final String registryUrl = "mock://" + scope;

    /** {@code settings} are added to a minimal configuration (bootstrap servers, registry, state dir). */
    TopologyFixture(Path stateDir, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        all.put(RegistrySettings.URL, registryUrl);
        all.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        CareerstreamConfig config = new CareerstreamConfig(all);
        java.util.Properties properties = config.streamsProperties();
        properties.put(CareerMetrics.CONFIG_KEY, metrics);
        topology = CareerTopology.build(config, config.map().compile(), metrics);
        driver = new TopologyTestDriver(topology, properties);
        topics = config.pipeline().topics();
        touchpoints = input(topics.touchpoints(), TouchpointEvent.class);
        rawTouchpoints = driver.createInputTopic(topics.touchpoints(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    <T extends SpecificRecord> TestInputTopic<String, T> input(String topic, Class<T> type) {
        return driver.createInputTopic(topic, new StringSerializer(), SpecificAvroSerde.forValues(type, registryUrl).serializer());
    }

    <T extends SpecificRecord> TestOutputTopic<String, T> output(String topic, Class<T> type) {
        return driver.createOutputTopic(topic, new StringDeserializer(), SpecificAvroSerde.forValues(type, registryUrl).deserializer());
    }

    /** Decodes a value written in the wire format with this fixture's registry (e.g. a dead letter's original bytes). */
    <T extends SpecificRecord> T decode(String topic, Class<T> type, byte[] bytes) {
        return SpecificAvroSerde.forValues(type, registryUrl).deserializer().deserialize(topic, bytes);
    }

    /** Sends a touchpoint keyed by its customer, at its event time. */
    void send(TouchpointEvent event) {
        touchpoints.pipeInput(event.getCustomerId(), event, event.getOccurredAt());
    }

    /** Moves stream time to {@code at} and settles what is due up to then. */
    void tick(Instant at) {
        Headers headers = new RecordHeaders().add(TickProtocol.TICK_HEADER, "1".getBytes(StandardCharsets.UTF_8));
        rawTouchpoints.pipeInput(new TestRecord<>(null, null, headers, at));
    }

    @Override
    public void close() {
        driver.close();
        InMemorySchemaRegistry.drop(scope);
    }
}
