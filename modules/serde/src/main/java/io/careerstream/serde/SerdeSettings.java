package io.careerstream.serde;

import io.careerstream.registry.RegistrySettings;
import io.careerstream.registry.SchemaRegistries;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The registry-and-serdes settings: where the schema registry is, how to authenticate to it, and
 * how our Avro serdes name and register schemas. The keys are Confluent's own, so a client
 * configuration written for Confluent's serdes works unchanged. Validated here, once, with an
 * error that names the key; {@link #serdeConfig()} is what the serdes are configured with.
 *
 * <p>Secrets ({@code basic.auth.user.info}, {@code bearer.auth.token}, the trust store's password) are {@link Type#PASSWORD}:
 * Kafka's config logging prints them as {@code [hidden]}.
 */
public final class SerdeSettings extends AbstractConfig {

    public static final String AUTO_REGISTER_SCHEMAS = SpecificAvroSerde.AUTO_REGISTER_SCHEMAS;
    public static final String USE_LATEST_VERSION = SpecificAvroSerde.USE_LATEST_VERSION;

    public static final ConfigDef DEFINITION = new ConfigDef()
            // No default: an in-memory registry is never chosen silently. mock://NAME is per JVM (its
            // schema ids mean nothing to another process), so only the demo and tests give one.
            .define(RegistrySettings.URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Schema registry URL(s), comma-separated (required); mock://NAME is an in-memory "
                            + "registry within one JVM, for the demo and tests only.")
            .define(RegistrySettings.BASIC_AUTH_SOURCE, Type.STRING, null, Importance.MEDIUM,
                    "USER_INFO (basic.auth.user.info) or URL (the user info in schema.registry.url).")
            .define(RegistrySettings.BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "user:password for the registry's basic authentication. Never logged.")
            .define(RegistrySettings.BEARER_AUTH_SOURCE, Type.STRING, null, Importance.LOW, "STATIC_TOKEN.")
            .define(RegistrySettings.BEARER_AUTH_TOKEN, Type.PASSWORD, null, Importance.MEDIUM,
                    "Bearer token for the registry. Never logged.")
            .define(RegistrySettings.REQUEST_TIMEOUT_MS, Type.LONG, null, Importance.LOW,
                    "How long one registry request may take (10000 by default).")
            .define(RegistrySettings.MAX_RETRIES, Type.INT, null, Importance.LOW,
                    "Retries of a registry request that failed for a reason worth retrying (3 by default).")
            .define(RegistrySettings.RETRY_BACKOFF_MS, Type.LONG, null, Importance.LOW,
                    "Pause before the first retry, doubled for each next one (200 by default).")
            .define(RegistrySettings.TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM,
                    "Trust store file holding the certificate authority of an https registry (the JVM's default "
                            + "trust store when unset).")
            .define(RegistrySettings.TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM,
                    "Password of that trust store. Never logged.")
            .define(RegistrySettings.TRUSTSTORE_TYPE, Type.STRING, null, Importance.LOW,
                    "PKCS12 (the default) or JKS.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register output schemas on first use; false where `careerstream schemas register` did it.")
            .define(USE_LATEST_VERSION, Type.BOOLEAN, false, Importance.LOW,
                    "Write with the subject's latest registered schema instead of the class's own.")
            .define(SubjectNameStrategy.VALUE_CONFIG, Type.STRING, null, Importance.LOW,
                    "TopicNameStrategy (default), RecordNameStrategy or TopicRecordNameStrategy.")
            .define(SubjectNameStrategy.KEY_CONFIG, Type.STRING, null, Importance.LOW,
                    "As value.subject.name.strategy, for keys.");

    /** Every key of this concern: they configure our serdes and are never passed to Kafka Streams. */
    public static final Set<String> KEYS = DEFINITION.names();

    public SerdeSettings(Map<?, ?> originals) {
        super(DEFINITION, only(originals), false);
        Map<String, Object> serde = serdeConfig();
        if (!inMemory()) {
            try {
                RegistrySettings.from(serde);
            } catch (IllegalArgumentException e) {
                // The message names the key (and never a secret's value).
                throw new ConfigException(e.getMessage());
            }
        }
        for (String key : Set.of(SubjectNameStrategy.VALUE_CONFIG, SubjectNameStrategy.KEY_CONFIG)) {
            try {
                SubjectNameStrategy.parse(key, getString(key));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, getString(key), e.getMessage());
            }
        }
    }

    /** The registry URL(s) as given. */
    public String registryUrl() {
        return getString(RegistrySettings.URL);
    }

    /** Whether the registry is an in-memory one ({@code mock://}): per process, for the demo and tests. */
    public boolean inMemory() {
        return SchemaRegistries.isInMemory(registryUrl());
    }

    /**
     * These settings, refusing an in-memory registry: what it registers lives in this one process,
     * so its schema ids would mean nothing to the pipeline or to any consumer.
     *
     * @throws ConfigException naming {@code schema.registry.url}
     */
    public SerdeSettings requireServer() {
        if (inMemory()) {
            throw new ConfigException(RegistrySettings.URL, registryUrl(), "mock:// is an in-memory registry inside this "
                    + "one process: what it registers no other process can read. Give the URL of a registry server "
                    + "(mock:// is for the demo and tests only)");
        }
        return this;
    }

    /** The map our serdes and registry clients are configured with: every key given, secrets in the clear. */
    public Map<String, Object> serdeConfig() {
        Map<String, Object> serde = new HashMap<>();
        for (String key : KEYS) {
            Object value = get(key);
            if (value instanceof Password password) {
                value = password.value();
            }
            if (value != null) {
                serde.put(key, value);
            }
        }
        return serde;
    }

    /** The values of {@code settings} that belong to this concern. */
    private static Map<String, Object> only(Map<?, ?> settings) {
        Map<String, Object> mine = new HashMap<>();
        settings.forEach((key, value) -> {
            if (KEYS.contains(key.toString())) {
                mine.put(key.toString(), value);
            }
        });
        return mine;
    }
}
