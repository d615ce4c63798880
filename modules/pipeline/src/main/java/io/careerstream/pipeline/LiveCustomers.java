package io.careerstream.pipeline;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.domain.AliveCurve;
import io.careerstream.domain.CareerFigures;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.pipeline.career.ModelParametersLoader;
import io.careerstream.pipeline.rfm.RfmSketchesLoader;
import io.careerstream.domain.map.CareerExplanation;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.pipeline.config.CareerRules;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.Topics;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the customers this instance holds from the running pipeline's stores, and tells what the
 * career map and the churn model make of them, exactly as the processor would: the same map, the
 * same policies, and the model parameters in force (the published ones from the global store,
 * else the configured ones) and the RFM boundaries in force. For the HTTP API; it never writes.
 */
public final class LiveCustomers {

    private final KafkaStreams streams;
    private final ChurnModelParameters configuredParameters;
    private final CustomerCareer career;
    private ChurnModelParameters parametersInForce;
    private RfmBoundaries rfmInForce = RfmBoundaries.NONE;

    public LiveCustomers(KafkaStreams streams, CareerstreamConfig config, CareerMap careerMap) {
        this.streams = streams;
        CareerRules rules = CareerRules.of(config, careerMap);
        this.configuredParameters = rules.configuredParameters();
        this.parametersInForce = configuredParameters;
        this.career = rules.career(() -> parametersInForce, () -> rfmInForce);
    }

    /**
     * The customer's stored state, if this instance holds it.
     *
     * @param partition the customer's partition when known (from the key's query metadata): then the
     *                  answer comes from that partition's task alone, and "not there" can only mean
     *                  no such customer. Without it the store of every task running here is asked,
     *                  and during a rebalance a task just assigned may not be among them yet.
     * @throws InvalidStateStoreException while the store is not queryable (restoring, rebalancing)
     */
    public Optional<CustomerState> state(String customerId, OptionalInt partition) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, CustomerState>> query = StoreQueryParameters.fromNameAndType(
                CareerTopology.CUSTOMER_STATE_STORE, QueryableStoreTypes.keyValueStore());
        if (partition.isPresent()) {
            query = query.withPartition(partition.getAsInt());
        }
        return Optional.ofNullable(streams.store(query).get(customerId));
    }

    /** As {@link #state(String, OptionalInt)}, asking every task running here. */
    public Optional<CustomerState> state(String customerId) {
        return state(customerId, OptionalInt.empty());
    }

    /** The figures the customer's profile was published with (P(alive), expectations, do-not-contact reasons). */
    public synchronized CareerFigures figures(CustomerState state) {
        refreshParameters();
        return career.figures(state);
    }

    /** Why the map gives this customer its stage and track, at {@code at} (epoch millis). */
    public synchronized CareerExplanation explain(CustomerState state, long at) {
        refreshParameters();
        return career.explain(state, at);
    }

    /** The churn model's P(alive) from the last purchase forward, "now" at {@code now}; null for a non-buyer. */
    public synchronized AliveCurve aliveCurve(CustomerState state, long now) {
        refreshParameters();
        return AliveCurve.of(career.churnMaths(), state, now);
    }

    private void refreshParameters() {
        ReadOnlyKeyValueStore<String, byte[]> published = streams.store(StoreQueryParameters.fromNameAndType(
                CareerTopology.MODEL_PARAMETERS_STORE, QueryableStoreTypes.keyValueStore()));
        byte[] bytes = published.get(Topics.DEFAULT_PARAMETERS_KEY);
        parametersInForce = bytes == null ? configuredParameters : ModelParametersLoader.decode(bytes);
        ReadOnlyKeyValueStore<String, byte[]> sketches = streams.store(StoreQueryParameters.fromNameAndType(
                CareerTopology.RFM_SKETCHES_STORE, QueryableStoreTypes.keyValueStore()));
        rfmInForce = RfmSketchesLoader.decode(sketches.get(RfmSketchesLoader.BOUNDARIES_KEY));
    }
}
