package io.careerstream.pipeline.config;

import io.careerstream.domain.ArrivalPolicy;
import io.careerstream.pipeline.errors.DataLossPolicy;
import io.careerstream.pipeline.errors.DeadLetterDeserializationHandler;
import io.careerstream.pipeline.errors.DeadLetterProcessingHandler;
import io.careerstream.pipeline.errors.GuardedClientSupplier;
import io.careerstream.pipeline.errors.OutputFailureHandler;
import io.careerstream.pipeline.ops.ClientConnection;
import io.careerstream.pipeline.ops.TopicSettingsCheck;
import io.careerstream.pipeline.state.SharedRocksDBMemory;
import io.careerstream.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.state.HostInfo;

/**
 * The pipeline's own settings: the cluster and the application id, the topics, time (punctuation,
 * future skew), arrival (de-duplication, late grace, identity resolution), failure policy and
 * RocksDB memory. Built on Kafka's {@link ConfigDef}, so a bad value fails at start-up with a
 * {@link ConfigException} that names the key. {@link #streamsProperties} passes every key that
 * is not Careerstream's to Kafka Streams unchanged.
 */
public final class PipelineSettings extends AbstractConfig {

    public static final String RFM_REBUILD_INTERVAL_MS = "careerstream.rfm.rebuild.interval.ms";
    public static final String RFM_REBUILD_MAX_TIME_SHARE = "careerstream.rfm.rebuild.max.time.share";
    public static final String ROCKSDB_MEMORY_BYTES = SharedRocksDBMemory.MEMORY_BYTES_CONFIG;
    public static final String ROCKSDB_MEMTABLE_SHARE = SharedRocksDBMemory.MEMTABLE_SHARE_CONFIG;
    public static final String IDENTITY_PENDING_MS = "careerstream.identity.pending.ms";
    public static final String IDENTITY_PENDING_MAX_ENTRIES = "careerstream.identity.pending.max.entries";
    public static final String IDENTITY_IDLE_PROGRESS_MS = "careerstream.identity.idle.progress.ms";
    public static final String PUNCTUATION_TYPE = "careerstream.punctuation.type";
    public static final String PUNCTUATION_INTERVAL_MS = "careerstream.punctuation.interval.ms";
    public static final String MAX_FUTURE_SKEW_MS = "careerstream.validation.max.future.skew.ms";
    public static final String DEDUP_WINDOW_MS = "careerstream.dedup.window.ms";
    public static final String DEDUP_MAX_KEYS = "careerstream.dedup.max.keys";
    public static final String LATE_GRACE_MS = "careerstream.late.grace.ms";
    public static final String THREAD_REPLACEMENTS_MAX = "careerstream.thread.replacements.max";
    public static final String THREAD_REPLACEMENTS_WINDOW_MS = "careerstream.thread.replacements.window.ms";
    public static final String ON_DATA_LOSS = GuardedClientSupplier.POLICY_CONFIG;
    public static final String RETENTION_CHECK = "careerstream.topic.retention.check";
    public static final String LAG_INTERVAL_MS = "careerstream.metrics.lag.interval.ms";

    /** RocksDB's off-heap budget unless one is configured: 256 MiB for every store of the process. */
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 256L << 20;
    private static final long MIN_ROCKSDB_MEMORY_BYTES = 16L << 20;

    /** Standby replicas, session timeout and heartbeat unless configured (see {@link #streamsProperties}). */
    public static final int DEFAULT_STANDBY_REPLICAS = 1;
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6000;
    public static final int DEFAULT_HEARTBEAT_MS = 1000;

    /** The pipeline's poll.ms unless one is configured (see {@link #streamsProperties}). */
    public static final long DEFAULT_POLL_MS = 10;

    /** What drives silence checks: the records' event time (replays) or the wall clock (live). */
    public enum PunctuationClock {
        STREAM_TIME(PunctuationType.STREAM_TIME), WALL_CLOCK(PunctuationType.WALL_CLOCK_TIME);

