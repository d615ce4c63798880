package io.careerstream.app.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The HTTP API's settings: where it listens, who may read the customer endpoints, and who may
 * write touchpoints (POST /touchpoints) how fast and how much at a time. Validated
 * here, with an error that names the key; the tokens are {@link Type#PASSWORD}s, so Kafka's config
 * logging prints it as {@code [hidden]}.
 */
public final class HttpSettings extends AbstractConfig {

    public static final String HTTP_HOST = "careerstream.http.host";
    public static final String HTTP_PORT = "careerstream.http.port";
    public static final String HTTP_AUTH = "careerstream.http.auth";
    public static final String HTTP_TOKEN = "careerstream.http.token";
    public static final String METRICS_KAFKA_DETAIL = "careerstream.http.metrics.kafka.detail";
    public static final String INGEST_TOKEN = "careerstream.http.ingest.token";
    public static final String INGEST_MAX_EVENTS = "careerstream.http.ingest.max.events";
    public static final String INGEST_MAX_REQUEST_BYTES = "careerstream.http.ingest.max.request.bytes";
    public static final String INGEST_RATE_LIMIT = "careerstream.http.ingest.rate.limit";
    public static final String INGEST_CORS_ORIGINS = "careerstream.http.ingest.cors.origins";
    public static final String INGEST_ACK_TIMEOUT_MS = "careerstream.http.ingest.ack.timeout.ms";
    public static final String HTTP_TOKEN_FILE = "careerstream.http.token.file";
    public static final String INGEST_TOKEN_FILE = "careerstream.http.ingest.token.file";
    public static final String TLS_KEYSTORE_LOCATION = "careerstream.http.tls.keystore.location";
    public static final String TLS_KEYSTORE_PASSWORD = "careerstream.http.tls.keystore.password";
    public static final String TLS_KEYSTORE_TYPE = "careerstream.http.tls.keystore.type";
    public static final String OPEN_ENDPOINTS = "careerstream.http.open.endpoints";

    /** The endpoint groups {@value #OPEN_ENDPOINTS} may list. */
    public enum Endpoints {
        /** /health/live and /health/ready */
        HEALTH,
        /** /metrics */
        METRICS,
        /** /status */
        STATUS,
        /** /stages, /tracks, /lift and the console's map, /console/map (the rules and counts, no customer) */
        COUNTS;

        static String[] names() {
            return java.util.Arrays.stream(values()).map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toArray(String[]::new);
        }
    }

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(HTTP_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the HTTP API (health, metrics, customer profiles) listens on.")
            .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(-1, 65535), Importance.MEDIUM,
                    "Port of the HTTP API; 0 picks a free one, -1 turns the API off.")
            .define(HTTP_TOKEN, Type.PASSWORD, null, Importance.HIGH,
                    "Bearer token the customer endpoints require (they expose personal data); without one they "
                            + "answer 401 to everyone. Never logged.")
            .define(HTTP_AUTH, Type.STRING, "token", ValidString.in("token", "none"), Importance.HIGH,
                    "token: the customer endpoints need the bearer token and POST /touchpoints the producer token (the "
                            + "default); none: both open to anyone who reaches the port (the demo, on 127.0.0.1), logged as a "
                            + "warning at start.")
            .define(METRICS_KAFKA_DETAIL, Type.STRING, KafkaMetricsFilter.Detail.SUMMARY.name(),
                    ValidString.in(KafkaMetricsFilter.Detail.SUMMARY.name(), KafkaMetricsFilter.Detail.ALL.name()),
                    Importance.LOW, "Which of Kafka's own metrics /metrics shows: SUMMARY (per client and stream thread; "
                            + "the default) or ALL (also per task, processor, store, topic, partition and broker node: "
                            + "thousands of series).")
            .define(INGEST_TOKEN, Type.PASSWORD, null, Importance.HIGH,
                    "Bearer token POST /touchpoints requires (a producer's token: it writes, so it is not the reader's "
                            + HTTP_TOKEN + " and may not equal it); without one the route answers 401 to everyone. Never logged.")
            .define(INGEST_MAX_EVENTS, Type.INT, 500, ConfigDef.Range.between(1, 10_000), Importance.MEDIUM,
                    "Most touchpoints one POST /touchpoints may carry; a larger batch is refused with 413.")
            .define(INGEST_MAX_REQUEST_BYTES, Type.INT, 1_048_576, ConfigDef.Range.between(1024, 64 * 1_048_576),
                    Importance.MEDIUM, "Largest POST /touchpoints body in bytes; a larger one is refused with 413.")
            .define(INGEST_RATE_LIMIT, Type.INT, 10_000, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Touchpoints per second POST /touchpoints accepts, all callers together (bursts up to one second's "
                            + "worth, or one full batch); beyond it the route answers 429 with Retry-After. 0: no limit.")
            .define(INGEST_ACK_TIMEOUT_MS, Type.INT, 30_000, ConfigDef.Range.between(1000, 300_000), Importance.LOW,
                    "How long POST /touchpoints waits for the broker to acknowledge every touchpoint of a request; "
                            + "after it, 503 (send the same request again: the event ids make a resend count once).")
            .define(HTTP_TOKEN_FILE, Type.STRING, "", Importance.HIGH,
                    "A file holding the bearer token of the customer endpoints (its first line), instead of "
                            + HTTP_TOKEN + ": a mounted secret. Give one of the two, never the token on a command line, "
                            + "which every user of the machine can read.")
            .define(INGEST_TOKEN_FILE, Type.STRING, "", Importance.HIGH,
                    "A file holding the producer token of POST /touchpoints (its first line), instead of " + INGEST_TOKEN + ".")
            .define(TLS_KEYSTORE_LOCATION, Type.STRING, "", Importance.HIGH,
                    "A keystore with the HTTP API's certificate and private key: set, the API serves HTTPS only, on "
                            + HTTP_PORT + ".")
            .define(TLS_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.HIGH,
                    "The password of " + TLS_KEYSTORE_LOCATION + " (and of its key). Never logged.")
            .define(TLS_KEYSTORE_TYPE, Type.STRING, "PKCS12", ValidString.in("PKCS12", "JKS"), Importance.LOW,
                    "The type of " + TLS_KEYSTORE_LOCATION + ".")
            .define(OPEN_ENDPOINTS, Type.LIST, String.join(",", Endpoints.names()),
                    ConfigDef.ValidList.in(Endpoints.names()), Importance.MEDIUM,
                    "The endpoints that answer without the bearer token when " + HTTP_AUTH + "=token: any of health, "
                            + "metrics, status, counts (/stages, /tracks, /lift, /console/map); those left out need the reader's token too. "
                            + "The customer endpoints always need it. None of these shows personal data.")
            .define(INGEST_CORS_ORIGINS, Type.LIST, "", Importance.LOW,
                    "Origins a browser may call POST /touchpoints from (CORS), e.g. https://shop.example.com; empty (the "
                            + "default): no CORS headers, so browsers refuse cross-origin calls.");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    private final String token;
    private final String ingestToken;

    /** @throws ConfigException naming the key when a value is invalid, or the producer token is the reader token */
    public HttpSettings(Map<String, ?> settings) {
        super(DEFINITION, only(settings), false);
        this.token = secret(HTTP_TOKEN, HTTP_TOKEN_FILE);
        this.ingestToken = secret(INGEST_TOKEN, INGEST_TOKEN_FILE);
        String keystore = getString(TLS_KEYSTORE_LOCATION);
        if (!keystore.isBlank()) {
            if (!java.nio.file.Files.isReadable(java.nio.file.Path.of(keystore))) {
                throw new ConfigException(TLS_KEYSTORE_LOCATION, keystore, "no readable file there");
            }
            if (getPassword(TLS_KEYSTORE_PASSWORD) == null) {
                throw new ConfigException(TLS_KEYSTORE_PASSWORD, null, "must be set with " + TLS_KEYSTORE_LOCATION);
            }
        }
        if (ingestToken() != null && ingestToken().equals(token())) {
            throw new ConfigException(INGEST_TOKEN, "[hidden]", "must differ from " + HTTP_TOKEN
                    + ": a producer's token writes touchpoints, a reader's reads personal data, and neither may do the other's work");
        }
    }

    /** The bearer token of POST /touchpoints, or null when none is configured. */
    public String ingestToken() {
        return ingestToken;
    }

    /** The keystore of HTTPS, or empty when the API serves plain HTTP. */
    public java.util.Optional<Keystore> tlsKeystore() {
        String location = getString(TLS_KEYSTORE_LOCATION);
        return location.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(new Keystore(location,
                getPassword(TLS_KEYSTORE_PASSWORD).value(), getString(TLS_KEYSTORE_TYPE)));
    }

    /** A keystore's place, password and type. */
    public record Keystore(String location, String password, String type) {
        @Override
        public String toString() {
            return "Keystore[" + location + ", " + type + "]"; // never the password
        }
    }

    /** Whether {@code group} answers without the token. */
    public boolean open(Endpoints group) {
        return !authRequired() || getList(OPEN_ENDPOINTS).stream().map(String::strip)
                .anyMatch(name -> name.equalsIgnoreCase(group.name()));
    }

    /**
     * A token given inline or in a file (its first line), never both: a file that cannot be read
     * or is empty is an error naming the key, not a silently open or closed endpoint.
     */
    private String secret(String key, String fileKey) {
        var inline = getPassword(key);
        String file = getString(fileKey);
        boolean hasInline = inline != null && !inline.value().isBlank();
        if (file.isBlank()) {
            return hasInline ? inline.value() : null;
        }
        if (hasInline) {
            throw new ConfigException(fileKey, file, "give " + key + " or " + fileKey + ", not both");
        }
        try {
            String first = java.nio.file.Files.readAllLines(java.nio.file.Path.of(file)).stream().findFirst()
                    .map(String::strip).orElse("");
            if (first.isEmpty()) {
                throw new ConfigException(fileKey, file, "the file's first line is empty");
            }
            return first;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            throw new ConfigException(fileKey, file, "cannot be read: " + e.getMessage());
        }
    }

    /** Most touchpoints in one request. */
    public int ingestMaxEvents() {
        return getInt(INGEST_MAX_EVENTS);
    }

    /** Largest request body, in bytes. */
    public int ingestMaxRequestBytes() {
        return getInt(INGEST_MAX_REQUEST_BYTES);
    }

    /** Touchpoints per second accepted, 0 for no limit. */
    public int ingestRateLimit() {
        return getInt(INGEST_RATE_LIMIT);
    }

    /** How long a request waits for the broker's acknowledgement. */
    public java.time.Duration ingestAckTimeout() {
        return java.time.Duration.ofMillis(getInt(INGEST_ACK_TIMEOUT_MS));
    }

    /** Origins allowed to call POST /touchpoints from a browser; empty: CORS off. */
    public java.util.List<String> ingestCorsOrigins() {
        return getList(INGEST_CORS_ORIGINS).stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    }

    public String host() {
        return getString(HTTP_HOST);
    }

    /** The HTTP API's port: 0 for a free one, -1 when the API is off. */
    public int port() {
        return getInt(HTTP_PORT);
    }

    /** Whether the API is served at all. */
    public boolean enabled() {
        return port() >= 0;
    }

    /** The bearer token of the customer endpoints, or null when none is configured. */
    public String token() {
        return token;
    }

    /** Whether the customer endpoints ask for the bearer token ({@code careerstream.http.auth=token}). */
    public boolean authRequired() {
        return "token".equals(getString(HTTP_AUTH));
    }

    /** How much of Kafka's own metrics to show on /metrics. */
    public KafkaMetricsFilter.Detail kafkaMetricsDetail() {
        return KafkaMetricsFilter.Detail.valueOf(getString(METRICS_KAFKA_DETAIL));
    }

    private static Map<String, Object> only(Map<String, ?> settings) {
        Map<String, Object> mine = new HashMap<>();
        settings.forEach((key, value) -> {
            if (KEYS.contains(key)) {
                mine.put(key, value);
            }
        });
        return mine;
    }
}
