package io.careerstream.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careerstream.pipeline.Touchpoints;
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class TouchpointValidatorTest {

    private static final long NOW = Instant.parse("2027-03-01T12:00:00Z").toEpochMilli();
    private static final long SKEW = Duration.ofMinutes(15).toMillis();

    @Test
    void aTickWithoutValueAtOrBeforeTheSkewIsValid() {
        assertThatCode(() -> TouchpointValidator.validateTick(null, tickHeaders(), NOW + SKEW, NOW, SKEW))
                .doesNotThrowAnyException();
        assertThatCode(() -> TouchpointValidator.validateTick(null, tickHeaders(), 0, NOW, SKEW))
                .doesNotThrowAnyException();
    }

    @Test
    void aTickFurtherAheadThanTheSkewIsAFutureTimestamp() {
        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> TouchpointValidator.validateTick(null, tickHeaders(), NOW + SKEW + 1, NOW, SKEW));
        assertThat(e.reason()).isEqualTo(RejectionReason.FUTURE_TIMESTAMP);
        assertThat(e.getMessage()).contains(Instant.ofEpochMilli(NOW + SKEW + 1).toString(),
                CareerstreamConfig.MAX_FUTURE_SKEW_MS);
    }

    @Test
    void aTickTheExtractorRefusedIsAFutureTimestampWhateverItsStreamTime() {
        Headers marked = tickHeaders().add(TouchpointTimestampExtractor.FUTURE_TICK_HEADER,
                "2028-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));
        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> TouchpointValidator.validateTick(null, marked, NOW - 1000, NOW, SKEW));
        assertThat(e.reason()).isEqualTo(RejectionReason.FUTURE_TIMESTAMP);
        assertThat(e.getMessage()).contains("tick at 2028-01-01T00:00:00Z", "stream time was not moved");
    }

    @Test
    void aRecordWithTheTickHeaderAndAValueIsRejectedAsTickWithValue() {
        var purchase = Touchpoints.purchase("c1", "o1", Instant.ofEpochMilli(NOW), 100);
        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> TouchpointValidator.validateTick(purchase, tickHeaders(), NOW, NOW, SKEW));
        assertThat(e.reason()).isEqualTo(RejectionReason.TICK_WITH_VALUE);
        assertThat(e.getMessage()).contains("customerId=c1", "a tick must have no value",
                "a touchpoint must not carry the tick header");
    }

    @Test
    void theDefaultSkewStaysWellBelowTheBrokersDefaultTimestampLimit() {
        long brokerDefaultAfterMaxMs = Duration.ofHours(1).toMillis(); // message.timestamp.after.max.ms, Kafka 4
        long skew = new CareerstreamConfig(Map.of("bootstrap.servers", "unused:9092")).maxFutureSkewMs();
        assertThat(skew).isPositive().isLessThanOrEqualTo(brokerDefaultAfterMaxMs / 2);
    }

    private static Headers tickHeaders() {
        return new RecordHeaders().add(StreamClock.TICK_HEADER, "1".getBytes(StandardCharsets.UTF_8));
    }
}
