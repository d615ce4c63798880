package io.careerstream.pipeline.career;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.Topics;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.pipeline.ingest.TouchpointValidator;
import io.careerstream.serde.SpecificAvroSerde;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole pipeline in one place:
 *
 * <pre>
 * touchpoints ─▶ validate-touchpoints ─▶ customer-career ─┬▶ customer-stage-transitions
 *   (bad input ─▶ touchpoints-dlq)        │ customer-state ├▶ churn-alerts
 *                                          │ churn-timer-index └▶ customer-profiles
 *                                          └ punctuator: settle due silence checks
 * model-parameters ─▶ global store (read by customer-career: current churn model parameters)
 * </pre>
 */
public final class CareerTopology {

    public static final String SOURCE = "touchpoints-source";
    public static final String VALIDATOR = "validate-touchpoints";
    public static final String CAREER = "customer-career";
    public static final String TRANSITIONS_SINK = "transitions-sink";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String PROFILES_SINK = "profiles-sink";
    public static final String CUSTOMER_STATE_STORE = "customer-state";
    public static final String CHURN_TIMER_STORE = "churn-timer-index";
    public static final String MODEL_PARAMETERS_STORE = "model-parameters";
    public static final String MODEL_PARAMETERS_SOURCE = "model-parameters-source";
    public static final String MODEL_PARAMETERS_LOADER = "model-parameters-loader";
    /** Key of the parameter set that applies to every customer. */
    public static final String DEFAULT_PARAMETERS_KEY = "default";

    private CareerTopology() {
    }

    public static Topology build(CareerstreamConfig config) {
        Topics topics = config.topics();
        Map<String, Object> serdeConfig = config.serdeConfig();
        Serde<TouchpointEvent> touchpointSerde = avro(TouchpointEvent.class, serdeConfig);
        PunctuationType punctuation = config.punctuationType() == CareerstreamConfig.PunctuationType.WALL_CLOCK
                ? PunctuationType.WALL_CLOCK_TIME : PunctuationType.STREAM_TIME;

        Topology topology = new Topology();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, SOURCE,
                new TouchpointTimestampExtractor(config.maxFutureSkewMs()),
                Serdes.String().deserializer(), touchpointSerde.deserializer(), topics.touchpoints());
        topology.addProcessor(VALIDATOR, () -> new TouchpointValidator(config.maxFutureSkewMs()), SOURCE);
        topology.addProcessor(CAREER, () -> new CustomerCareerProcessor(config.lifecyclePolicy(), config.silencePolicy(),
                config.modelParameters(), config.careerMap(), config.lookAhead(), punctuation, config.punctuationInterval()),
                VALIDATOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMER_STATE_STORE),
                Serdes.String(), new CustomerStateSerde()), CAREER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHURN_TIMER_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), CAREER);
        // Every instance holds all model parameters (a global store): they are few and shared. The
        // values are read as bytes and decoded by the loader: a record that fails to decode on the
        // global thread would otherwise stop the whole instance, at every restart (a poison pill in
        // a compacted topic), since the dead-letter handlers do not run there.
        Serde<ModelParameters> parametersSerde = avro(ModelParameters.class, serdeConfig);
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_PARAMETERS_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                MODEL_PARAMETERS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                topics.modelParameters(), MODEL_PARAMETERS_LOADER,
                () -> new ModelParametersLoader(topics.modelParameters(), parametersSerde.deserializer()));
        topology.addSink(TRANSITIONS_SINK, topics.transitions(), Serdes.String().serializer(),
                recordSerializer(avro(StageTransition.class, serdeConfig)), CAREER);
        topology.addSink(ALERTS_SINK, topics.alerts(), Serdes.String().serializer(),
                recordSerializer(avro(ChurnAlert.class, serdeConfig)), CAREER);
        topology.addSink(PROFILES_SINK, topics.profiles(), Serdes.String().serializer(),
                recordSerializer(avro(CustomerProfile.class, serdeConfig)), CAREER);
        return topology;
    }

    private static <T extends SpecificRecord> Serde<T> avro(Class<T> type, Map<String, Object> serdeConfig) {
        SpecificAvroSerde<T> serde = new SpecificAvroSerde<>(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

    /** The career processor forwards SpecificRecord; each sink knows the concrete type it receives. */
    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Serializer<SpecificRecord> recordSerializer(Serde<T> serde) {
        Serializer<T> serializer = serde.serializer();
        return (topic, data) -> serializer.serialize(topic, (T) data);
    }
}
