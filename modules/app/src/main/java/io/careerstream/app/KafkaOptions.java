package io.careerstream.app;

import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.registry.RegistrySettings;
import io.careerstream.serde.SerdeSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The options of every command that talks to a Kafka cluster or a schema registry (a picocli
 * mixin), and where their settings come from. Highest precedence first:
 * <ol>
 *   <li>the options {@code --bootstrap-servers} and {@code --schema-registry-url} (and a command's
 *       own options, such as {@code tick --topic}, which the command applies itself);</li>
 *   <li>{@code --set KEY=VALUE}, repeatable;</li>
 *   <li>the environment: {@code CAREERSTREAM_} followed by the key in upper case with every dot
 *       as an underscore ({@code bootstrap.servers} is {@code CAREERSTREAM_BOOTSTRAP_SERVERS},
 *       {@code careerstream.on.data.loss} is {@code CAREERSTREAM_CAREERSTREAM_ON_DATA_LOSS}); read
 *       back, the name after the prefix is lower-cased and its underscores become dots. Only names
 *       of upper-case letters, digits and single underscores count, and the launcher's own
 *       {@link #LAUNCHER_VARIABLES} are not settings. A key with an underscore, a hyphen or an
 *       upper-case letter cannot be given this way (use {@code --set} or the file);</li>
 *   <li>the {@code --config} properties file;</li>
 *   <li>the command's defaults, then {@link CareerstreamConfig}'s.</li>
 * </ol>
 * The result is one map of settings, validated by {@link CareerstreamConfig} where the command
 * needs the pipeline's configuration: an invalid value is a {@link ConfigException} naming the
 * key, which the command line prints as one line with exit status 2.
 *
 * <p>The environment is injected (a supplier, {@link System#getenv()} by default), so tests
 * give their own.
 */
@Command(footer = {"", "Settings, highest precedence first: the options above, --set, the environment, the --config file, "
        + "the defaults. Environment: CAREERSTREAM_ and the key in upper case with dots as underscores, e.g. "
        + "CAREERSTREAM_BOOTSTRAP_SERVERS, CAREERSTREAM_SCHEMA_REGISTRY_URL, CAREERSTREAM_CAREERSTREAM_ON_DATA_LOSS. "
        + "Every key: README.md, \"Configuration\"."})
public final class KafkaOptions {

    /** Prefix of the environment variables that carry settings. */
    public static final String ENVIRONMENT_PREFIX = "CAREERSTREAM_";
    /** Variables the launcher and the test fixtures read themselves: never settings. */
    public static final Set<String> LAUNCHER_VARIABLES = Set.of("CAREERSTREAM_JAVA_OPTS", "CAREERSTREAM_REGISTRY_JAVA_HOME");

    private static final Pattern SETTING_VARIABLE = Pattern.compile(ENVIRONMENT_PREFIX + "[A-Z0-9]+(_[A-Z0-9]+)*");
    private static final String BOOTSTRAP_SERVERS = StreamsConfig.BOOTSTRAP_SERVERS_CONFIG;
    private static final String REGISTRY_URL = RegistrySettings.URL;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "Properties file: bootstrap.servers, schema.registry.url, careerstream.* keys, Kafka and registry "
                    + "client keys.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "One setting, e.g. --set basic.auth.user.info=user:password (repeatable; beats the environment "
                    + "and --config).")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (bootstrap.servers; env CAREERSTREAM_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", paramLabel = "URL",
            description = "Schema registry URL(s), comma-separated (schema.registry.url; env CAREERSTREAM_SCHEMA_REGISTRY_URL).")
    String schemaRegistryUrl;

    private final Supplier<Map<String, String>> environment;

    public KafkaOptions() {
        this(System::getenv);
    }

    public KafkaOptions(Supplier<Map<String, String>> environment) {
        this.environment = Objects.requireNonNull(environment);
    }

    /** Every setting, merged by precedence (see the class comment). */
    public Map<String, String> settings() {
        return settings(Map.of());
    }

    /**
     * Every setting, merged by precedence over the command's {@code defaults}.
     *
     * @throws ConfigException when the {@code --config} file cannot be read
     */
    public Map<String, String> settings(Map<String, String> defaults) {
        Map<String, String> settings = new TreeMap<>(defaults);
        settings.putAll(fileSettings());
        settings.putAll(fromEnvironment(environment.get()));
        settings.putAll(overrides);
        if (schemaRegistryUrl != null) {
            settings.put(REGISTRY_URL, schemaRegistryUrl);
        }
        if (bootstrapServers != null) {
            settings.put(BOOTSTRAP_SERVERS, bootstrapServers);
        }
        return settings;
    }

    /**
     * The validated configuration of a command that uses the cluster and a registry server:
     * {@code bootstrap.servers} and {@code schema.registry.url} must be given, and the registry
     * must not be an in-memory {@code mock://} one (it lives in this process only: what it
     * registers, no other process can read).
     *
     * @throws ConfigException naming the key that is missing or invalid
     */
    public CareerstreamConfig config() {
        return config(Map.of());
    }

    /** {@link #config()} over the command's own {@code defaults}. */
    public CareerstreamConfig config(Map<String, String> defaults) {
        Map<String, String> settings = settings(defaults);
        requireAll(settings, BOOTSTRAP_SERVERS, REGISTRY_URL);
        CareerstreamConfig config = new CareerstreamConfig(settings, HttpSettings.KEYS);
        config.serde().requireServer();
        return config;
    }

    /**
     * The registry-and-serde settings of a command that needs a registry server but no cluster
     * ({@code schemas}): {@code schema.registry.url} must be given and must not be {@code mock://}.
     *
     * @throws ConfigException naming the key that is missing or invalid
     */
    public SerdeSettings serdeSettings() {
        Map<String, String> settings = settings();
        requireAll(settings, REGISTRY_URL);
        return new SerdeSettings(settings).requireServer();
    }

    /**
     * The settings as the environment gives them: {@code CAREERSTREAM_BOOTSTRAP_SERVERS=b:9092}
     * is {@code bootstrap.servers=b:9092}.
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> settings = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (SETTING_VARIABLE.matcher(name).matches() && !LAUNCHER_VARIABLES.contains(name)) {
                settings.put(name.substring(ENVIRONMENT_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return settings;
    }

    /** The environment variable that gives {@code key}, e.g. {@code CAREERSTREAM_BOOTSTRAP_SERVERS}. */
    public static String environmentVariable(String key) {
        return ENVIRONMENT_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * The value of {@code key}, which must be given.
     *
     * @throws ConfigException naming the key and the ways to give it
     */
    /**
     * What an admin client, consumer or producer of a command needs: the connection settings
     * (security, TLS, SASL) and bootstrap.servers, which must be set. A map the caller may add to.
     */
    public static Map<String, Object> clientSettings(Map<String, String> settings) {
        Map<String, Object> client = new java.util.HashMap<>(
                io.careerstream.pipeline.config.PipelineSettings.connectionSettings(settings));
        client.put(org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                require(settings, org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
        return client;
    }

    public static String require(Map<String, String> settings, String key) {
        requireAll(settings, key);
        return settings.get(key);
    }

    /** Fails with one message naming every one of {@code keys} that is not given (or blank). */
    static void requireAll(Map<String, String> settings, String... keys) {
        List<String> missing = Arrays.stream(keys).filter(k -> settings.get(k) == null || settings.get(k).isBlank()).toList();
        if (missing.isEmpty()) {
            return;
        }
        List<String> ways = new ArrayList<>();
        for (String key : missing) {
            ways.add(optionFor(key) + " or " + environmentVariable(key));
        }
        throw new ConfigException(String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are")
                + " not set: give " + String.join(", and ", ways) + ", or set " + (missing.size() == 1 ? "it" : "them")
                + " in the --config file");
    }

    private static String optionFor(String key) {
        return switch (key) {
            case BOOTSTRAP_SERVERS -> "--bootstrap-servers";
            case REGISTRY_URL -> "--schema-registry-url";
            default -> "--set " + key + "=VALUE";
        };
    }

    private Map<String, String> fileSettings() {
        if (configFile == null) {
            return Map.of();
        }
        Properties file = new Properties();
        try (Reader in = Files.newBufferedReader(configFile)) {
            file.load(in);
        } catch (NoSuchFileException e) {
            throw new ConfigException("Cannot read the --config file " + configFile + ": no such file");
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("Cannot read the --config file " + configFile + ": " + e);
        }
        Map<String, String> settings = new TreeMap<>();
        file.stringPropertyNames().forEach(key -> settings.put(key, file.getProperty(key)));
        return settings;
    }
}
