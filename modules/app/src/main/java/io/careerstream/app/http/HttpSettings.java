package io.careerstream.app.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;

/**
 * The HTTP API's settings: where it listens and who may read the customer endpoints. Validated
 * here, with an error that names the key; the token is a {@link Type#PASSWORD}, so Kafka's config
 * logging prints it as {@code [hidden]}.
 */
public final class HttpSettings extends AbstractConfig {

    public static final String HTTP_HOST = "careerstream.http.host";
    public static final String HTTP_PORT = "careerstream.http.port";
    public static final String HTTP_AUTH = "careerstream.http.auth";
    public static final String HTTP_TOKEN = "careerstream.http.token";
    public static final String METRICS_KAFKA_DETAIL = "careerstream.http.metrics.kafka.detail";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(HTTP_HOST, Type.STRING, "0.0.0.0", new ConfigDef.NonEmptyString(), Importance.LOW,
                    "Address the HTTP API (health, metrics, customer profiles) listens on.")
            .define(HTTP_PORT, Type.INT, 8080, ConfigDef.Range.between(-1, 65535), Importance.MEDIUM,
                    "Port of the HTTP API; 0 picks a free one, -1 turns the API off.")
            .define(HTTP_TOKEN, Type.PASSWORD, null, Importance.HIGH,
                    "Bearer token the customer endpoints require (they expose personal data); without one they "
                            + "answer 401 to everyone. Never logged.")
            .define(HTTP_AUTH, Type.STRING, "token", ValidString.in("token", "none"), Importance.HIGH,
                    "token: the customer endpoints need the bearer token (the default); none: open to anyone who "
                            + "reaches the port (the demo, on 127.0.0.1), logged as a warning at start.")
            .define(METRICS_KAFKA_DETAIL, Type.STRING, KafkaMetricsFilter.Detail.SUMMARY.name(),
                    ValidString.in(KafkaMetricsFilter.Detail.SUMMARY.name(), KafkaMetricsFilter.Detail.ALL.name()),
                    Importance.LOW, "Which of Kafka's own metrics /metrics shows: SUMMARY (per client and stream thread; "
                            + "the default) or ALL (also per task, processor, store, topic, partition and broker node: "
                            + "thousands of series).");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    public HttpSettings(Map<String, ?> settings) {
        super(DEFINITION, only(settings), false);
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
