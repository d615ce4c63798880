package io.careerstream.pipeline;

import io.careerstream.contracts.RfmSketches;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.pipeline.career.CareerFlows;
import io.careerstream.pipeline.career.CustomerCareerProcessor;
import io.careerstream.pipeline.career.CustomerEraser;
import io.careerstream.pipeline.career.CustomerStateSerde;
import io.careerstream.pipeline.career.ModelParametersLoader;
import io.careerstream.pipeline.config.CareerRules;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.identity.IdentityResolver;
import io.careerstream.pipeline.identity.StreamTimeNeutralExtractor;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.pipeline.ingest.TouchpointValidator;
import io.careerstream.pipeline.lift.CampaignLift;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.pipeline.rfm.RfmSketchPublisher;
import io.careerstream.pipeline.rfm.RfmSketchesLoader;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topic;
import io.careerstream.topics.Topics;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The whole pipeline in one place:
 *
 * <pre>
 * touchpoints ─▶ validate-touchpoints ──(customerId)──────────────▶ customer-career ─┬▶ customer-stage-transitions
 *   (bad input ─▶ touchpoints-dlq)   │                              ▲ customer-state  ├▶ churn-alerts
 *                                    │                              │ churn-timer-index└▶ customer-profiles
 *                                    │                              │ └ punctuator: settle due silence checks
 *                                    └(alias)▶ resolve-identity ─▶ touchpoints-resolved ─▶ validate-resolved
 * identity-links ───────────────────────────▲  │ identity-links-store   (keyed by customerId)
 *   ▲ (an erased customer's links: tombstones) │ identity-pending ─(expired, evicted)▶ touchpoints-dlq
 *   └──────────────────────────────────────────┤ identity-customer-aliases, identity-alias-clocks
 * erasure-requests ─▶ erase-customer (same stores: state, timer, counts deleted) ─▶ customer-profiles (tombstone)
 *   ▲ └(copies marked ErasureFanOut)────────────▶ resolve-identity (the customer's links deleted)
 *   └── erase-customer: a copy of the request to every partition
 * model-parameters ─▶ global store (read by customer-career: current churn model parameters)
 * validate-touchpoints ─▶ publish-rfm-sketches (reads customer-state; on a schedule and at ticks) ─▶ rfm-sketches
 * rfm-sketches ─▶ global store (every task's sketches merged: the RFM quintile boundaries customer-career scores against)
 * customer-career (applied purchases and campaign touchpoints, opened alerts) and erasure-requests ─▶ measure-lift
 *   (lift-exposures, lift-expiry, lift-counts: each campaign arm's customers, purchases and spend in the window)
 * </pre>
 *
 * <p>Ticks go from validate-touchpoints to both customer-career and resolve-identity. Every source
 * but model-parameters is in one sub-topology: touchpoints and identity-links are keyed by alias
 * for aliased touchpoints and touchpoints-resolved by customer id, and all three have the same
 * partition count ({@code Topics.specs}), so task N reads partition N of each: an alias's link
 * meets its touchpoints, and a resolved touchpoint meets its customer's state.
 *
 * Node, store and sink names are decided here and handed down to the processors.
 */
public final class CareerTopology {

    public static final String SOURCE = "touchpoints-source";
    public static final String VALIDATOR = "validate-touchpoints";
    public static final String CAREER = "customer-career";
    public static final String TRANSITIONS_SINK = "transitions-sink";
    public static final String ALERTS_SINK = "alerts-sink";
    public static final String PROFILES_SINK = "profiles-sink";
    public static final String ERASURE_SOURCE = "erasure-requests-source";
    public static final String ERASER = "erase-customer";
    /** The eraser's copy of a request, to every partition, for the identity resolvers (ErasureFanOut). */
    public static final String ERASURE_FAN_OUT_SINK = "erasure-fan-out-sink";
    /** Tombstones of an erased customer's identity links. */
    public static final String LINKS_TOMBSTONE_SINK = "identity-links-tombstone-sink";
    public static final String CUSTOMER_STATE_STORE = "customer-state";
    public static final String CHURN_TIMER_STORE = "churn-timer-index";
    /** Customers per stage and per track, kept from the changes (see CareerCounts). */
    public static final String CAREER_COUNTS_STORE = "career-counts";
    public static final String MODEL_PARAMETERS_STORE = "model-parameters";
    public static final String MODEL_PARAMETERS_SOURCE = "model-parameters-source";
    public static final String MODEL_PARAMETERS_LOADER = "model-parameters-loader";
    public static final String RFM_PUBLISHER = "publish-rfm-sketches";
    public static final String RFM_SINK = "rfm-sketches-sink";
    public static final String RFM_SKETCHES_STORE = "rfm-sketches";
    public static final String RFM_SKETCHES_SOURCE = "rfm-sketches-source";
    public static final String RFM_SKETCHES_LOADER = "rfm-sketches-loader";
    public static final String LINKS_SOURCE = "identity-links-source";
    public static final String RESOLVER = "resolve-identity";
    public static final String RESOLVED_SINK = "resolved-touchpoints-sink";
    public static final String RESOLVED_SOURCE = "resolved-touchpoints-source";
    public static final String RESOLVED_VALIDATOR = "validate-resolved";
    public static final String DEAD_LETTER_SINK = "unresolved-dlq-sink";
    public static final String PROGRESS_SINK = "resolution-progress-sink";
    public static final String CAREER_DEAD_LETTER_SINK = "held-dlq-sink";
    /** Touchpoints of customers with an alias, held until every path into the task has moved past them. */
    public static final String HELD_TOUCHPOINTS_STORE = "held-touchpoints";
    /** How far each touchpoints partition has resolved its aliases (their progress markers). */
    public static final String RESOLUTION_PROGRESS_STORE = "resolution-progress";
    /** The partitions a customer's aliases live in (their link notices). */
    public static final String ALIAS_PARTITIONS_STORE = "alias-partitions";
    /** Alias → customer id, from the identity-links topic. */
    public static final String IDENTITY_LINKS_STORE = "identity-links-store";
    /** Each alias's latest event time (its touchpoints' lateness is judged against it). */
    public static final String ALIAS_CLOCKS_STORE = "identity-alias-clocks";
    /** Aliased touchpoints waiting for their link (see PendingTouchpoints). */
    public static final String IDENTITY_PENDING_STORE = "identity-pending";
    /** Customer id → its aliases, the links read the other way round (see CustomerAliases). */
    public static final String CUSTOMER_ALIASES_STORE = "identity-customer-aliases";
    /** Lift measured in the stream (CampaignLift): exposures in their window, their expiry index, each arm's counts. */
    public static final String LIFT = "measure-lift";
    public static final String LIFT_EXPOSURES_STORE = "lift-exposures";
    public static final String LIFT_EXPIRY_STORE = "lift-expiry";
    public static final String LIFT_COUNTS_STORE = "lift-counts";
    private static final CampaignLift.Names LIFT_NAMES = new CampaignLift.Names(LIFT_EXPOSURES_STORE, LIFT_EXPIRY_STORE,
            LIFT_COUNTS_STORE);

    private static final CustomerCareerProcessor.Names CAREER_NAMES = new CustomerCareerProcessor.Names(
            CUSTOMER_STATE_STORE, CHURN_TIMER_STORE, CAREER_COUNTS_STORE, MODEL_PARAMETERS_STORE, RFM_SKETCHES_STORE,
            HELD_TOUCHPOINTS_STORE, RESOLUTION_PROGRESS_STORE, ALIAS_PARTITIONS_STORE, TRANSITIONS_SINK, ALERTS_SINK,
            PROFILES_SINK, CAREER_DEAD_LETTER_SINK, LIFT);

    private static final IdentityResolver.Names RESOLVER_NAMES = new IdentityResolver.Names(IDENTITY_LINKS_STORE,
            IDENTITY_PENDING_STORE, ALIAS_CLOCKS_STORE, CUSTOMER_ALIASES_STORE, RESOLVED_SINK, PROGRESS_SINK,
            DEAD_LETTER_SINK, LINKS_TOMBSTONE_SINK);

    private CareerTopology() {
    }

    /** The topology with the map the settings name, compiled here; metrics kept in memory (tests, tools). */
    public static Topology build(CareerstreamConfig config) {
        return build(config, config.map().compile(), CareerMetrics.inMemory());
    }

    /**
     * @param careerMap the career map, compiled once where the pipeline starts
     */
    public static Topology build(CareerstreamConfig config, CareerMap careerMap, CareerMetrics metrics) {
        return build(new Topology(), config, careerMap, metrics);
    }

    /**
     * The pipeline added to {@code topology}, an empty one: one made with a {@code TopologyConfig}
     * carries topology-level settings such as a processor wrapper (the benchmark counts store calls
     * with one).
     */
    public static Topology build(Topology topology, CareerstreamConfig config, CareerMap careerMap, CareerMetrics metrics) {
        CareerTopics topics = config.careerTopics();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, SOURCE,
                new TouchpointTimestampExtractor(config.pipeline().maxFutureSkewMs()),
                topics.touchpoints().keyDeserializer(), topics.touchpoints().valueDeserializer(), topics.touchpoints().name());
        topology.addProcessor(VALIDATOR, () -> new TouchpointValidator(config.pipeline().maxFutureSkewMs(),
                config.currency().money(), CAREER, RESOLVER), SOURCE);
        // Erasure requests are applied on arrival. Their timestamp is taken as 0: a request's time is
        // wall-clock time, which must not move the stream time that judges silence (a request stamped
        // today would otherwise settle every check of a replayed history at once), and the lowest
        // timestamp is taken first among a task's inputs, so a request does not wait behind a backlog.
        // Read by the eraser (the request) and by the identity resolver (the eraser's copies).
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, ERASURE_SOURCE, (record, partitionTime) -> 0L,
                Serdes.String().deserializer(), Serdes.String().deserializer(), config.pipeline().topics().erasureRequests());
        addIdentityResolution(topology, config, metrics);
        CareerRules rules = CareerRules.of(config, careerMap);
        topology.addProcessor(CAREER, () -> new CustomerCareerProcessor(CAREER_NAMES, rules,
                config.pipeline().punctuationClock().type(), config.pipeline().punctuationInterval(),
                config.map().rollOutRate(), topics.touchpoints(), metrics), VALIDATOR, RESOLVED_VALIDATOR);
        // Added after the career node: a tick reaches it second, so it sketches the states the tick settled.
        topology.addProcessor(RFM_PUBLISHER, () -> new RfmSketchPublisher(CUSTOMER_STATE_STORE, RFM_SINK,
                config.pipeline().punctuationClock().type(), config.pipeline().rfmRebuildInterval(), config.pipeline().rfmRebuildMaxTimeShare()), VALIDATOR);
        // Lift: what the career node applied and published, and erasures (docs/lift.md).
        topology.addProcessor(LIFT, () -> new CampaignLift(LIFT_NAMES, config.lift().window(),
                config.pipeline().arrivalPolicy().lateGrace(), config.currency().money(),
                config.pipeline().topics().erasureRequests(), config.pipeline().punctuationClock().type(),
                config.pipeline().punctuationInterval()), CAREER, ERASURE_SOURCE);
        CampaignLift.addStores(topology, LIFT_NAMES, LIFT);
        topology.addProcessor(ERASER, () -> new CustomerEraser(CAREER_NAMES, rules, ERASURE_FAN_OUT_SINK), ERASURE_SOURCE);
        Serializer<String> requestText = Serdes.String().serializer();
        topology.addSink(ERASURE_FAN_OUT_SINK, config.pipeline().topics().erasureRequests(),
                (topic, key) -> requestText.serialize(topic, (String) key), (topic, value) -> null,
                new EveryPartition(), ERASER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMER_STATE_STORE),
                Serdes.String(), new CustomerStateSerde()), CAREER, ERASER, RFM_PUBLISHER);
        // The timer index is derived from the customer states (each one's next check time), so it has
        // no changelog: the career node rebuilds it from the states whenever its task starts
        // (ChurnTimerIndex#rebuildFrom). That saves one to two changelog records per touchpoint, and
        // the index's keys (due time + customer id) never reach a topic an erasure must clean.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CHURN_TIMER_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled(), CAREER, ERASER);
        // The identity detour's ordering (ResolutionGate), changelogged and empty without aliases. The
        // held touchpoints (those between a customer's paths) and the partitions' progress are small
        // and short-lived: kept in memory, restored from their changelogs.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(HELD_TOUCHPOINTS_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), CAREER, ERASER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RESOLUTION_PROGRESS_STORE),
                Serdes.String(), Serdes.Long()), CAREER, ERASER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALIAS_PARTITIONS_STORE),
                Serdes.String(), Serdes.ByteArray()), CAREER, ERASER);
        Serializer<byte[]> deadLetterBytes = Serdes.ByteArray().serializer();
        topology.addSink(CAREER_DEAD_LETTER_SINK, topics.deadLetters().name(),
                (topic, key) -> deadLetterBytes.serialize(topic, (byte[]) key),
                (topic, value) -> deadLetterBytes.serialize(topic, (byte[]) value), CAREER);
        // A few hot counters changed by nearly every new customer: the record cache folds a commit
        // interval's changes of each counter into one changelog record.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CAREER_COUNTS_STORE),
                Serdes.String(), Serdes.Long()).withCachingEnabled(), CAREER, ERASER);
        // The console's flows (CareerFlows): counted as the outcomes are published. (Its P(alive)
        // distribution, PAliveDistribution, is counters in career-counts and a byte in the state.)
        topology.addStateStore(CareerFlows.storeBuilder(), CAREER, ERASER);
        // Every instance holds all model parameters (a global store): they are few and shared. The
        // values are read as bytes and decoded by the loader: a record that fails to decode on the
        // global thread would otherwise stop the whole instance, at every restart (a poison pill in
        // a compacted topic), since the dead-letter handlers do not run there.
        Topic<String, ?> parameters = topics.modelParameters();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_PARAMETERS_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                MODEL_PARAMETERS_SOURCE, parameters.keyDeserializer(), Serdes.ByteArray().deserializer(),
                parameters.name(), MODEL_PARAMETERS_LOADER,
                () -> new ModelParametersLoader(MODEL_PARAMETERS_STORE, parameters.name(),
                        topics.modelParameters().valueDeserializer()));
        // Every task's RFM sketches, read whole by every instance, like the model parameters and for
        // the same reasons read as bytes: a poison record is skipped and counted, never fatal.
        Topic<String, RfmSketches> sketches = topics.rfmSketches();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(RFM_SKETCHES_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                RFM_SKETCHES_SOURCE, sketches.keyDeserializer(), Serdes.ByteArray().deserializer(),
                sketches.name(), RFM_SKETCHES_LOADER,
                () -> new RfmSketchesLoader(RFM_SKETCHES_STORE, sketches.name(), sketches.valueDeserializer()));
        topology.addSink(RFM_SINK, sketches.name(), sketches.keySerializer(), sketches.valueSerializer(), RFM_PUBLISHER);
        sink(topology, TRANSITIONS_SINK, topics.transitions());
        sink(topology, ALERTS_SINK, topics.alerts(), CAREER, ERASER); // the eraser ends an open alert
        sink(topology, PROFILES_SINK, topics.profiles(), CAREER, ERASER); // the eraser writes the tombstone
        return topology;
    }

    /**
     * Aliased touchpoints: resolved to their customer through the identity links, written keyed by
     * customer id to the resolved topic and read back into the career node (docs/architecture.md,
     * "Identity links", for what this does and does not keep in order).
     */
    private static void addIdentityResolution(Topology topology, CareerstreamConfig config, CareerMetrics metrics) {
        CareerTopics topics = config.careerTopics();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, LINKS_SOURCE, new StreamTimeNeutralExtractor(),
                topics.identityLinks().keyDeserializer(), topics.identityLinks().valueDeserializer(),
                topics.identityLinks().name());
        topology.addProcessor(RESOLVER, () -> new IdentityResolver(RESOLVER_NAMES, topics.identityLinks().name(),
                config.pipeline().topics().erasureRequests(), topics.touchpoints(), config.pipeline().identityPending(), config.pipeline().punctuationClock().type(),
                config.pipeline().punctuationInterval(), config.pipeline().idleProgressLag(), metrics), VALIDATOR, LINKS_SOURCE, ERASURE_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDENTITY_LINKS_STORE),
                Serdes.String(), Serdes.String()), RESOLVER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(IDENTITY_PENDING_STORE),
                Serdes.Bytes(), Serdes.ByteArray()), RESOLVER);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ALIAS_CLOCKS_STORE),
                Serdes.String(), Serdes.Long()), RESOLVER);
        // Derived from the links store and rebuilt from it when the task starts (CustomerAliases),
        // like the timer index: no changelog, so its keys (customer id + alias) never reach a topic.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CUSTOMER_ALIASES_STORE),
                Serdes.Bytes(), Serdes.ByteArray()).withLoggingDisabled(), RESOLVER);
        // An erased customer's links are deleted where the links come from: a tombstone keyed by the
        // alias (the producers' partitioning), which compaction turns into the link's removal.
        Serializer<String> aliases = topics.identityLinks().keySerializer();
        topology.addSink(LINKS_TOMBSTONE_SINK, topics.identityLinks().name(),
                (topic, key) -> aliases.serialize(topic, (String) key), (topic, value) -> null, RESOLVER);
        Topic<String, TouchpointEvent> resolved = topics.resolvedTouchpoints();
        Serializer<String> customerIds = resolved.keySerializer();
        topology.addSink(RESOLVED_SINK, resolved.name(), (topic, key) -> customerIds.serialize(topic, (String) key),
                resolved.valueSerializerFor(Object.class), RESOLVER);
        // Progress markers go to every partition: any customer's task may wait for this one's progress.
        topology.addSink(PROGRESS_SINK, resolved.name(), (topic, key) -> null, (topic, value) -> null,
                new EveryPartition(), RESOLVER);
        Serializer<byte[]> bytes = Serdes.ByteArray().serializer();
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters().name(), (topic, key) -> bytes.serialize(topic, (byte[]) key),
                (topic, value) -> bytes.serialize(topic, (byte[]) value), RESOLVER);
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, RESOLVED_SOURCE, new StreamTimeNeutralExtractor(),
                resolved.keyDeserializer(), resolved.valueDeserializer(), resolved.name());
        topology.addProcessor(RESOLVED_VALIDATOR, () -> new TouchpointValidator(config.pipeline().maxFutureSkewMs(),
                config.currency().money(), CAREER, null),
                RESOLVED_SOURCE);
    }

    /** Sends a record to every partition of its topic (KIP-837 multicast). */
    private static final class EveryPartition implements StreamPartitioner<Object, Object> {
        @Override
        public Optional<Set<Integer>> partitions(String topic, Object key, Object value, int numPartitions) {
            return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
        }
    }

    /** The career node forwards several record types; each sink checks it receives its topic's. */
    private static void sink(Topology topology, String name, Topic<String, ? extends SpecificRecord> topic, String... parents) {
        topology.addSink(name, topic.name(), topic.keySerializer(), topic.valueSerializerFor(SpecificRecord.class),
                parents.length == 0 ? new String[] {CAREER} : parents);
    }
}
