package io.careerstream.pipeline.config;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.domain.ArrivalPolicy;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapException;
import io.careerstream.domain.map.CareerMapLoader;
import java.nio.file.Path;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.topics.Topics;
import io.careerstream.pipeline.errors.DeadLetterDeserializationHandler;
import io.careerstream.pipeline.errors.DataLossPolicy;
import io.careerstream.pipeline.errors.DeadLetterProcessingHandler;
import io.careerstream.pipeline.errors.GuardedClientSupplier;
import io.careerstream.pipeline.errors.OutputFailureHandler;
import io.careerstream.pipeline.ops.TopicSettingsCheck;
import io.careerstream.pipeline.state.SharedRocksDBMemory;
import io.careerstream.registry.RegistrySettings;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.serde.SpecificAvroSerde;
import io.careerstream.serde.SubjectNameStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Properties;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import io.careerstream.topics.CareerTopics;

/**
 * Typed, validated configuration. Built on Kafka's own {@link ConfigDef}, so a bad value fails
 * at start-up with a {@link ConfigException} that names the key. Keys not defined here are passed
 * to Kafka Streams unchanged (for example {@code num.stream.threads}), so any Streams setting can
 * be tuned without code.
 */
public final class CareerstreamConfig extends AbstractConfig {

    public static final String PREFIX = "careerstream.";
    public static final String SCHEMA_REGISTRY_URL = SpecificAvroSerde.SCHEMA_REGISTRY_URL;
    public static final String AUTO_REGISTER_SCHEMAS = SpecificAvroSerde.AUTO_REGISTER_SCHEMAS;
    public static final String TOPIC_TOUCHPOINTS = "careerstream.topic.touchpoints";
    public static final String TOPIC_TRANSITIONS = "careerstream.topic.transitions";
    public static final String TOPIC_ALERTS = "careerstream.topic.alerts";
    public static final String TOPIC_PROFILES = "careerstream.topic.profiles";
    public static final String TOPIC_DLQ = "careerstream.topic.dlq";
    public static final String TOPIC_MODEL_PARAMETERS = "careerstream.topic.model.parameters";
    public static final String TOPIC_ERASURE_REQUESTS = "careerstream.topic.erasure.requests";
    public static final String TOPIC_RFM_SKETCHES = "careerstream.topic.rfm.sketches";
    public static final String RFM_REBUILD_INTERVAL_MS = "careerstream.rfm.rebuild.interval.ms";
    public static final String RFM_REBUILD_MAX_TIME_SHARE = "careerstream.rfm.rebuild.max.time.share";
    public static final String ROCKSDB_MEMORY_BYTES = SharedRocksDBMemory.MEMORY_BYTES_CONFIG;
    public static final String ROCKSDB_MEMTABLE_SHARE = SharedRocksDBMemory.MEMTABLE_SHARE_CONFIG;
    public static final String TOPIC_IDENTITY_LINKS = "careerstream.topic.identity.links";
    public static final String TOPIC_RESOLVED_TOUCHPOINTS = "careerstream.topic.touchpoints.resolved";
    public static final String IDENTITY_PENDING_MS = "careerstream.identity.pending.ms";
    public static final String IDENTITY_PENDING_MAX_ENTRIES = "careerstream.identity.pending.max.entries";
    public static final String CHURN_RULE = "careerstream.churn.rule";
    public static final String CHURN_AT_RISK_P_ALIVE = "careerstream.churn.at.risk.p.alive";
    public static final String CHURN_LAPSED_P_ALIVE = "careerstream.churn.lapsed.p.alive";
    public static final String MODEL_PREFIX = "careerstream.model.";
    public static final String MODEL_REGULARITY_WEIGHTS = MODEL_PREFIX + "regularity.weights";
    public static final String PUNCTUATION_TYPE = "careerstream.punctuation.type";
    public static final String PUNCTUATION_INTERVAL_MS = "careerstream.punctuation.interval.ms";
    public static final String MAX_FUTURE_SKEW_MS = "careerstream.validation.max.future.skew.ms";
    public static final String AT_RISK_FACTOR = "careerstream.lifecycle.at.risk.factor";
    public static final String LAPSED_FACTOR = "careerstream.lifecycle.lapsed.factor";
    public static final String DEFAULT_INTERVAL_DAYS = "careerstream.lifecycle.default.interval.days";
    public static final String MIN_INTERVAL_DAYS = "careerstream.lifecycle.min.interval.days";
    public static final String CAREER_MAP = "careerstream.career.map";
    public static final String MAP_GRANULARITY_MS = "careerstream.career.map.granularity.ms";
    public static final String MAP_HORIZON_DAYS = "careerstream.career.map.horizon.days";
    public static final String DEDUP_WINDOW_MS = "careerstream.dedup.window.ms";
    public static final String DEDUP_MAX_KEYS = "careerstream.dedup.max.keys";
    public static final String LATE_GRACE_MS = "careerstream.late.grace.ms";
    public static final String THREAD_REPLACEMENTS_MAX = "careerstream.thread.replacements.max";
    public static final String THREAD_REPLACEMENTS_WINDOW_MS = "careerstream.thread.replacements.window.ms";
    public static final String ON_DATA_LOSS = GuardedClientSupplier.POLICY_CONFIG;
    public static final String RETENTION_CHECK = "careerstream.topic.retention.check";
    public static final String HTTP_HOST = "careerstream.http.host";
    public static final String HTTP_PORT = "careerstream.http.port";
    public static final String HTTP_AUTH = "careerstream.http.auth";
    public static final String HTTP_TOKEN = "careerstream.http.token";

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

