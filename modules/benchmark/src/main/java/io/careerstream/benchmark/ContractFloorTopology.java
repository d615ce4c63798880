package io.careerstream.benchmark;

import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The least any topology keeping the pipeline's contracts does per touchpoint, with none of its
 * computing: the stateful floor's read and write of a changelogged state, but a state nearly the size
 * of a customer state; a profile to a compacted profiles topic for every touchpoint (the contract
 * publishes the profile after every change, and every in-order touchpoint moves
 * {@code lastTouchpointAt}); and a transition on each customer's first touchpoint. Both are real
 * contract records, Avro-encoded by the topics' own serializers in the Confluent wire format, as
 * the contracts require; they are built once, so building them per event is not counted.
 *
 * <p>It does less than the contracts ask, never more, so its rate bounds from above what any
 * implementation of them reaches on this broker: no transitions but a customer's first (the
 * pipeline publishes more: first purchases after other touchpoints, silence settled by time), no
 * alerts, no career map, no counters, no timers. Pipeline / contract floor is then what our code
 * costs; contract floor / stateful floor what the contracts cost.
 *
 * <p>The records are shaped like a new customer's after a first purchase, a little smaller than the
 * pipeline's mean records at the default workload (about 113 B a profile and 144 B a transition
 * encoded, 129 B and 161 B as sent with key and framing; docs/benchmarks.md, "Where the time goes"),
 * and so is the state ({@link #STATE_BYTES}). The benchmark's per-event table prints both
 * topologies' bytes side by side, so a drift shows.
 */
final class ContractFloorTopology {

    static final String STORE = "contract-floor-state";
    /** Below the pipeline's mean customer state as written (about 85 B: 103 B a changelog record as sent, key and framing included). */
    static final int STATE_BYTES = 80;

    private ContractFloorTopology() {
    }

    /** The contract floor added to {@code topology}, an empty one. */
    static Topology build(Topology topology, CareerstreamConfig config, String profiles, String transitions) {
        CareerTopics topics = config.careerTopics();
        Topic<String, TouchpointEvent> touchpoints = topics.touchpoints();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, "source", new TouchpointTimestampExtractor(config.pipeline().maxFutureSkewMs()),
                touchpoints.keyDeserializer(), touchpoints.valueDeserializer(), touchpoints.name());
        topology.addProcessor("publish", Publish::new, "source");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(),
                Serdes.ByteArray()), "publish");
        topology.addSink("profiles", profiles, topics.profiles().keySerializer(),
                topics.profiles().valueSerializerFor(SpecificRecord.class), "publish");
        topology.addSink("transitions", transitions, topics.transitions().keySerializer(),
                topics.transitions().valueSerializerFor(SpecificRecord.class), "publish");
        return topology;
    }

    /** A new customer's profile after a first purchase. */
    static CustomerProfile sampleProfile() {
        Instant at = Instant.parse("2025-03-14T10:15:30Z");
        return CustomerProfile.newBuilder().setCustomerId("C0123456").setStage("NEW").setStageSince(at)
                .setFirstPurchaseAt(at).setLastPurchaseAt(at).setLastTouchpointAt(at).setPurchaseDays(1).setPurchases(1)
                .setTotalSpendMinor(10_250).setExpectedIntervalDays(41.5).setNextCheckAt(at.plus(Duration.ofDays(83)))
                .setInquiries(0).setOpenComplaints(0).setEmailOpens(0).setEmailClicks(0).setPositiveMentions(0)
                .setNegativeMentions(0).setReferrals(0).setUnsubscribed(false).setSpamReported(false)
                .setProbabilityAlive(1.0).setReportingCurrency("USD").setMapVersion("3f9a2c7e41d0").build();
    }

    /** The transition of that first purchase. */
    static StageTransition sampleTransition() {
        return StageTransition.newBuilder().setCustomerId("C0123456").setFrom("PROSPECT").setTo("NEW")
                .setAt(Instant.parse("2025-03-14T10:15:30Z")).setRule("first-purchase")
                .setEvidence(Map.of("purchaseDays", "1"))
                .setTriggeringEventId("bench-42-1234567").setSuggestedAction("WELCOME").setDimension("STAGE")
                .setMapVersion("3f9a2c7e41d0").setTransitionId("7d1e0c5a9b3f2e64").build();
    }

    /** Counts each customer's events in its state; publishes a profile, and a transition on the first. */
    private static final class Publish extends ContextualProcessor<String, TouchpointEvent, String, SpecificRecord> {
        private final CustomerProfile profile = sampleProfile();
        private final StageTransition transition = sampleTransition();
        private KeyValueStore<String, byte[]> states;

        @Override
        public void init(ProcessorContext<String, SpecificRecord> context) {
            super.init(context);
            states = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, TouchpointEvent> record) {
            if (record.key() == null) {
                return; // a tick
            }
            if (StatefulFloorTopology.countEvent(states, record.key(), STATE_BYTES) == 0) {
                context().forward(record.withValue((SpecificRecord) transition), "transitions");
            }
            context().forward(record.withValue((SpecificRecord) profile), "profiles");
        }
    }
}
