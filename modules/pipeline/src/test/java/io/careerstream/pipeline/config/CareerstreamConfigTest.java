package io.careerstream.pipeline.config;

import io.careerstream.registry.RegistrySettings;
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
        m.put(RegistrySettings.URL, "mock://config-test");
        return m;
    }

    @Test
    void defaultsAreExactlyOnceWithDeadLettersAndStreamTimePunctuation() {
        CareerstreamConfig config = new CareerstreamConfig(minimal());
        var props = config.streamsProperties();
        assertThat(props.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);
        assertThat(props.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG)).isEqualTo("touchpoints-dlq");
        assertThat(config.pipeline().punctuationClock()).isEqualTo(PipelineSettings.PunctuationClock.STREAM_TIME);
        assertThat(props).doesNotContainKey(ChurnSettings.AT_RISK_FACTOR);
    }

    @Test
    void theDeduplicationWindowAndLateGraceAreTypedAndAGraceBeyondTheWindowIsRefused() {
        assertThat(new CareerstreamConfig(minimal()).pipeline().arrivalPolicy()).isEqualTo(io.careerstream.domain.ArrivalPolicy.DEFAULT);
        Map<String, Object> m = minimal();
        m.put(PipelineSettings.DEDUP_WINDOW_MS, "3600000");
        m.put(PipelineSettings.LATE_GRACE_MS, "7200000");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineSettings.LATE_GRACE_MS).hasMessageContaining(PipelineSettings.DEDUP_WINDOW_MS);
        Map<String, Object> n = minimal();
        n.put(PipelineSettings.DEDUP_MAX_KEYS, "0");
        assertThatThrownBy(() -> new CareerstreamConfig(n)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineSettings.DEDUP_MAX_KEYS);
        Map<String, Object> o = minimal();
        o.put(PipelineSettings.DEDUP_WINDOW_MS, "3600000");
        o.put(PipelineSettings.LATE_GRACE_MS, "600000");
        assertThat(new CareerstreamConfig(o).pipeline().arrivalPolicy().deduplicationWindow()).isEqualTo(java.time.Duration.ofHours(1));
    }

    @Test
    void pollsAreShortUnlessConfiguredOtherwise() {
        assertThat(new CareerstreamConfig(minimal()).streamsProperties().get(StreamsConfig.POLL_MS_CONFIG))
                .isEqualTo(PipelineSettings.DEFAULT_POLL_MS);
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
        assertThat(props.get(PipelineSettings.ROCKSDB_MEMORY_BYTES)).isEqualTo(PipelineSettings.DEFAULT_ROCKSDB_MEMORY_BYTES);
        assertThat(props.get(PipelineSettings.ROCKSDB_MEMTABLE_SHARE)).isEqualTo(0.5);

        Map<String, Object> off = minimal();
        off.put(PipelineSettings.ROCKSDB_MEMORY_BYTES, "0");
        assertThat(new CareerstreamConfig(off).streamsProperties()).doesNotContainKey(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG);

        Map<String, Object> own = minimal();
        own.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.OwnSetter");
        assertThat(new CareerstreamConfig(own).streamsProperties().get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG))
                .isEqualTo("com.example.OwnSetter");

        Map<String, Object> tiny = minimal();
        tiny.put(PipelineSettings.ROCKSDB_MEMORY_BYTES, "1048576");
        assertThatThrownBy(() -> new CareerstreamConfig(tiny)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineSettings.ROCKSDB_MEMORY_BYTES);
        Map<String, Object> share = minimal();
        share.put(PipelineSettings.ROCKSDB_MEMTABLE_SHARE, "0.9");
        assertThatThrownBy(() -> new CareerstreamConfig(share)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineSettings.ROCKSDB_MEMTABLE_SHARE);
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
        m.put("careerstream.late.grace", "x");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("careerstream.late.grace").hasMessageContaining(PipelineSettings.LATE_GRACE_MS);
    }

    @Test
    void knownKeysAreOursTheRegistrysAndTheKafkaClientsWithOrWithoutTheirPrefixes() {
        assertThat(List.of(PipelineSettings.LATE_GRACE_MS, RegistrySettings.URL, "basic.auth.user.info",
                "num.standby.replicas", "application.server", "producer.linger.ms", "main.consumer.max.poll.records",
                "topic.min.insync.replicas", "security.protocol", "sasl.mechanism", "group.instance.id"))
                .allSatisfy(key -> assertThat(CareerstreamConfig.isKnownKey(key)).as(key).isTrue());
        assertThat(List.of("careerstream.late.grace", "num.standby.replica", "producer.lingerms", "bootstrap.server"))
                .allSatisfy(key -> assertThat(CareerstreamConfig.isKnownKey(key)).as(key).isFalse());
    }

    @Test
    void aKeyNobodyKnowsIsPassedOnButListedForAWarning() {
        Map<String, Object> m = minimal();
        m.put("num.stream.thread", "3");
        m.put("num.stream.threads", "2");
        CareerstreamConfig config = new CareerstreamConfig(m);
        assertThat(config.unknownKeys()).containsExactly("num.stream.thread");
        assertThat(config.streamsProperties()).containsEntry("num.stream.thread", "3");
    }

    @Test
    void aCareerstreamKeyOfAConcernAboveThePipelineIsAcceptedWhenThatConcernIsNamed() {
        Map<String, Object> m = minimal();
        m.put("careerstream.http.port", "8081");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("careerstream.http.port");
        assertThat(new CareerstreamConfig(m, List.of("careerstream.http.port")).streamsProperties())
                .doesNotContainKey("careerstream.http.port");
    }

    @Test
    void theRfmRebuildIntervalIsADurationOfAtLeastAMinute() {
        assertThat(new CareerstreamConfig(minimal()).pipeline().rfmRebuildInterval()).isEqualTo(java.time.Duration.ofDays(1));
        assertThat(new CareerstreamConfig(minimal()).pipeline().topics().rfmSketches()).isEqualTo("rfm-sketches");
        Map<String, Object> m = minimal();
        m.put(PipelineSettings.RFM_REBUILD_INTERVAL_MS, "1000");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineSettings.RFM_REBUILD_INTERVAL_MS);
        Map<String, Object> n = minimal();
        n.put(PipelineSettings.RFM_REBUILD_INTERVAL_MS, "hourly");
        assertThatThrownBy(() -> new CareerstreamConfig(n)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineSettings.RFM_REBUILD_INTERVAL_MS);
    }

    @Test
    void theRfmRebuildTimeShareIsAShareOfTimeAboveZero() {
        assertThat(new CareerstreamConfig(minimal()).pipeline().rfmRebuildMaxTimeShare()).isEqualTo(0.05);
        for (String bad : new String[] {"0", "1.5", "-0.1", "often"}) {
            Map<String, Object> m = minimal();
            m.put(PipelineSettings.RFM_REBUILD_MAX_TIME_SHARE, bad);
            assertThatThrownBy(() -> new CareerstreamConfig(m)).as(bad).isInstanceOf(ConfigException.class)
                    .hasMessageContaining(PipelineSettings.RFM_REBUILD_MAX_TIME_SHARE);
        }
        Map<String, Object> never = minimal();
        never.put(PipelineSettings.RFM_REBUILD_MAX_TIME_SHARE, "1");
        assertThat(new CareerstreamConfig(never).pipeline().rfmRebuildMaxTimeShare()).isEqualTo(1.0);
    }

    @Test
    void badValuesFailAtStartUpNamingTheKey() {
        Map<String, Object> m = minimal();
        m.put(PipelineSettings.PUNCTUATION_TYPE, "SOMETIMES");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(PipelineSettings.PUNCTUATION_TYPE);

        Map<String, Object> n = minimal();
        n.put(ChurnSettings.AT_RISK_FACTOR, "lots");
        assertThatThrownBy(() -> new CareerstreamConfig(n)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ChurnSettings.AT_RISK_FACTOR);

        Map<String, Object> o = minimal();
        o.put(ChurnSettings.AT_RISK_FACTOR, "5");
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
        assertThat(new CareerstreamConfig(minimal()).churn().modelParameters().isMixture()).isFalse();
        Map<String, Object> m = minimal();
        m.put(ChurnSettings.MODEL_REGULARITY_WEIGHTS, "0.5, 0.1, 0.1, 0.25, 0.05");
        io.careerstream.churn.ChurnModelParameters p = new CareerstreamConfig(m).churn().modelParameters();
        assertThat(p.purchaseModel().name()).isEqualTo("MBG/CNBD-mix");
        assertThat(p.regularityWeights()).containsExactly(0.5, 0.1, 0.1, 0.25, 0.05);

        Map<String, Object> n = minimal();
        n.put(ChurnSettings.MODEL_REGULARITY_WEIGHTS, "0.5, 0.5");
        assertThatThrownBy(() -> new CareerstreamConfig(n)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ChurnSettings.MODEL_REGULARITY_WEIGHTS).hasMessageContaining("5 class weights");
        Map<String, Object> o = minimal();
        o.put(ChurnSettings.MODEL_REGULARITY_WEIGHTS, "0.5, 0.1, lots, 0.25, 0.05");
        assertThatThrownBy(() -> new CareerstreamConfig(o)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(ChurnSettings.MODEL_REGULARITY_WEIGHTS).hasMessageContaining("'lots'");
    }

    @Test
    void thereIsNoDefaultRegistry() {
        Map<String, Object> m = minimal();
        m.remove(RegistrySettings.URL);
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RegistrySettings.URL);

        m.put(RegistrySettings.URL, "");
        assertThatThrownBy(() -> new CareerstreamConfig(m)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(RegistrySettings.URL);

        m.put(RegistrySettings.URL, "http://registry:8081");
        assertThat(new CareerstreamConfig(m).serde().registryUrl()).isEqualTo("http://registry:8081");
    }

    @Test
    void anInvalidCareerMapRefusesTheStartNamingTheKeyTheFileAndTheRule(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken-map.yaml");
        Files.writeString(file, "version: \"1\"\nstages:\n  - {id: VIP, when: \"spend > 1000.0\", action: THANK}\n"
                + "  - {id: OTHER, when: \"true\", action: NONE}\n");
        Map<String, Object> m = minimal();
        m.put(CareerMapSettings.CAREER_MAP, file.toString());
        CareerstreamConfig config = new CareerstreamConfig(m); // named only: compiled where the pipeline starts
        assertThatThrownBy(() -> config.map().compile()).isInstanceOf(ConfigException.class)
                .hasMessageContaining(CareerMapSettings.CAREER_MAP).hasMessageContaining("broken-map.yaml")
                .hasMessageContaining("stage 'VIP'").hasMessageContaining("spend > 1000.0");
        assertThat(new CareerstreamConfig(minimal()).map().compile().stages()).isNotEmpty();
    }

    @Test
    void holdOutGroupsAndTheLiftWindowAreTypedAndABadShareIsRefusedByName() {
        CareerstreamConfig defaults = new CareerstreamConfig(minimal());
        assertThat(defaults.lift().window()).isEqualTo(java.time.Duration.ofDays(14));
        assertThat(defaults.lift().holdOut().share("WIN_BACK")).isEqualTo(0.10);

        Map<String, Object> settings = minimal();
        settings.putAll(Map.of("careerstream.holdout.salt", "autumn", "careerstream.holdout.share", "0.05",
                "careerstream.holdout.shares", "WIN_BACK=0.2, ONBOARDING=0", "careerstream.lift.window.ms", "604800000"));
        CareerstreamConfig own = new CareerstreamConfig(settings);
        assertThat(own.lift().holdOut().share("WIN_BACK")).isEqualTo(0.2);
        assertThat(own.lift().holdOut().share("ONBOARDING")).isEqualTo(0.0);
        assertThat(own.lift().holdOut().share("RETENTION_OFFER")).isEqualTo(0.05);
        assertThat(own.lift().holdOut().salt()).isEqualTo("autumn");
        assertThat(own.lift().window()).isEqualTo(java.time.Duration.ofDays(7));

        assertThatThrownBy(() -> new CareerstreamConfig(withSetting("careerstream.holdout.share", "1.5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("careerstream.holdout.share");
        assertThatThrownBy(() -> new CareerstreamConfig(withSetting("careerstream.holdout.shares", "WIN_BACK")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("careerstream.holdout.shares");
        assertThatThrownBy(() -> new CareerstreamConfig(withSetting("careerstream.holdout.shares", "WIN_BACK=2")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("careerstream.holdout.shares");
        assertThatThrownBy(() -> new CareerstreamConfig(withSetting("careerstream.holdout.salt", " ")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("careerstream.holdout.salt");
        assertThatThrownBy(() -> new CareerstreamConfig(withSetting("careerstream.lift.window.ms", "10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("careerstream.lift.window.ms");
    }

    private static Map<String, Object> withSetting(String key, String value) {
        Map<String, Object> m = minimal();
        m.put(key, value);
        return m;
    }
}
