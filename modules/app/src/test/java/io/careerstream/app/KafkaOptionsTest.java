package io.careerstream.app;

import java.util.TreeSet;
import java.util.Set;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.careerstream.pipeline.config.CareerstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KafkaOptionsTest {

    private static KafkaOptions parse(Map<String, String> environment, String... args) {
        KafkaOptions options = new KafkaOptions(() -> environment);
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void optionsBeatSetWhichBeatsTheEnvironmentWhichBeatsTheFileWhichBeatsTheDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("careerstream.properties");
        Files.writeString(file, String.join("\n",
                "bootstrap.servers=file:9092",
                "schema.registry.url=http://file:8081",
                "application.id=from-file",
                "num.stream.threads=1",
                "careerstream.on.data.loss=CONTINUE",
                "state.dir=/from/file"));
        Map<String, String> environment = Map.of(
                "CAREERSTREAM_BOOTSTRAP_SERVERS", "env:9092",
                "CAREERSTREAM_SCHEMA_REGISTRY_URL", "http://env:8081",
                "CAREERSTREAM_APPLICATION_ID", "from-env",
                "CAREERSTREAM_NUM_STREAM_THREADS", "2");

        KafkaOptions options = parse(environment, "--config", file.toString(),
                "--set", "bootstrap.servers=set:9092", "--set", "application.id=from-set",
                "--bootstrap-servers", "option:9092");
        Map<String, String> settings = options.settings(Map.of("state.dir", "/default", "commit.interval.ms", "100"));

        assertThat(settings).containsOnly(
                entry("bootstrap.servers", "option:9092"),          // option > --set > env > file
                entry("application.id", "from-set"),                // --set > env > file
                entry("schema.registry.url", "http://env:8081"),    // env > file
                entry("num.stream.threads", "2"),                   // env > file
                entry("careerstream.on.data.loss", "CONTINUE"),     // file only
                entry("state.dir", "/from/file"),                   // file > default
                entry("commit.interval.ms", "100"));                // default only

        CareerstreamConfig config = parse(environment, "--config", file.toString(), "--schema-registry-url", "http://option:8081")
                .config();
        assertThat(config.serde().registryUrl()).isEqualTo("http://option:8081");
        assertThat(config.streamsProperties()).containsEntry("bootstrap.servers", "env:9092")
                .containsEntry("application.id", "from-env").containsEntry("num.stream.threads", "2");
        assertThat(config.pipeline().dataLossPolicy().name()).isEqualTo("CONTINUE");
    }

    @Test
    void theEnvironmentGivesAKeyAsCareerstreamPlusTheKeyInUpperCaseWithDotsAsUnderscores() {
        Map<String, String> environment = new HashMap<>();
        environment.put("CAREERSTREAM_BOOTSTRAP_SERVERS", "b:9092");
        environment.put("CAREERSTREAM_CAREERSTREAM_ON_DATA_LOSS", "CONTINUE");
        environment.put("CAREERSTREAM_BASIC_AUTH_USER_INFO", "user:secret");
        // Not settings: the launcher's own variables, other programs' variables, names the rule cannot read back.
        environment.put("CAREERSTREAM_JAVA_OPTS", "-Xmx1g");
        environment.put("CAREERSTREAM_REGISTRY_JAVA_HOME", "/opt/java21");
        environment.put("PATH", "/usr/bin");
        environment.put("MY_CAREERSTREAM_X", "1");
        environment.put("CAREERSTREAM_", "2");
        environment.put("CAREERSTREAM_lower_case", "3");
        environment.put("CAREERSTREAM_DOUBLE__UNDERSCORE", "4");
        environment.put("CAREERSTREAM_TRAILING_", "5");

        assertThat(KafkaOptions.fromEnvironment(environment)).containsOnly(
                entry("bootstrap.servers", "b:9092"),
                entry("careerstream.on.data.loss", "CONTINUE"),
                entry("basic.auth.user.info", "user:secret"));
        assertThat(KafkaOptions.environmentVariable("careerstream.on.data.loss")).isEqualTo("CAREERSTREAM_CAREERSTREAM_ON_DATA_LOSS");
        assertThat(KafkaOptions.environmentVariable("schema.registry.url")).isEqualTo("CAREERSTREAM_SCHEMA_REGISTRY_URL");
    }

    @Test
    void everyKeyOfEveryConcernCanBeGivenThroughTheEnvironment() {
        Set<String> keys = new TreeSet<>(CareerstreamConfig.keys());
        keys.addAll(HttpSettings.KEYS);
        assertThat(keys).contains("schema.registry.url", "careerstream.on.data.loss", "careerstream.topic.model.parameters");
        for (String key : keys) {
            String variable = KafkaOptions.environmentVariable(key);
            assertThat(KafkaOptions.fromEnvironment(Map.of(variable, "v"))).as(variable).containsOnly(entry(key, "v"));
        }
    }

    @Test
    void anInvalidValueFromAnyLayerIsAnErrorNamingTheKey(@TempDir Path dir) throws Exception {
        Map<String, String> valid = Map.of("CAREERSTREAM_BOOTSTRAP_SERVERS", "b:9092",
                "CAREERSTREAM_SCHEMA_REGISTRY_URL", "http://registry:8081");
        Map<String, String> badEnvironment = new HashMap<>(valid);
        badEnvironment.put("CAREERSTREAM_CAREERSTREAM_ON_DATA_LOSS", "SOMETIMES");
        assertThatThrownBy(() -> parse(badEnvironment).config()).isInstanceOf(ConfigException.class)
                .hasMessageContaining("careerstream.on.data.loss").hasMessageContaining("SOMETIMES");

        assertThatThrownBy(() -> parse(valid, "--set", "careerstream.punctuation.interval.ms=soon").config())
                .isInstanceOf(ConfigException.class).hasMessageContaining("careerstream.punctuation.interval.ms");

        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "careerstream.churn.rule=GUESS\n");
        assertThatThrownBy(() -> parse(valid, "-c", file.toString()).config())
                .isInstanceOf(ConfigException.class).hasMessageContaining("careerstream.churn.rule");

        // The same bad file value is overridden by a higher layer: then there is nothing to report.
        assertThat(parse(valid, "-c", file.toString(), "--set", "careerstream.churn.rule=CADENCE").config()
                .churn().silencePolicy().rule().name()).isEqualTo("CADENCE");
    }

    @Test
    void aCommandThatNeedsARegistryServerGetsNeitherNoneNorAnInMemoryOne() {
        assertThatThrownBy(() -> parse(Map.of(), "-b", "b:9092").config()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("schema.registry.url is not set")
                .hasMessageContaining("--schema-registry-url").hasMessageContaining("CAREERSTREAM_SCHEMA_REGISTRY_URL");
        assertThatThrownBy(() -> parse(Map.of()).config()).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bootstrap.servers and schema.registry.url are not set");
        assertThatThrownBy(() -> parse(Map.of(), "-b", "b:9092", "--schema-registry-url", "mock://pipeline").config())
                .isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url")
                .hasMessageContaining("in-memory");
        assertThatThrownBy(() -> parse(Map.of("CAREERSTREAM_SCHEMA_REGISTRY_URL", "http://a:8081, mock://b"), "-b", "b:9092")
                .config()).isInstanceOf(ConfigException.class).hasMessageContaining("schema.registry.url");
        assertThatThrownBy(() -> parse(Map.of(), "-b", "b:9092", "--set", "schema.registry.url= ").config())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("schema.registry.url is not set");

        // Settings alone (what tick reads) need no registry at all.
        assertThat(parse(Map.of(), "-b", "b:9092").settings()).containsOnly(entry("bootstrap.servers", "b:9092"));
    }

    @Test
    void requireNamesTheMissingKeyAndEveryWayToGiveIt() {
        assertThat(KafkaOptions.require(Map.of("bootstrap.servers", "b:9092"), "bootstrap.servers")).isEqualTo("b:9092");
        assertThatThrownBy(() -> KafkaOptions.require(Map.of(), "bootstrap.servers")).isInstanceOf(ConfigException.class)
                .hasMessage("bootstrap.servers is not set: give --bootstrap-servers or CAREERSTREAM_BOOTSTRAP_SERVERS, "
                        + "or set it in the --config file");
    }

    @Test
    void anUnreadableConfigFileIsAConfigErrorNamingTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.properties");
        assertThatThrownBy(() -> parse(Map.of(), "--config", missing.toString()).settings())
                .isInstanceOf(ConfigException.class).hasMessageContaining("--config file " + missing).hasMessageContaining("no such file");
    }

    @Test
    void theUsageNamesTheSharedOptionsAndTheEnvironment() {
        assertThat(new CommandLine(new KafkaOptions(Map::of)).getUsageMessage())
                .contains("--schema-registry-url", "--bootstrap-servers", "CAREERSTREAM_CAREERSTREAM_ON_DATA_LOSS");
    }

    @Test
    void plainClientsGetTheConnectionSettingsOnly() {
        Map<String, Object> settings = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
                "ssl.truststore.location", "/etc/trust.jks", "num.stream.threads", "4", "bootstrap.servers", "b:9092",
                "careerstream.on.data.loss", "FAIL", "basic.auth.user.info", "u:p");
        assertThat(PipelineSettings.connectionSettings(settings)).containsOnly(entry("security.protocol", "SASL_SSL"),
                entry("sasl.mechanism", "PLAIN"), entry("ssl.truststore.location", "/etc/trust.jks"));
    }

}
