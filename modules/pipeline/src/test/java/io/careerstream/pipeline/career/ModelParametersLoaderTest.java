package io.careerstream.pipeline.career;

import io.careerstream.registry.RegistrySettings;
import io.careerstream.topics.Topics;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.registry.InMemorySchemaRegistry;
import io.careerstream.serde.SpecificAvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The global model-parameters store's loader, record by record, with its store and metrics. */
class ModelParametersLoaderTest {

    private static final String STORE = "model-parameters";

    private static final String TOPIC = "model-parameters";
    private static final String KEY = Topics.DEFAULT_PARAMETERS_KEY;
    /** Seven different values, so that a parameter stored in the wrong place shows. */
    private static final ChurnModelParameters FIRST = new ChurnModelParameters(0.5, 6.0, 0.9, 1.6, 6.25, 3.75, 15.5);
    private static final ChurnModelParameters SECOND = new ChurnModelParameters(1.25, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5);

    private final String registryScope = "model-parameters-loader-test-" + UUID.randomUUID();
    private Serializer<ModelParameters> serializer;
    private MockProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;
    private ModelParametersLoader loader;

    @BeforeEach
    void setUp() {
        SpecificAvroSerde<ModelParameters> serde = SpecificAvroSerde.forValues(ModelParameters.class,
                "mock://" + registryScope);
        serializer = serde.serializer();
        context = new MockProcessorContext<>();
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        loader = new ModelParametersLoader(STORE, TOPIC, serde.deserializer());
        loader.init(context);
    }

    @AfterEach
    void tearDown() {
        loader.close();
        store.close();
        InMemorySchemaRegistry.drop(registryScope);
    }

    @Test
    void aRecordThatCannotBeReadBecauseTheRegistryIsDownStopsTheLoaderInsteadOfBeingSkipped() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        var unreachable = SpecificAvroSerde.forValues(ModelParameters.class, Map.of(
                RegistrySettings.URL, "http://127.0.0.1:" + closed, "schema.registry.max.retries", 0));
        ModelParametersLoader registryDown = new ModelParametersLoader(STORE, TOPIC, unreachable.deserializer());
        registryDown.init(context);
        loader.process(record(KEY, bytes(FIRST)));

