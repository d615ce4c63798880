package io.careerstream.benchmark;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.topics.Topic;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least any topology keeping the pipeline's contracts does per touchpoint, with none of its
 * computing: the stateful floor's read and write of a changelogged state, but a state the size of a
 * customer state; a profile-sized record to a compacted profiles topic for every touchpoint (the
 * contract publishes the profile after every change, and every in-order touchpoint moves
 * {@code lastTouchpointAt}); and a transition-sized record on each customer's first touchpoint.
 *
 * <p>It does less than the contracts ask, never more, so its rate bounds from above what any
 * implementation of them reaches on this broker: no Avro encoding (the values are bytes made once),
 * no transitions but a customer's first (the pipeline publishes more: first purchases after other
 * touchpoints, silence settled by time), no alerts, no counters, no timers. Pipeline / contract floor
 * is then what our code costs; contract floor / stateful floor what the contracts cost.
 *
 * <p>Sizes are the pipeline's own means at the default workload (docs/benchmarks.md, "Where the
 * time goes"): profile 129 B, transition 159 B, customer state 94 B; the benchmark's per-event table
 * prints both topologies' bytes side by side, so a drift shows.
 */
final class ContractFloorTopology {

    static final String STORE = "contract-floor-state";
    static final int STATE_BYTES = 94;
    static final int PROFILE_BYTES = 129;
    static final int TRANSITION_BYTES = 159;

    private ContractFloorTopology() {
    }

    /** The contract floor added to {@code topology}, an empty one. */
    static Topology build(Topology topology, CareerstreamConfig config, String profiles, String transitions) {
        Topic<String, TouchpointEvent> touchpoints = config.careerTopics().touchpoints();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, "source", new TouchpointTimestampExtractor(config.pipeline().maxFutureSkewMs()),
                touchpoints.keyDeserializer(), touchpoints.valueDeserializer(), touchpoints.name());
        topology.addProcessor("publish", Publish::new, "source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()), "publish");
        topology.addSink("profiles", profiles, new StringSerializer(), new ByteArraySerializer(), "publish");
        topology.addSink("transitions", transitions, new StringSerializer(), new ByteArraySerializer(), "publish");
        return topology;
    }

    /** Counts each customer's events in its state; publishes a profile, and a transition on the first. */
    private static final class Publish extends ContextualProcessor<String, TouchpointEvent, String, byte[]> {
        // Made once: the broker stores bytes it is given, and no compression is set, so their content
        // costs nothing; what matters is how many and how large.
        private final byte[] profile = filled(PROFILE_BYTES);
        private final byte[] transition = filled(TRANSITION_BYTES);
        private KeyValueStore<String, byte[]> states;

        @Override
        public void init(ProcessorContext<String, byte[]> context) {
            super.init(context);
            states = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, TouchpointEvent> record) {
            if (record.key() == null) {
                return; // a tick
            }
            byte[] prior = states.get(record.key());
            long events = prior == null ? 0 : ByteBuffer.wrap(prior).getLong();
            states.put(record.key(), ByteBuffer.allocate(STATE_BYTES).putLong(events + 1).array());
            if (prior == null) {
                context().forward(record.withValue(transition), "transitions");
            }
            context().forward(record.withValue(profile), "profiles");
        }

        private static byte[] filled(int size) {
            byte[] bytes = new byte[size];
            Arrays.fill(bytes, (byte) 'x');
            return bytes;
        }
    }
}
