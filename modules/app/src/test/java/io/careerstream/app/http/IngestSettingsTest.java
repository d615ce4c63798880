package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/** The ingestion's settings are checked at start-up, each error naming its key; the producer token is not the reader's. */
class IngestSettingsTest {

    @Test
    void defaults() {
        HttpSettings http = new HttpSettings(Map.of());
        assertThat(http.ingestToken()).isNull();
        assertThat(http.ingestMaxEvents()).isEqualTo(500);
        assertThat(http.ingestMaxRequestBytes()).isEqualTo(1_048_576);
        assertThat(http.ingestRateLimit()).isEqualTo(10_000);
        assertThat(http.ingestCorsOrigins()).as("CORS off").isEmpty();
    }

    @Test
    void theProducerTokenMayNotBeTheReaderToken() {
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN, "same", HttpSettings.INGEST_TOKEN, "same")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpSettings.INGEST_TOKEN)
                .hasMessageNotContaining("same");
    }

    @Test
    void invalidLimitsNameTheirKey() {
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.INGEST_MAX_EVENTS, "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpSettings.INGEST_MAX_EVENTS);
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.INGEST_RATE_LIMIT, "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpSettings.INGEST_RATE_LIMIT);
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.INGEST_MAX_REQUEST_BYTES, "many")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpSettings.INGEST_MAX_REQUEST_BYTES);
    }

    @Test
    void theRateLimitLetsABurstOfOneSecondThroughThenAsksToWait() {
        EventRateLimit limit = new EventRateLimit(100, 10);
        assertThat(limit.take(100)).isZero();
        assertThat(limit.take(50)).as("milliseconds until 50 more").isBetween(400L, 501L);
        assertThat(new EventRateLimit(0, 10).take(1_000_000)).as("no limit").isZero();
        assertThat(new EventRateLimit(5, 20).take(20)).as("a full batch passes a slow limit").isZero();
    }
}