        assertThatThrownBy(() -> registryDown.process(record(KEY, withSchemaId(bytes(SECOND), 4242))))
                .hasCauseInstanceOf(io.careerstream.registry.SchemaRegistryException.Unavailable.class);
        assertThat(ModelParametersLoader.decode(store.get(KEY))).isEqualTo(FIRST);
        assertThat(rejected()).isZero();
    }

    @Test
    void aValidRecordPutsTheSevenParametersAsPlainDoublesAndTheRegularityAsAnInt() {
        loader.process(record(KEY, bytes(FIRST)));

        byte[] stored = store.get(KEY);
        assertThat(stored).hasSize(7 * Double.BYTES + 2 * Integer.BYTES);
        ByteBuffer in = ByteBuffer.wrap(stored);
        double[] doubles = new double[7];
        Arrays.setAll(doubles, i -> in.getDouble());
        assertThat(doubles).containsExactly(0.5, 6.0, 0.9, 1.6, 6.25, 3.75, 15.5);
        assertThat(in.getInt()).isEqualTo(1);
        assertThat(in.getInt()).as("no mixture weights").isZero();
        assertThat(ModelParametersLoader.decode(stored)).isEqualTo(FIRST);
        assertThat(rejected()).isZero();
    }

    @Test
    void aRegularityAboveOneTravelsToTheStoreAndSevenNumbersStoredBeforeItStillReadAsMbgNbd() {
        ChurnModelParameters regular = new ChurnModelParameters(0.5, 6.0, 0.9, 1.6, 6.25, 3.75, 15.5, 3);
        loader.process(record(KEY, bytes(regular)));

        assertThat(ModelParametersLoader.decode(store.get(KEY))).isEqualTo(regular);
        assertThat(ModelParametersLoader.decode(store.get(KEY)).purchaseModel().name()).isEqualTo("MBG/CNBD-3");
        byte[] older = ByteBuffer.allocate(7 * Double.BYTES).putDouble(0.5).putDouble(6.0).putDouble(0.9).putDouble(1.6)
                .putDouble(6.25).putDouble(3.75).putDouble(15.5).array();
        assertThat(ModelParametersLoader.decode(older)).isEqualTo(FIRST);
    }

    @Test
    void mixtureWeightsTravelToTheStoreAndTheFormStoredWithKButNoWeightsStillReads() {
        ChurnModelParameters mixture = ChurnModelParameters.mixture(0.5, 6.0, 0.9, 1.6, 6.25, 3.75, 15.5,
                List.of(0.5, 0.1, 0.1, 0.25, 0.05));
        loader.process(record(KEY, bytes(mixture)));

        assertThat(ModelParametersLoader.decode(store.get(KEY))).isEqualTo(mixture);
        assertThat(ModelParametersLoader.decode(store.get(KEY)).purchaseModel().name()).isEqualTo("MBG/CNBD-mix");
        byte[] withK = ByteBuffer.allocate(7 * Double.BYTES + Integer.BYTES).putDouble(0.5).putDouble(6.0).putDouble(0.9)
                .putDouble(1.6).putDouble(6.25).putDouble(3.75).putDouble(15.5).putInt(3).array();
        assertThat(ModelParametersLoader.decode(withK)).isEqualTo(new ChurnModelParameters(0.5, 6.0, 0.9, 1.6, 6.25, 3.75, 15.5, 3));

        ModelParameters badWeights = ChurnModelContracts.toContract(mixture, Instant.parse("2027-03-01T00:00:00Z"), 10, -1);
        badWeights.getRegularityWeights().get(0).setWeight(-1.0);
        loader.process(record(KEY, bytes(badWeights)));
        assertThat(rejected()).isEqualTo(1.0);
        assertThat(ModelParametersLoader.decode(store.get(KEY))).as("the previous parameters stay in force").isEqualTo(mixture);
    }

    @Test
    void aNewerValidRecordReplacesTheParametersInForce() {
        loader.process(record(KEY, bytes(FIRST)));
        loader.process(record(KEY, bytes(SECOND)));

        assertThat(ModelParametersLoader.decode(store.get(KEY))).isEqualTo(SECOND);
    }

    @Test
    void eachKeyHoldsItsOwnParameters() {
        loader.process(record(KEY, bytes(FIRST)));
        loader.process(record("experiment", bytes(SECOND)));

        assertThat(ModelParametersLoader.decode(store.get(KEY))).isEqualTo(FIRST);
        assertThat(ModelParametersLoader.decode(store.get("experiment"))).isEqualTo(SECOND);
    }

    @Test
    void aNullValueDeletesTheParametersOfItsKeyAndIsNotARejection() {
        loader.process(record(KEY, bytes(FIRST)));
        loader.process(record("experiment", bytes(SECOND)));

        loader.process(record(KEY, null));

        assertThat(store.get(KEY)).isNull();
        assertThat(store.get("experiment")).isNotNull();
        assertThat(rejected()).isZero();
    }

    static Stream<Arguments> rejectedRecords() {
        return Stream.of(
                rejection("a record without a key", t -> record(null, t.bytes(SECOND))),
                rejection("a tombstone without a key", t -> record(null, null)),
                rejection("bytes that are not in the wire format", t -> record(KEY, "r=1.0".getBytes(StandardCharsets.UTF_8))),
                rejection("an empty value", t -> record(KEY, new byte[0])),
                rejection("a schema id the registry does not know", t -> record(KEY, withSchemaId(t.bytes(SECOND), 4711))),
                rejection("a truncated record", t -> record(KEY, Arrays.copyOf(t.bytes(SECOND), 20))),
                rejection("trailing bytes after the record", t -> record(KEY, Arrays.copyOf(t.bytes(SECOND), t.bytes(SECOND).length + 3))),
                rejection("a negative r", t -> record(KEY, t.bytes(avro(-1.25, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5)))),
                rejection("a zero alpha", t -> record(KEY, t.bytes(avro(1.25, 0, 3.5, 4.5, 5.5, 6.5, 7.5)))),
                rejection("a NaN b", t -> record(KEY, t.bytes(avro(1.25, 2.5, 3.5, Double.NaN, 5.5, 6.5, 7.5)))),
                rejection("an infinite gamma", t -> record(KEY, t.bytes(avro(1.25, 2.5, 3.5, 4.5, 5.5, 6.5,
                        Double.POSITIVE_INFINITY)))),
                rejection("a Gamma-Gamma q of 1 (infinite expected spend)", t -> record(KEY, t.bytes(avro(1.25, 2.5, 3.5, 4.5, 5.5,
                        1.0, 7.5)))));
    }

    @ParameterizedTest(name = "{0} is skipped")
    @MethodSource("rejectedRecords")
    void aRecordThatCannotBeUsedIsSkippedCountedAndLeavesThePreviousParametersInForce(String what,
            Function<ModelParametersLoaderTest, Record<String, byte[]>> bad) {
        loader.process(record(KEY, bytes(FIRST)));
        byte[] before = store.get(KEY);

        loader.process(bad.apply(this));

        assertThat(store.get(KEY)).isEqualTo(before);
        assertThat(ModelParametersLoader.decode(store.get(KEY))).isEqualTo(FIRST);
        assertThat(store.approximateNumEntries()).isEqualTo(1);
        assertThat(rejected()).isEqualTo(1.0);
    }

    @Test
    void rejectionsAreCountedCumulativelyAndAValidRecordAfterThemIsStillTaken() {
        loader.process(record(null, bytes(FIRST)));
        loader.process(record(KEY, new byte[] {1, 2, 3}));
        loader.process(record(KEY, bytes(avro(-1, 2, 3, 4, 5, 6, 7))));

        assertThat(store.get(KEY)).isNull();
        assertThat(rejected()).isEqualTo(3.0);

        loader.process(record(KEY, bytes(SECOND)));

        assertThat(ModelParametersLoader.decode(store.get(KEY))).isEqualTo(SECOND);
        assertThat(rejected()).isEqualTo(3.0);
    }

    /** {@code model-parameters-rejected-total} as the loader registered it in the context's metrics. */
    private double rejected() {
        Metric metric = context.metrics().metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("model-parameters-rejected-total")
                        && e.getKey().group().equals("careerstream-model-parameters"))
                .map(java.util.Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("metric model-parameters-rejected-total is not registered"));
        return (Double) metric.metricValue();
    }

    private byte[] bytes(ChurnModelParameters p) {
        return bytes(ChurnModelContracts.toContract(p, Instant.parse("2027-03-01T00:00:00Z"), 23_570, -9_582.4));
    }

    private byte[] bytes(ModelParameters parameters) {
        return serializer.serialize(TOPIC, parameters);
    }

    private static ModelParameters avro(double r, double alpha, double a, double b, double p, double q, double gamma) {
        return ModelParameters.newBuilder().setModel("MBG/NBD").setR(r).setAlpha(alpha).setA(a).setB(b).setP(p)
                .setQ(q).setGamma(gamma).setFittedAt(Instant.parse("2027-03-01T00:00:00Z")).setCustomers(23_570)
                .setLogLikelihood(-9_582.4).build();
    }

    /** The same record in the wire format, naming another schema id (magic byte, then 4 bytes of id). */
    private static byte[] withSchemaId(byte[] wire, int schemaId) {
        byte[] copy = wire.clone();
        ByteBuffer.wrap(copy, 1, 4).putInt(schemaId);
        return copy;
    }

    private static Record<String, byte[]> record(String key, byte[] value) {
        return new Record<>(key, value, Instant.parse("2027-03-01T12:00:00Z").toEpochMilli());
    }

    private static Arguments rejection(String what, Function<ModelParametersLoaderTest, Record<String, byte[]>> bad) {
        return Arguments.of(what, bad);
    }
}
