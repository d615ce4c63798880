package io.careerstream.benchmark;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.topics.Topic;
import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least a per-customer stateful topology does for each event: read the customer's state from a
 * changelogged RocksDB store, write it back (one changelog record) and write one output record. The
 * pipeline cannot do less per touchpoint (it keeps a state and publishes a profile), so pipeline /
 * floor is our own cost, and floor / pass-through what keeping state at all costs on this broker.
 * Same source, timestamp extractor and serdes as the pass-through; the state is a 48-byte value,
 * about a customer state's encoded size.
 */
final class StatefulFloorTopology {

    static final String STORE = "floor-state";

    private StatefulFloorTopology() {
    }

    static Topology build(CareerstreamConfig config, String output) {
        return build(new Topology(), config, output);
    }

    /** The floor added to {@code topology}, an empty one (see {@code CareerTopology#build(Topology, ...)}). */
    static Topology build(Topology topology, CareerstreamConfig config, String output) {
        Topic<String, TouchpointEvent> touchpoints = config.careerTopics().touchpoints();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, "source", new TouchpointTimestampExtractor(config.pipeline().maxFutureSkewMs()),
                touchpoints.keyDeserializer(), touchpoints.valueDeserializer(), touchpoints.name());
        topology.addProcessor("keep-state", KeepState::new, "source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()), "keep-state");
        topology.addSink("sink", output, touchpoints.keySerializer(), touchpoints.valueSerializer(), "keep-state");
        return topology;
    }

    /** Counts each customer's events in a 48-byte state and passes every event on. */
    private static final class KeepState extends ContextualProcessor<String, TouchpointEvent, String, TouchpointEvent> {
        private KeyValueStore<String, byte[]> states;

        @Override
        public void init(ProcessorContext<String, TouchpointEvent> context) {
            super.init(context);
            states = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, TouchpointEvent> record) {
            if (record.key() == null) {
                return; // a tick
            }
            countEvent(states, record.key(), 48);
            context().forward(record);
        }
    }

    /**
     * The floors' state work for one event: reads the customer's state, counts the event in it and
     * writes it back padded to {@code stateBytes}; returns the events counted before this one.
     */
    static long countEvent(KeyValueStore<String, byte[]> states, String customerId, int stateBytes) {
        byte[] prior = states.get(customerId);
        long events = prior == null ? 0 : ByteBuffer.wrap(prior).getLong();
        states.put(customerId, ByteBuffer.allocate(stateBytes).putLong(events + 1).array());
        return events;
    }
}
