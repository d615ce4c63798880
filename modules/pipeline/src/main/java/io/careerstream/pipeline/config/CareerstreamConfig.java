package io.careerstream.pipeline.config;

import io.careerstream.serde.SerdeSettings;
import io.careerstream.topics.CareerTopics;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every setting of a pipeline, split by concern and validated by each: the pipeline itself
 * ({@link PipelineSettings}, with its {@link TopicSettings}), the churn model ({@link ChurnSettings}), the career map
 * ({@link CareerMapSettings}), money ({@link CurrencySettings}) and the registry and serdes ({@link SerdeSettings}). This class only
 * holds them together and says what to do with the keys none of them defines: a
 * {@code careerstream.*} key that no concern knows is refused (a misspelt setting of ours would
 * otherwise go to Kafka Streams, which ignores it); any other key goes to Kafka Streams unchanged,
 * and one that Kafka does not know either is listed by {@link #unknownKeys()} for a warning.
 */
public final class CareerstreamConfig {

    public static final String PREFIX = "careerstream.";

    private final Map<String, Object> originals;
    private final PipelineSettings pipeline;
    private final ChurnSettings churn;
    private final CareerMapSettings map;
    private final CurrencySettings currency;
    private final LiftSettings lift;
    private final SerdeSettings serde;
    private CareerTopics careerTopics;

    public CareerstreamConfig(Map<?, ?> originals) {
        this(originals, Set.of());
    }

    /**
     * @param otherKeys the {@code careerstream.*} keys of concerns that live above the pipeline
     *                  (the HTTP API's): accepted here, read by their own settings class
     * @throws ConfigException naming the first key that is missing, invalid or unknown
     */
    public CareerstreamConfig(Map<?, ?> originals, Collection<String> otherKeys) {
        Map<String, Object> settings = new HashMap<>();
        originals.forEach((key, value) -> settings.put(key.toString(), value));
        this.originals = Map.copyOf(withoutNulls(settings));
        Set<String> ours = ourKeys(otherKeys);
        for (String key : new TreeSet<>(this.originals.keySet())) {
            if (key.startsWith(PREFIX) && !ours.contains(key)) {
                throw new ConfigException(key, this.originals.get(key), "not a Careerstream setting; they are: "
                        + String.join(", ", new TreeSet<>(ours)));
            }
        }
        this.pipeline = new PipelineSettings(this.originals);
        this.churn = new ChurnSettings(this.originals);
        this.map = new CareerMapSettings(this.originals);
        this.currency = new CurrencySettings(this.originals);
        this.lift = new LiftSettings(this.originals);
        this.serde = new SerdeSettings(this.originals);
    }

    /** The cluster, topics, time, arrival, failure policy and memory of the pipeline. */
    public PipelineSettings pipeline() {
        return pipeline;
    }

    /** The churn rule, the model parameters in force until published ones replace them, the cadence factors. */
    public ChurnSettings churn() {
        return churn;
    }

    /** The career map file (compiled where the pipeline starts) and its look-ahead. */
    public CareerMapSettings map() {
        return map;
    }

    /** The reporting currency and the rates into it. */
    public CurrencySettings currency() {
        return currency;
    }

    /** Hold-out groups and the lift window. */
    public LiftSettings lift() {
        return lift;
    }

    /** The registry and the serdes. */
    public SerdeSettings serde() {
        return serde;
    }

    /** Every setting as given. */
    public Map<String, Object> originals() {
        return originals;
    }

    /** The topics with their serdes, built once from the topic names and the registry settings. */
    public synchronized CareerTopics careerTopics() {
        if (careerTopics == null) {
            careerTopics = CareerTopics.of(pipeline.topics(), serde.serdeConfig());
        }
        return careerTopics;
    }

    /** Properties for {@code new KafkaStreams(topology, props)}: our defaults, then the keys of no concern of ours. */
    public Properties streamsProperties() {
        Map<String, Object> passThrough = new HashMap<>();
        originals.forEach((key, value) -> {
            if (!key.startsWith(PREFIX) && !SerdeSettings.KEYS.contains(key)) {
                passThrough.put(key, value);
            }
        });
        return pipeline.streamsProperties(passThrough);
    }

    /**
     * The keys given that nothing reads: neither a concern of ours nor Kafka Streams or its clients.
     * Passed on all the same (a newer Kafka may know them), but worth a warning: a misspelt
     * Kafka Streams key would otherwise be ignored without a word.
     */
    public Set<String> unknownKeys() {
        Set<String> unknown = new TreeSet<>();
        for (String key : originals.keySet()) {
            if (!key.startsWith(PREFIX) && !isKnownKey(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    /**
     * Whether a setting means something to Careerstream or to the Kafka clients it runs: one of
     * ours, a registry setting, a Kafka Streams setting, a client setting (plain or with a Kafka
     * Streams client prefix such as {@code producer.}), or a topic setting ({@code topic.}).
     */
    public static boolean isKnownKey(String key) {
        return isKnownKey(key, List.of());
    }

    /** {@link #isKnownKey(String)}, counting {@code otherKeys} (a concern above the pipeline's) as ours. */
    public static boolean isKnownKey(String key, Collection<String> otherKeys) {
        if (ourKeys(otherKeys).contains(key)) {
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
        return ConsumerConfig.configNames().contains(key) || ProducerConfig.configNames().contains(key)
                || AdminClientConfig.configNames().contains(key);
    }

    /** Every key a concern of the pipeline defines: its own, the topics', the churn model's, the map's, the serdes'. */
    public static Set<String> keys() {
        return ourKeys(List.of());
    }

    /** Every key a concern of the pipeline defines, and {@code otherKeys}. */
    private static Set<String> ourKeys(Collection<String> otherKeys) {
        Set<String> keys = new LinkedHashSet<>();
        keys.addAll(PipelineSettings.KEYS);
        keys.addAll(TopicSettings.KEYS);
        keys.addAll(ChurnSettings.KEYS);
        keys.addAll(CareerMapSettings.KEYS);
        keys.addAll(CurrencySettings.KEYS);
        keys.addAll(LiftSettings.KEYS);
        keys.addAll(SerdeSettings.KEYS);
        keys.addAll(otherKeys);
        return keys;
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> settings) {
        Map<String, Object> present = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (value != null) {
                present.put(key, value);
            }
        });
        return present;
    }
}
