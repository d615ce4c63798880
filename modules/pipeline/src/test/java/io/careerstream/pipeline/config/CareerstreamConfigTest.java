package io.careerstream.pipeline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CareerstreamConfigTest {

    private static Map<String, Object> minimal() {
        Map<String, Object> m = new HashMap<>();
        m.put("bootstrap.servers", "localhost:9092");
        m.put(CareerstreamConfig.SCHEMA_REGISTRY_URL, "mock://config-test");
        return m;
    }

    @Test
    void defaultsAreExactlyOnceWithDeadLettersAndStreamTimePunctuation() {
        CareerstreamConfig config = new CareerstreamConfig(minimal());
        var props = config.streamsProperties();
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("touchpoints-dlq");
        assertThat(config.punctuationClock()).isEqualTo(CareerstreamConfig.PunctuationClock.STREAM_TIME);
        assertThat(props).doesNotContainKey(CareerstreamConfig.AT_RISK_FACTOR);
    }

    @Test
    void theDeduplicationWindowAndLateGraceAreTypedAndAGraceBeyondTheWindowIsRefused() {
        assertThat(new CareerstreamConfig(minimal()).arrivalPolicy()).isEqualTo(io.careerstream.domain.ArrivalPolicy.DEFAULT);
        Map<String, Object> m = minimal();
        m.put(CareerstreamConfig.DEDUP_WINDOW_MS, "3600000");
        m.put(CareerstreamConfig.LATE_GRACE_MS, "7200000");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.LATE_GRACE_MS).hasMessageContaining(CareerstreamConfig.DEDUP_WINDOW_MS);
        Map<String, Object> n = minimal();
        n.put(CareerstreamConfig.DEDUP_MAX_KEYS, "0");
        assertThatThrownBy(() -> new CareerstreamConfig(n)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.DEDUP_MAX_KEYS);
        Map<String, Object> o = minimal();
        o.put(CareerstreamConfig.DEDUP_WINDOW_MS, "3600000");
        o.put(CareerstreamConfig.LATE_GRACE_MS, "600000");
        assertThat(new CareerstreamConfig(o).arrivalPolicy().deduplicationWindow()).isEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void pollsAreShortUnlessConfiguredOtherwise() {
        assertThat(new CareerstreamConfig(minimal()).streamsProperties().get(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo(CareerstreamConfig.DEFAULT_POLL_MS);
        assertThat(new StreamsConfig(new CareerstreamConfig(minimal()).streamsProperties())
                .getLong(StreamsConfig.POLL_MS_CONFIG)).isEqualTo(10L);
        Map<String, Object> m = minimal();
        m.put(StreamsConfig.POLL_MS_CONFIG, "250");
        assertThat(new StreamsConfig(new CareerstreamConfig(m).streamsProperties()).getLong(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo(250L);
    }

    @Test
    void everyRocksDbStoreSharesOneBoundedBudgetUnlessTurnedOffOrReplaced() {
        var props = new CareerstreamConfig(minimal()).streamsProperties();
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo(io.careerstream.pipeline.state.SharedRocksDBMemory.class);
        assertThat(props.get(CareerstreamConfig.ROCKSDB_MEMORY_BYTES)).isEqualTo(CareerstreamConfig.DEFAULT_ROCKSDB_MEMORY_BYTES);
        assertThat(props.get(CareerstreamConfig.ROCKSDB_MEMTABLE_SHARE)).isEqualTo(0.25);

        Map<String, Object> off = minimal();
        off.put(CareerstreamConfig.ROCKSDB_MEMORY_BYTES, "0");
        assertThat(new CareerstreamConfig(off).streamsProperties()).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);

        Map<String, Object> own = minimal();
        own.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.OwnSetter");
        assertThat(new CareerstreamConfig(own).streamsProperties().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo("com.example.OwnSetter");

        Map<String, Object> tiny = minimal();
        tiny.put(CareerstreamConfig.ROCKSDB_MEMORY_BYTES, "1048576");
        assertThatThrownBy(() -> new CareerstreamConfig(tiny)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.ROCKSDB_MEMORY_BYTES);
        Map<String, Object> share = minimal();
        share.put(CareerstreamConfig.ROCKSDB_MEMTABLE_SHARE, "0.9");
        assertThatThrownBy(() -> new CareerstreamConfig(share)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.ROCKSDB_MEMTABLE_SHARE);
    }

    @Test
    void unknownKeysPassThroughToKafkaStreams() {
        Map<String, Object> m = minimal();
        m.put("num.stream.threads", "3");
        assertThat(new CareerstreamConfig(m).streamsProperties().get("num.stream.threads")).isEqualTo("3");
    }

    @Test
    void aMisspeltCareerstreamSettingIsRefusedByName() {
        Map<String, Object> m = minimal();
        m.put("careerstream.http.tokn", "x");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("careerstream.http.tokn").hasMessageContaining(CareerstreamConfig.HTTP_TOKEN);
    }

    @Test
    void knownKeysAreOursTheRegistrysAndTheKafkaClientsWithOrWithoutTheirPrefixes() {
        assertThat(List.of(CareerstreamConfig.HTTP_PORT, CareerstreamConfig.SCHEMA_REGISTRY_URL, "basic.auth.user.info",
                "num.standby.replicas", "application.server", "producer.linger.ms", "main.consumer.max.poll.records",
                "topic.min.insync.replicas", "security.protocol", "sasl.mechanism", "group.instance.id"))
                .allSatisfy(key -> assertThat(CareerstreamConfig.isKnownKey(key)).as(key).isTrue());
        assertThat(List.of("careerstream.http.tokn", "num.standby.replica", "producer.lingerms", "bootstrap.server"))
                .allSatisfy(key -> assertThat(CareerstreamConfig.isKnownKey(key)).as(key).isFalse());
    }

    @Test
    void theRfmRebuildIntervalIsADurationOfAtLeastAMinute() {
        assertThat(new CareerstreamConfig(minimal()).rfmRebuildInterval()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(new CareerstreamConfig(minimal()).topics().rfmSketches()).isEqualTo("rfm-sketches");
        Map<String, Object> m = minimal();
        m.put(CareerstreamConfig.RFM_REBUILD_INTERVAL_MS, "1000");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.RFM_REBUILD_INTERVAL_MS);
        Map<String, Object> n = minimal();
        n.put(CareerstreamConfig.RFM_REBUILD_INTERVAL_MS, "hourly");
        assertThatThrownBy(() -> new CareerstreamConfig(n)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.RFM_REBUILD_INTERVAL_MS);
    }

    @Test
    void theRfmRebuildTimeShareIsAShareOfTimeAboveZero() {
        assertThat(new CareerstreamConfig(minimal()).rfmRebuildMaxTimeShare()).isEqualTo(0.05);
        for (String bad : new String[] {"0", "1.5", "-0.1", "often"}) {
            Map<String, Object> m = minimal();
            m.put(CareerstreamConfig.RFM_REBUILD_MAX_TIME_SHARE, bad);
            assertThatThrownBy(() -> new CareerstreamConfig(m)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(CareerstreamConfig.RFM_REBUILD_MAX_TIME_SHARE);
        }
        Map<String, Object> never = minimal();
        never.put(CareerstreamConfig.RFM_REBUILD_MAX_TIME_SHARE, "1");
        assertThat(new CareerstreamConfig(never).rfmRebuildMaxTimeShare()).isEqualTo(1.0);
    }

    @Test
    void badValuesFailAtStartUpNamingTheKey() {
        Map<String, Object> m = minimal();
        m.put(CareerstreamConfig.PUNCTUATION_TYPE, "SOMETIMES");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.PUNCTUATION_TYPE);

        Map<String, Object> n = minimal();
        n.put(CareerstreamConfig.AT_RISK_FACTOR, "lots");
        assertThatThrownBy(() -> new CareerstreamConfig(n)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.AT_RISK_FACTOR);

        Map<String, Object> o = minimal();
        o.put(CareerstreamConfig.AT_RISK_FACTOR, "5");
        assertThatThrownBy(() -> new CareerstreamConfig(o)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("lapsedFactor");

        assertThatThrownBy(() -> new CareerstreamConfig(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("bootstrap.servers");

        Map<String, Object> q = minimal();
        q.put("group.protocol", "streams");
        assertThatThrownBy(() -> new CareerstreamConfig(q)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("group.protocol").hasMessageContaining("data-loss guard");
    }

    @Test
    void regularityMixtureWeightsAreReadAndBadOnesAreRefusedByName() {
        assertThat(new CareerstreamConfig(minimal()).modelParameters().isMixture()).isFalse();
        Map<String, Object> m = minimal();
        m.put(CareerstreamConfig.MODEL_REGULARITY_WEIGHTS, "0.5, 0.1, 0.1, 0.25, 0.05");
        io.careerstream.churn.ChurnModelParameters p = new CareerstreamConfig(m).modelParameters();
        assertThat(p.purchaseModel().name()).isEqualTo("MBG/CNBD-mix");
        assertThat(p.regularityWeights()).containsExactly(0.5, 0.1, 0.1, 0.25, 0.05);

        Map<String, Object> n = minimal();
        n.put(CareerstreamConfig.MODEL_REGULARITY_WEIGHTS, "0.5, 0.5");
        assertThatThrownBy(() -> new CareerstreamConfig(n)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.MODEL_REGULARITY_WEIGHTS).hasMessageContaining("5 class weights");
        Map<String, Object> o = minimal();
        o.put(CareerstreamConfig.MODEL_REGULARITY_WEIGHTS, "0.5, 0.1, lots, 0.25, 0.05");
        assertThatThrownBy(() -> new CareerstreamConfig(o)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.MODEL_REGULARITY_WEIGHTS).hasMessageContaining("'lots'");
    }

    @Test
    void thereIsNoDefaultRegistry() {
        Map<String, Object> m = minimal();
        m.remove(CareerstreamConfig.SCHEMA_REGISTRY_URL);
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.SCHEMA_REGISTRY_URL);

        m.put(CareerstreamConfig.SCHEMA_REGISTRY_URL, "");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.SCHEMA_REGISTRY_URL);

        m.put(CareerstreamConfig.SCHEMA_REGISTRY_URL, "http://registry:8081");
        assertThat(new CareerstreamConfig(m).schemaRegistryUrl()).isEqualTo("http://registry:8081");
    }

    @Test
    void anInvalidCareerMapRefusesTheStartNamingTheKeyTheFileAndTheRule(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken-map.yaml");
        Files.writeString(file, "version: \"1\"\nstages:\n  - {id: VIP, when: \"spend > 1000.0\", action: THANK}\n"
                + "  - {id: OTHER, when: \"true\", action: NONE}\n");
        Map<String, Object> m = minimal();
        m.put(CareerstreamConfig.CAREER_MAP, file.toString());
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerstreamConfig.CAREER_MAP).hasMessageContaining("broken-map.yaml")
                .hasMessageContaining("stage 'VIP'").hasMessageContaining("spend > 1000.0");
        assertThat(new CareerstreamConfig(minimal()).careerMap().stages()).isNotEmpty();
    }
}