    /** RocksDB's off-heap budget unless one is configured: 256 MiB for every store of the process. */
    public static final long DEFAULT_ROCKSDB_MEMORY_BYTES = 256L << 20;
    private static final long MIN_ROCKSDB_MEMORY_BYTES = 16L << 20;

    /** The pipeline's poll.ms unless one is configured (see {@link #streamsProperties()}). */
    public static final long DEFAULT_POLL_MS = 10;

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                    (name, value) -> {
                        if (value == null || ((java.util.List<?>) value).isEmpty()) {
                            throw new ConfigException(name, value, "at least one broker address is required");
                        }
                    }, Importance.HIGH, "Kafka brokers, host:port[,host:port].")
            .define(StreamsConfig.APPLICATION_ID_CONFIG, Type.STRING, "careerstream",
                    new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Kafka Streams application id: consumer group and prefix of internal topics.")
            .define(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), Importance.HIGH,
                    "exactly_once_v2 (default) or at_least_once.")
            // No default: an in-memory registry is never chosen silently. mock://NAME is per JVM (its
            // schema ids mean nothing to another process), so only the demo and tests give one.
            .define(SCHEMA_REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Schema registry URL(s), comma-separated (required); mock://NAME is an in-memory "
                            + "registry within one JVM, for the demo and tests.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register output schemas on first use.")
            .define(TOPIC_TOUCHPOINTS, Type.STRING, Topics.DEFAULT.touchpoints(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Input topic of TouchpointEvent records keyed by customerId.")
            .define(TOPIC_TRANSITIONS, Type.STRING, Topics.DEFAULT.transitions(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Output topic of StageTransition records.")
            .define(TOPIC_ALERTS, Type.STRING, Topics.DEFAULT.alerts(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Output topic of ChurnAlert records.")
            .define(TOPIC_PROFILES, Type.STRING, Topics.DEFAULT.profiles(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted output topic of CustomerProfile records.")
            .define(TOPIC_DLQ, Type.STRING, Topics.DEFAULT.deadLetters(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Dead-letter topic for rejected input.")
            .define(TOPIC_MODEL_PARAMETERS, Type.STRING, Topics.DEFAULT.modelParameters(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted topic of ModelParameters; the latest replaces the configured ones while running.")
            .define(TOPIC_ERASURE_REQUESTS, Type.STRING, Topics.DEFAULT.erasureRequests(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Topic of erasure requests keyed by customerId (co-partitioned with the input).")
            .define(TOPIC_RFM_SKETCHES, Type.STRING, Topics.DEFAULT.rfmSketches(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted topic of each career task's RFM quantile sketches (key: task id).")
            .define(RFM_REBUILD_INTERVAL_MS, Type.LONG, Duration.ofDays(1).toMillis(),
                    ConfigDef.Range.atLeast(Duration.ofMinutes(1).toMillis()), Importance.LOW,
                    "How often each career task rebuilds its RFM sketches from its customer states and publishes "
                            + "them, on the clock of careerstream.punctuation.type (every tick rebuilds too). A full "
                            + "scan of the task's customers, so not too often.")
            .define(RFM_REBUILD_MAX_TIME_SHARE, Type.DOUBLE, 0.05, ConfigDef.Range.between(0.001, 1.0), Importance.LOW,
                    "The largest share of wall-clock time scheduled RFM rebuilds may take: when stream time runs ahead "
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
            .define(ROCKSDB_MEMTABLE_SHARE, Type.DOUBLE, 0.25, ConfigDef.Range.between(0.05, 0.75), Importance.LOW,
                    "The part of careerstream.rocksdb.memory.bytes that memtables (writes not yet flushed) may take.")
            .define(TOPIC_IDENTITY_LINKS, Type.STRING, Topics.DEFAULT.identityLinks(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted topic of IdentityLink records keyed by alias (a tombstone unlinks); "
                            + "as many partitions as the touchpoints topic.")
            .define(TOPIC_RESOLVED_TOUCHPOINTS, Type.STRING, Topics.DEFAULT.resolvedTouchpoints(),
                    new ConfigDef.NonEmptyString(), Importance.MEDIUM, "Topic the pipeline writes aliased touchpoints "
                            + "to once their customer is known, keyed by customerId, and reads back; as many partitions as "
                            + "the touchpoints topic.")
            .define(IDENTITY_PENDING_MS, Type.LONG, Duration.ofDays(1).toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, "How long, in stream time, a touchpoint with an unknown alias waits for its "
                            + "identity link before it is dead-lettered as UNRESOLVED_IDENTITY.")
            .define(IDENTITY_PENDING_MAX_ENTRIES, Type.INT, 100_000, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Most touchpoints waiting for an identity link per task; when full, the oldest is dead-lettered "
                            + "as UNRESOLVED_IDENTITY.")
            .define(CHURN_RULE, Type.STRING, SilencePolicy.DEFAULT.rule().name(),
                    ValidString.in(SilencePolicy.Rule.PROBABILITY_ALIVE.name(), SilencePolicy.Rule.CADENCE.name()),
                    Importance.MEDIUM, "PROBABILITY_ALIVE (MBG/NBD thresholds) or CADENCE (k x own interval).")
            .define(CHURN_AT_RISK_P_ALIVE, Type.DOUBLE, SilencePolicy.DEFAULT.atRiskProbabilityAlive(),
                    ConfigDef.Range.between(0.0, 1.0), Importance.MEDIUM, "At risk once P(alive) falls below this.")
            .define(CHURN_LAPSED_P_ALIVE, Type.DOUBLE, SilencePolicy.DEFAULT.lapsedProbabilityAlive(),
                    ConfigDef.Range.between(0.0, 1.0), Importance.MEDIUM, "Lapsed once P(alive) falls below this.")
            .define(MODEL_PREFIX + "r", Type.DOUBLE, ChurnModelParameters.CDNOW.r(), Importance.LOW, "MBG/NBD r.")
            .define(MODEL_PREFIX + "alpha", Type.DOUBLE, ChurnModelParameters.CDNOW.alpha(), Importance.LOW, "MBG/NBD alpha (weeks).")
            .define(MODEL_PREFIX + "a", Type.DOUBLE, ChurnModelParameters.CDNOW.a(), Importance.LOW, "MBG/NBD a.")
            .define(MODEL_PREFIX + "b", Type.DOUBLE, ChurnModelParameters.CDNOW.b(), Importance.LOW, "MBG/NBD b.")
            .define(MODEL_PREFIX + "p", Type.DOUBLE, ChurnModelParameters.CDNOW.p(), Importance.LOW, "Gamma-Gamma p.")
            .define(MODEL_PREFIX + "q", Type.DOUBLE, ChurnModelParameters.CDNOW.q(), Importance.LOW, "Gamma-Gamma q.")
            .define(MODEL_PREFIX + "gamma", Type.DOUBLE, ChurnModelParameters.CDNOW.gamma(), Importance.LOW, "Gamma-Gamma gamma.")
            .define(MODEL_PREFIX + "k", Type.INT, ChurnModelParameters.CDNOW.k(), ConfigDef.Range.between(1, 100), Importance.LOW,
                    "Regularity k of MBG/CNBD-k (1: MBG/NBD).")
            .define(MODEL_REGULARITY_WEIGHTS, Type.LIST, "", Importance.LOW,
                    "MBG/CNBD-mix: the weights of the regularity classes k = 1, 2, 4, 8, 16 (five numbers, normalised; "
                            + "empty: MBG/NBD or MBG/CNBD-k). Each customer's own gaps move them between the classes.")
            .define(PUNCTUATION_TYPE, Type.STRING, PunctuationClock.STREAM_TIME.name(),
                    ValidString.in(PunctuationClock.STREAM_TIME.name(), PunctuationClock.WALL_CLOCK.name()),
                    Importance.MEDIUM, "STREAM_TIME (default: deterministic replay) or WALL_CLOCK (live).")
            .define(PUNCTUATION_INTERVAL_MS, Type.LONG, Duration.ofHours(1).toMillis(), ConfigDef.Range.atLeast(1),
                    Importance.MEDIUM, "How often due silence checks are looked for.")
            .define(MAX_FUTURE_SKEW_MS, Type.LONG, Duration.ofMinutes(15).toMillis(), ConfigDef.Range.atLeast(0),
                    Importance.LOW, "occurredAt or tick time further ahead of the clock is dead-lettered and does not move "
                            + "stream time; must stay below the topics' message.timestamp.after.max.ms (broker default 1 h), "
                            + "checked at start-up.")
            .define(AT_RISK_FACTOR, Type.DOUBLE, LifecyclePolicy.DEFAULT.atRiskFactor(), ConfigDef.Range.atLeast(0.01),
                    Importance.MEDIUM, "Silence, in expected intervals, after which a buyer is at risk.")
            .define(LAPSED_FACTOR, Type.DOUBLE, LifecyclePolicy.DEFAULT.lapsedFactor(), ConfigDef.Range.atLeast(0.01),
                    Importance.MEDIUM, "Silence, in expected intervals, after which a buyer has lapsed.")
            .define(DEFAULT_INTERVAL_DAYS, Type.DOUBLE, LifecyclePolicy.DEFAULT.defaultIntervalDays(),
                    ConfigDef.Range.atLeast(0.01), Importance.MEDIUM, "Expected interval of one-time buyers.")
            .define(MIN_INTERVAL_DAYS, Type.DOUBLE, LifecyclePolicy.DEFAULT.minIntervalDays(),
                    ConfigDef.Range.atLeast(0.01), Importance.LOW, "Floor on a customer's own interval.")
            .define(CAREER_MAP, Type.STRING, "", Importance.HIGH,
                    "Career map file (YAML); empty for the default map shipped as config/career-map.yaml.")
            .define(MAP_GRANULARITY_MS, Type.LONG, CustomerCareer.LookAhead.DEFAULT.granularity().toMillis(),
                    ConfigDef.Range.atLeast(1000), Importance.LOW,
                    "How close to the moment a time-dependent map condition becomes true it must fire.")
            .define(MAP_HORIZON_DAYS, Type.LONG, CustomerCareer.LookAhead.DEFAULT.horizon().toDays(),
                    ConfigDef.Range.atLeast(1), Importance.LOW, "How far ahead a time-dependent map is looked ahead.")
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
            .define(HTTP_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the HTTP API (health, metrics, customer profiles) listens on.")
            .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(-1, 65535), Importance.MEDIUM,
                    "Port of the HTTP API; 0 picks a free one, -1 turns the API off.")
            .define(HTTP_TOKEN, Type.PASSWORD, null, Importance.HIGH,
                    "Bearer token the customer endpoints require (they expose personal data); without one they "
                            + "answer 401 to everyone. Never logged.")
            .define(HTTP_AUTH, Type.STRING, "token", ValidString.in("token", "none"), Importance.HIGH,
                    "token: the customer endpoints need the bearer token (the default); none: open to anyone who "
                            + "reaches the port (the demo, on 127.0.0.1), logged as a warning at start.");

    /** Registry client keys: they configure our serdes and are not passed to Kafka Streams. */
    private static final List<String> SERDE_KEYS = Stream.concat(RegistrySettings.KEYS.stream(),
            Stream.of(AUTO_REGISTER_SCHEMAS, SpecificAvroSerde.USE_LATEST_VERSION,
                    SubjectNameStrategy.VALUE_CONFIG, SubjectNameStrategy.KEY_CONFIG)).toList();

    private final CareerMap careerMap;
    private CareerTopics careerTopics;

    public CareerstreamConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
        for (Object key : originals.keySet()) {
            // A misspelt setting of ours would otherwise be passed to Kafka Streams, which ignores it.
            if (key.toString().startsWith(PREFIX) && !isKnownKey(key.toString())) {
                throw new ConfigException(key.toString(), originals.get(key), "not a Careerstream setting; they are: "
                        + String.join(", ", new java.util.TreeSet<>(DEFINITION.names())));
            }
        }
        lifecyclePolicy(); // cross-field checks fail at start-up too
        silencePolicy();
        modelParameters();
        lookAhead();
        arrivalPolicy();
        this.careerMap = loadCareerMap();
        Object groupProtocol = originals.get("group.protocol");
        if (groupProtocol != null && groupProtocol.toString().strip().equalsIgnoreCase("streams")) {
            // With the streams rebalance protocol Kafka Streams builds its main consumer itself, past
            // default.client.supplier, and deleted input would again be skipped without a word.
            throw new ConfigException("group.protocol", groupProtocol, "'streams' is not supported: Careerstream's "
                    + "data-loss guard wraps the main consumer, which Kafka Streams builds itself under that protocol");
        }
        Map<String, Object> serde = serdeConfig();
        try {
            SchemaRegistries.forConfig(serde);
            SubjectNameStrategy.parse(SubjectNameStrategy.VALUE_CONFIG, serde.get(SubjectNameStrategy.VALUE_CONFIG));
        } catch (IllegalArgumentException e) {
            String key = SERDE_KEYS.stream().filter(k -> e.getMessage().contains(k)).findFirst().orElse(SCHEMA_REGISTRY_URL);
            throw new ConfigException(key, serde.get(key), e.getMessage());
        }
    }

    /**
     * Whether a setting means something to Careerstream or to the Kafka clients it runs: one of
     * ours, a registry setting, a Kafka Streams setting, a client setting (plain or with a Kafka
     * Streams client prefix such as {@code producer.}), or a topic setting ({@code topic.}).
     */
    public static boolean isKnownKey(String key) {
        if (DEFINITION.names().contains(key) || SERDE_KEYS.contains(key)) {
            return true;
        }
        if (key.startsWith(PREFIX)) {
            return false;
        }
        if (StreamsConfig.configDef().names().contains(key) || key.startsWith(StreamsConfig.TOPIC_PREFIX)) {
            return true;
        }
        for (String prefix : List.of(StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX,
                StreamsConfig.GLOBAL_CONSUMER_PREFIX, StreamsConfig.CONSUMER_PREFIX, StreamsConfig.PRODUCER_PREFIX,
                StreamsConfig.ADMIN_CLIENT_PREFIX)) {
            if (key.startsWith(prefix)) {
                return isClientKey(key.substring(prefix.length()));
            }
        }
        return isClientKey(key);
    }

    private static boolean isClientKey(String key) {
        return org.apache.kafka.clients.consumer.ConsumerConfig.configNames().contains(key)
                || org.apache.kafka.clients.producer.ProducerConfig.configNames().contains(key)
                || org.apache.kafka.clients.admin.AdminClientConfig.configNames().contains(key);
    }

    public Topics topics() {
        return new Topics(getString(TOPIC_TOUCHPOINTS), getString(TOPIC_TRANSITIONS), getString(TOPIC_ALERTS),
                getString(TOPIC_PROFILES), getString(TOPIC_DLQ), getString(TOPIC_MODEL_PARAMETERS),
                getString(TOPIC_ERASURE_REQUESTS), getString(TOPIC_RFM_SKETCHES), getString(TOPIC_IDENTITY_LINKS),
                getString(TOPIC_RESOLVED_TOUCHPOINTS));
    }

    /**
     * What a plain client of ours (admin, producer, consumer) needs to reach the cluster besides
     * {@code bootstrap.servers}: {@code security.protocol}, {@code ssl.*} and {@code sasl.*}.
     */
    public static Map<String, Object> connectionSettings(Map<String, ?> settings) {
        Map<String, Object> connection = new java.util.TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                connection.put(key, value);
            }
        });
        return connection;
    }

    /** The topics with their serdes, built once from the topic names and the registry settings. */
    public synchronized CareerTopics careerTopics() {
        if (careerTopics == null) {
            careerTopics = CareerTopics.of(topics(), serdeConfig());
        }
        return careerTopics;
    }

    public String schemaRegistryUrl() {
        return getString(SCHEMA_REGISTRY_URL);
    }

    /** Settings for our Avro serdes: the registry URL and every registry-client key given. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = new HashMap<>();
        originals().forEach((k, v) -> {
            if (SERDE_KEYS.contains(k) && v != null) {
                serde.put(k, v);
            }
        });
        serde.put(SCHEMA_REGISTRY_URL, schemaRegistryUrl());
        serde.put(AUTO_REGISTER_SCHEMAS, getBoolean(AUTO_REGISTER_SCHEMAS));
        return serde;
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
    public org.apache.kafka.streams.state.HostInfo applicationServer() {
        Object server = originals().get(StreamsConfig.APPLICATION_SERVER_CONFIG);
        return server == null || server.toString().isBlank() ? null
                : org.apache.kafka.streams.state.HostInfo.buildFromEndpoint(server.toString().strip());
    }

    public String httpHost() {
        return getString(HTTP_HOST);
    }

    /** The HTTP API's port: 0 for a free one, -1 when the API is off. */
    public int httpPort() {
        return getInt(HTTP_PORT);
    }

    /** The bearer token of the customer endpoints, or null when none is configured. */
    public String httpToken() {
        var token = getPassword(HTTP_TOKEN);
        return token == null || token.value().isBlank() ? null : token.value();
    }

    /** Whether the customer endpoints ask for the bearer token ({@code careerstream.http.auth=token}). */
    public boolean httpAuthRequired() {
        return "token".equals(getString(HTTP_AUTH));
    }

    /** How long an aliased touchpoint waits for its link, and how many may wait per task. */
    public io.careerstream.pipeline.identity.PendingLimits identityPending() {
        return new io.careerstream.pipeline.identity.PendingLimits(getLong(IDENTITY_PENDING_MS),
                getInt(IDENTITY_PENDING_MAX_ENTRIES));
    }

    public long maxFutureSkewMs() {
        return getLong(MAX_FUTURE_SKEW_MS);
    }

    public LifecyclePolicy lifecyclePolicy() {
        try {
            return new LifecyclePolicy(getDouble(AT_RISK_FACTOR), getDouble(LAPSED_FACTOR),
                    getDouble(DEFAULT_INTERVAL_DAYS), getDouble(MIN_INTERVAL_DAYS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LAPSED_FACTOR, getDouble(LAPSED_FACTOR),
                    "lifecycle thresholds are inconsistent: " + e.getMessage());
        }
    }

    /** The career map, compiled and validated once, at start-up. */
    public CareerMap careerMap() {
        return careerMap;
    }

    private CareerMap loadCareerMap() {
        String file = getString(CAREER_MAP);
        try {
            return file.isBlank() ? CareerMapLoader.loadDefault() : CareerMapLoader.load(Path.of(file));
        } catch (CareerMapException e) {
            throw new ConfigException(CAREER_MAP, file, e.getMessage());
        }
    }

    public CustomerCareer.LookAhead lookAhead() {
        try {
            return new CustomerCareer.LookAhead(Duration.ofMillis(getLong(MAP_GRANULARITY_MS)),
                    Duration.ofDays(getLong(MAP_HORIZON_DAYS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MAP_HORIZON_DAYS, getLong(MAP_HORIZON_DAYS), e.getMessage());
        }
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

    public SilencePolicy silencePolicy() {
        try {
            return new SilencePolicy(SilencePolicy.Rule.valueOf(getString(CHURN_RULE)), getDouble(CHURN_AT_RISK_P_ALIVE),
                    getDouble(CHURN_LAPSED_P_ALIVE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CHURN_LAPSED_P_ALIVE, getDouble(CHURN_LAPSED_P_ALIVE), e.getMessage());
        }
    }

    /** The churn model parameters used until a record on the model-parameters topic replaces them. */
    public ChurnModelParameters modelParameters() {
        for (String name : List.of("r", "alpha", "a", "b", "p", "q", "gamma")) {
            double v = getDouble(MODEL_PREFIX + name);
            if (!(v > 0) || Double.isInfinite(v) || (name.equals("q") && !(v > 1))) {
                throw new ConfigException(MODEL_PREFIX + name, v, name.equals("q") ? "must be greater than 1" : "must be positive");
            }
        }
        List<Double> weights = new ArrayList<>();
        for (String w : getList(MODEL_REGULARITY_WEIGHTS)) {
            try {
                weights.add(Double.parseDouble(w.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(MODEL_REGULARITY_WEIGHTS, getList(MODEL_REGULARITY_WEIGHTS), "'" + w + "' is not a number");
            }
        }
        try {
            return new ChurnModelParameters(getDouble(MODEL_PREFIX + "r"), getDouble(MODEL_PREFIX + "alpha"),
                    getDouble(MODEL_PREFIX + "a"), getDouble(MODEL_PREFIX + "b"), getDouble(MODEL_PREFIX + "p"),
                    getDouble(MODEL_PREFIX + "q"), getDouble(MODEL_PREFIX + "gamma"), getInt(MODEL_PREFIX + "k"), weights);
        } catch (IllegalArgumentException e) {
            // The single parameters were checked above: what is left is the mixture (weights, or k beside them).
            throw new ConfigException(MODEL_REGULARITY_WEIGHTS, getList(MODEL_REGULARITY_WEIGHTS), e.getMessage());
        }
    }

    /** Properties for {@code new KafkaStreams(topology, props)}: our defaults, then pass-through keys. */
    public Properties streamsProperties() {
        Properties props = new Properties();
        originals().forEach((k, v) -> {
            if (!k.startsWith(PREFIX) && !SERDE_KEYS.contains(k)) {
                props.put(k, v);
            }
        });
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, String.join(",", getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG)));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, getString(StreamsConfig.APPLICATION_ID_CONFIG));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
        props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, getString(TOPIC_DLQ));
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
        // One bounded budget for every store (SharedRocksDBMemory), unless turned off or a setter
        // of one's own is named; the setter reads its budget from the configs Streams hands it.
        if (getLong(ROCKSDB_MEMORY_BYTES) > 0 && !props.containsKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)) {
            props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, SharedRocksDBMemory.class);
            props.put(ROCKSDB_MEMORY_BYTES, getLong(ROCKSDB_MEMORY_BYTES));
            props.put(ROCKSDB_MEMTABLE_SHARE, getDouble(ROCKSDB_MEMTABLE_SHARE));
        }
        return props;
    }
}
