package io.careerstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class SerdeSettingsTest {

    @Test
    void theRegistryKeysAreReadAsTypedValuesFromStringsOrNumbers() {
        SerdeSettings fromText = new SerdeSettings(Map.of("schema.registry.url", "http://r:8081",
                "schema.registry.max.retries", "0", "schema.registry.request.timeout.ms", "2500"));
        SerdeSettings fromNumbers = new SerdeSettings(Map.of("schema.registry.url", "http://r:8081",
                "schema.registry.max.retries", 0, "schema.registry.request.timeout.ms", 2500L));
        assertThat(fromText.serdeConfig()).isEqualTo(fromNumbers.serdeConfig())
                .containsEntry("schema.registry.max.retries", 0).containsEntry("auto.register.schemas", true);
    }

    @Test
    void aBadValueIsRefusedNamingTheKeyAndNeverASecret() {
        assertThatThrownBy(() -> new SerdeSettings(Map.of("schema.registry.url", "ftp://r")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> new SerdeSettings(Map.of("schema.registry.url", "http://r:8081",
                "basic.auth.user.info", "no-colon-secret")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("basic.auth.user.info")
                .hasMessageNotContaining("no-colon-secret");
        assertThatThrownBy(() -> new SerdeSettings(Map.of("schema.registry.url", "http://r:8081",
                "value.subject.name.strategy", "Nope"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("value.subject.name.strategy");
    }

    @Test
    void anInMemoryRegistryIsKnownAsSuchAndRefusedWhereAServerIsNeeded() {
        SerdeSettings mock = new SerdeSettings(Map.of("schema.registry.url", "http://r:8081, mock://x"));
        assertThat(mock.inMemory()).isTrue();
        assertThatThrownBy(mock::requireServer).isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url").hasMessageContaining("mock://");
        assertThat(new SerdeSettings(Map.of("schema.registry.url", "http://r:8081")).requireServer().inMemory()).isFalse();
    }

    @Test
    void secretsGoToTheSerdesInTheClearButAreHiddenFromTheSettingsPrintout() {
        SerdeSettings settings = new SerdeSettings(Map.of("schema.registry.url", "http://r:8081",
                "basic.auth.user.info", "user:s3cret"));
        assertThat(settings.serdeConfig()).containsEntry("basic.auth.user.info", "user:s3cret");
        assertThat(settings.values().get("basic.auth.user.info").toString()).doesNotContain("s3cret");
    }
}