        private final PunctuationType type;

        PunctuationClock(PunctuationType type) {
            this.type = type;
        }

        /** Kafka Streams' name for it. */
        public PunctuationType type() {
            return type;
        }
    }

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                    (name, value) -> {
                        if (value == null || ((List<?>) value).isEmpty()) {
                            throw new ConfigException(name, value, "at least one broker address is required");
                        }
                    }, Importance.HIGH, "Kafka brokers, host:port[,host:port].")
            .define(StreamsConfig.APPLICATION_ID_CONFIG, Type.STRING, "careerstream",
                    new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group and prefix of internal topics.")
            .define(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.HIGH,
                    "exactly_once_v2 (default) or at_least_once.")
            .define(RFM_REBUILD_INTERVAL_MS, Type.LONG, Duration.ofDays(1).toMillis(),
                    ConfigDef.Range.atLeast(Duration.ofMinutes(1).toMillis()), Importance.LOW,
                    "How often each career task rebuilds its RFM sketches from its customer states and publishes "
                            + "them, on the clock of careerstream.punctuation.type (every tick rebuilds too). A full "
                            + "scan of the task's customers, so not too often.")
            .define(RFM_REBUILD_MAX_TIME_SHARE, Type.DOUBLE, 0.05, ConfigDef.Range.between(0.001, 1.0), Importance.LOW,
                    "The largest share of a stream thread's wall-clock time (all its tasks together) scheduled RFM "
                            + "rebuilds may take: when stream time runs ahead "
                            + "of the wall clock (a replay, a catch-up), a scheduled rebuild is skipped until enough "
                            + "wall-clock time has passed since the last one. 1 never skips; ticks always rebuild.")
            .define(ROCKSDB_MEMORY_BYTES, Type.LONG, DEFAULT_ROCKSDB_MEMORY_BYTES,
                    (name, value) -> {
                        long bytes = (Long) value;
                        if (bytes != 0 && bytes < MIN_ROCKSDB_MEMORY_BYTES) {
                            throw new ConfigException(name, value, "0 (RocksDB's own sizes per store, unbounded) or at "
                                    + "least " + MIN_ROCKSDB_MEMORY_BYTES + " bytes");
                        }
                    }, Importance.MEDIUM,
                    "Off-heap bytes for every RocksDB store of the process together: one block cache, indexes, "
                            + "filters and memtables included (docs/operations.md). 0 leaves each store to Kafka "
                            + "Streams' own sizes, which grow with the tasks. Not applied when rocksdb.config.setter "
                            + "names a setter of one's own.")
            // Half: with eight changelogged stores per task, a quarter made the write-buffer manager
            // flush memtables on nearly every write while changelogs were restored (the timer index's
            // rebuild took 5-9 s a task instead of 0.2 s; docs/benchmarks.md, issue 27).
            .define(ROCKSDB_MEMTABLE_SHARE, Type.DOUBLE, 0.5, ConfigDef.Range.between(0.05, 0.75), Importance.LOW,
                    "The part of careerstream.rocksdb.memory.bytes that memtables (writes not yet flushed) may take.")
            .define(IDENTITY_PENDING_MS, Type.LONG, PendingLimits.DEFAULT.pendingMs(), ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, "How long, in stream time, a touchpoint with an unknown alias waits for its "
                            + "identity link before it is dead-lettered as UNRESOLVED_IDENTITY.")
            .define(IDENTITY_PENDING_MAX_ENTRIES, Type.INT, PendingLimits.DEFAULT.maxEntries(), ConfigDef.Range.atLeast(1),
                    Importance.LOW, "Most touchpoints waiting for an identity link per task; when full, the oldest is "
                            + "dead-lettered as UNRESOLVED_IDENTITY.")
            .define(IDENTITY_IDLE_PROGRESS_MS, Type.LONG, 1000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                    "With careerstream.punctuation.type=WALL_CLOCK (live): a touchpoints partition that receives "
                            + "nothing is taken to have come to the wall clock less this much, so that the touchpoints "
                            + "of customers with an alias there are not held back by its silence. A touchpoint that "
                            + "arrives later than that is applied on arrival. Ignored with STREAM_TIME (send ticks).")
            .define(PUNCTUATION_TYPE, Type.STRING, PunctuationClock.STREAM_TIME.name(),
                    ValidString.in(PunctuationClock.STREAM_TIME.name(), PunctuationClock.WALL_CLOCK.name()),
                    Importance.MEDIUM, "STREAM_TIME (default: deterministic replay) or WALL_CLOCK (live).")
            .define(PUNCTUATION_INTERVAL_MS, Type.LONG, Duration.ofHours(1).toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, "How often due silence checks are looked for.")
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, Duration.ofMinutes(15).toMillis(), ConfigDef.Range.atLeast(0),
                    Importance.LOW, "occurredAt or tick time further ahead of the clock is dead-lettered and does not move "
                            + "stream time; must stay below the topics' message.timestamp.after.max.ms (broker default 1 h), "
                            + "checked at start-up.")
            .define(DEDUP_WINDOW_MS, Type.LONG, ArrivalPolicy.DEFAULT.deduplicationWindow().toMillis(),
                    ConfigDef.Range.atLeast(1), Importance.MEDIUM, "How long a touchpoint's event id (order id for a "
                            + "purchase) is remembered, in the customer's event time: a resend within it is never counted "
                            + "twice, however many touchpoints came between.")
            .define(DEDUP_MAX_KEYS, Type.INT, ArrivalPolicy.DEFAULT.maxRememberedKeys(), ConfigDef.Range.atLeast(1),
                    Importance.LOW, "State budget: at most this many remembered ids per customer (about 10 bytes each); "
                            + "beyond it the oldest are forgotten early.")
            .define(LATE_GRACE_MS, Type.LONG, ArrivalPolicy.DEFAULT.lateGrace().toMillis(), ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM, "How far behind the customer's latest event time a touchpoint may be and still be "
                            + "applied; further behind it is dead-lettered as LATE. At most " + DEDUP_WINDOW_MS + ".")
            .define(THREAD_REPLACEMENTS_MAX, Type.INT, 3, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "A stream thread that dies of a failure the dead-letter handlers do not take is replaced at most this "
                            + "many times within " + THREAD_REPLACEMENTS_WINDOW_MS + "; the next failure stops the instance "
                            + "(exit code 1) for its supervisor to restart. 0: stop at the first.")
            .define(THREAD_REPLACEMENTS_WINDOW_MS, Type.LONG, Duration.ofMinutes(10).toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.LOW, "The window in which thread replacements are counted.")
            .define(ON_DATA_LOSS, Type.STRING, DataLossPolicy.FAIL.name(),
                    ValidString.in(DataLossPolicy.FAIL.name(), DataLossPolicy.CONTINUE.name()), Importance.HIGH,
                    "When the broker deleted input the pipeline had not processed: FAIL (stop, exit non-zero, offsets "
                            + "unchanged) or CONTINUE (go on from the oldest record left). Logged as an error either way.")
            .define(RETENTION_CHECK, Type.STRING, TopicSettingsCheck.RetentionPolicy.FAIL.name(),
                    ValidString.in(TopicSettingsCheck.RetentionPolicy.FAIL.name(), TopicSettingsCheck.RetentionPolicy.WARN.name()),
                    Importance.MEDIUM, "At start-up, when time retention would delete unprocessed input (or what derives "
                            + "from it) by its event time: FAIL (refuse to start) or WARN.")
            .define(LAG_INTERVAL_MS, Type.LONG, Duration.ofSeconds(15).toMillis(), ConfigDef.Range.atLeast(1000),
                    Importance.LOW, "How often each instance measures its input lag (careerstream_input_lag_records and "
                            + "_seconds) from the broker: a few admin requests and one record read per lagging partition.");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    private final Map<String, ?> all;
    private final Topics topics;

    /**
     * @param settings every setting given (the keys of other concerns are ignored here; those that
     *                 belong to no concern go to Kafka Streams, {@link #streamsProperties})
     */
    PipelineSettings(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
        this.all = settings;
        this.topics = new TopicSettings(settings).topics();
        arrivalPolicy(); // cross-field checks fail at start-up too
        identityPending();
        Object groupProtocol = settings.get("group.protocol");
        if (groupProtocol != null && groupProtocol.toString().strip().equalsIgnoreCase("streams")) {
            // With the streams rebalance protocol Kafka Streams builds its main consumer itself, past
            // default.client.supplier, and deleted input would again be skipped without a word.
            throw new ConfigException("group.protocol", groupProtocol, "'streams' is not supported: Careerstream's "
                    + "data-loss guard wraps the main consumer, which Kafka Streams builds itself under that protocol");
        }
    }

    public List<String> bootstrapServers() {
        return getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    public String applicationId() {
        return getString(StreamsConfig.APPLICATION_ID_CONFIG);
    }

    /** Whether the pipeline runs with exactly-once (then it needs its transactional ids). */
    public boolean exactlyOnce() {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    /** The topic names (their own concern, {@link TopicSettings}). */
    public Topics topics() {
        return topics;
    }

    /**
     * What a plain client of ours (admin, producer, consumer) needs to reach the cluster besides
     * {@code bootstrap.servers}: {@code security.protocol}, {@code ssl.*} and {@code sasl.*}.
     */
    public static Map<String, Object> connectionSettings(Map<String, ?> settings) {
        return ClientConnection.settingsOf(settings);
    }

    /** {@link #connectionSettings} of these settings, with {@code bootstrap.servers}. */
    public Map<String, Object> clientSettings() {
        Map<String, Object> client = connectionSettings(all);
        client.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers()));
        return client;
    }

    public PunctuationClock punctuationClock() {
        return PunctuationClock.valueOf(getString(PUNCTUATION_TYPE));
    }

    public Duration punctuationInterval() {
        return Duration.ofMillis(getLong(PUNCTUATION_INTERVAL_MS));
    }

    /** The largest share of wall-clock time scheduled RFM rebuilds may take. */
    public double rfmRebuildMaxTimeShare() {
        return getDouble(RFM_REBUILD_MAX_TIME_SHARE);
    }

    /** How often each career task rebuilds and publishes its RFM sketches. */
    public Duration rfmRebuildInterval() {
        return Duration.ofMillis(getLong(RFM_REBUILD_INTERVAL_MS));
    }

    public DataLossPolicy dataLossPolicy() {
        return DataLossPolicy.valueOf(getString(ON_DATA_LOSS));
    }

    public TopicSettingsCheck.RetentionPolicy retentionCheck() {
        return TopicSettingsCheck.RetentionPolicy.valueOf(getString(RETENTION_CHECK));
    }

    /** This instance's {@code application.server} (host:port of its HTTP API for the others), or null. */
    public HostInfo applicationServer() {
        Object server = all.get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return server == null || server.toString().isBlank() ? null : HostInfo.buildFromEndpoint(server.toString().strip());
    }

    /** How long an aliased touchpoint waits for its link, and how many may wait per task. */
    public PendingLimits identityPending() {
        return new PendingLimits(getLong(IDENTITY_PENDING_MS), getInt(IDENTITY_PENDING_MAX_ENTRIES));
    }

    /** How far behind the wall clock an idle partition is taken to be, for the identity detour's ordering (live). */
    public Duration idleProgressLag() {
        return Duration.ofMillis(getLong(IDENTITY_IDLE_PROGRESS_MS));
    }

    public long maxFutureSkewMs() {
        return getLong(MAX_FUTURE_SKEW_MS);
    }

    /** How often the input lag is measured. */
    public Duration lagInterval() {
        return Duration.ofMillis(getLong(LAG_INTERVAL_MS));
    }

    public int threadReplacementsMax() {
        return getInt(THREAD_REPLACEMENTS_MAX);
    }

    public Duration threadReplacementsWindow() {
        return Duration.ofMillis(getLong(THREAD_REPLACEMENTS_WINDOW_MS));
    }

    /** The de-duplication window, its state budget and the late grace period. */
    public ArrivalPolicy arrivalPolicy() {
        try {
            return new ArrivalPolicy(Duration.ofMillis(getLong(DEDUP_WINDOW_MS)), getInt(DEDUP_MAX_KEYS),
                    Duration.ofMillis(getLong(LATE_GRACE_MS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LATE_GRACE_MS, getLong(LATE_GRACE_MS), "must not exceed " + DEDUP_WINDOW_MS + " ("
                    + getLong(DEDUP_WINDOW_MS) + "): a resend must be either remembered or late");
        }
    }

    /**
     * Properties for {@code new KafkaStreams(topology, props)}: our defaults and handlers, then the
     * {@code passThrough} keys (those of no Careerstream concern) as given.
     */
    Properties streamsProperties(Map<String, ?> passThrough) {
        Properties props = new Properties();
        props.putAll(passThrough);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", bootstrapServers()));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, topics.deadLetters());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, OutputFailureHandler.class);
        props.put(StreamsConfig.DEFAULT_CLIENT_SUPPLIER_CONFIG, GuardedClientSupplier.class);
        props.put(ON_DATA_LOSS, getString(ON_DATA_LOSS)); // read by the client supplier
        // A stream thread checks whether its commit (or a wall-clock punctuation) is due only
        // between polls, and a poll with nothing to fetch blocks for poll.ms (Streams' default
        // 100 ms): with no input, or with every input partition of the thread paused because its
        // buffer is full. The commit, and with exactly-once every output of the interval, waits
        // that long. 10 ms took the longest poll at half load from 101 ms to under 52 and the p99
        // of event → transition down by about 6 ms (docs/benchmarks.md, "Optimisations"); an idle
        // thread wakes 100 times a second for it.
        props.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, DEFAULT_POLL_MS);
        // Failover (docs/operations.md, "Failover"): a warm copy of every task's state on another
        // instance, so that a lost instance's tasks resume there without a restore; and a session
        // timeout at the broker's minimum (group.min.session.timeout.ms, 6 s by default) with a
        // heartbeat every second, so that a crashed instance is noticed within seconds rather than
        // the 45 s of Kafka's default. With one instance the standby is simply not placed.
        props.putIfAbsent(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, DEFAULT_STANDBY_REPLICAS);
        consumerDefault(props, ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, DEFAULT_SESSION_TIMEOUT_MS);
        consumerDefault(props, ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, DEFAULT_HEARTBEAT_MS);
        // One bounded budget for every store (SharedRocksDBMemory), unless turned off or a setter
        // of one's own is named; the setter reads its budget from the configs Streams hands it.
        if (getLong(ROCKSDB_MEMORY_BYTES) > 0 && !props.containsKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)) {
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SharedRocksDBMemory.class);
            props.put(ROCKSDB_MEMORY_BYTES, getLong(ROCKSDB_MEMORY_BYTES));
            props.put(ROCKSDB_MEMTABLE_SHARE, getDouble(ROCKSDB_MEMTABLE_SHARE));
        }
        return props;
    }

    /** A consumer setting of ours unless one was given, plain or with a consumer prefix Streams knows. */
    private static void consumerDefault(Properties props, String key, Object value) {
        if (!props.containsKey(key) && !props.containsKey(StreamsConfig.consumerPrefix(key))
                && !props.containsKey(StreamsConfig.mainConsumerPrefix(key))) {
            props.put(key, value);
        }
    }
}
