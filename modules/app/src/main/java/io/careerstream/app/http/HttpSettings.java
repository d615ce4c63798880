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
            .define(INGEST_CORS_ORIGINS, Type.LIST, "", Importance.LOW,
                    "Origins a browser may call POST /touchpoints from (CORS), e.g. https://shop.example.com; empty (the "
                            + "default): no CORS headers, so browsers refuse cross-origin calls.");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    /** @throws ConfigException naming the key when a value is invalid, or the producer token is the reader token */
    public HttpSettings(Map<String, ?> settings) {
        super(DEFINITION, only(settings), false);
        if (ingestToken() != null && ingestToken().equals(token())) {
            throw new ConfigException(INGEST_TOKEN, "[hidden]", "must differ from " + HTTP_TOKEN
                    + ": a producer's token writes touchpoints, a reader's reads personal data, and neither may do the other's work");
        }
    }

    /** The bearer token of POST /touchpoints, or null when none is configured. */
    public String ingestToken() {
        var token = getPassword(INGEST_TOKEN);
        return token == null || token.value().isBlank() ? null : token.value();
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
        var token = getPassword(HTTP_TOKEN);
        return token == null || token.value().isBlank() ? null : token.value();
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
