package io.careerstream.pipeline.ingest;

import io.careerstream.topics.TickProtocol;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.Touchpoints;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class TouchpointTimestampExtractorTest {

    private static final long SKEW = Duration.ofMinutes(15).toMillis();
    private static final long PARTITION_TIME = Instant.parse("1997-06-01T00:00:00Z").toEpochMilli();
    private final TouchpointTimestampExtractor extractor = new TouchpointTimestampExtractor(SKEW);

    @Test
    void aTickWithinTheSkewBecomesStreamTime() {
        long past = Instant.parse("1998-01-01T00:00:00Z").toEpochMilli();
        long soon = System.currentTimeMillis() + SKEW - Duration.ofMinutes(5).toMillis();
        for (long at : new long[] {past, soon}) {
            ConsumerRecord<Object, Object> tick = record(at, null, tickHeaders());
            assertThat(extractor.extract(tick, PARTITION_TIME)).isEqualTo(at);
            assertThat(tick.headers().lastHeader(TouchpointTimestampExtractor.FUTURE_TICK_HEADER)).isNull();
        }
    }

    @Test
    void aTickBeyondTheSkewKeepsStreamTimeAndIsMarkedForTheValidator() {
        Instant future = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        ConsumerRecord<Object, Object> tick = record(future.toEpochMilli(), null, tickHeaders());

        assertThat(extractor.extract(tick, PARTITION_TIME)).isEqualTo(PARTITION_TIME);
        assertThat(header(tick.headers(), TouchpointTimestampExtractor.FUTURE_TICK_HEADER)).isEqualTo(future.toString());
    }

    @Test
    void theFirstRecordOfAPartitionNeverStartsStreamTimeInTheFuture() {
        long future = Instant.now().plus(Duration.ofDays(1)).toEpochMilli();
        assertThat(extractor.extract(record(future, null, tickHeaders()), -1)).isZero();
        TouchpointEvent farAhead = Touchpoints.purchase("c1", "o1", Instant.ofEpochMilli(future), 100);
        assertThat(extractor.extract(record(future, farAhead, new RecordHeaders()), -1)).isZero();
        long past = Instant.parse("1998-01-01T00:00:00Z").toEpochMilli();
        TouchpointEvent noTime = Touchpoints.purchase("c1", "o1", Instant.EPOCH, 100);
        assertThat(extractor.extract(record(past, noTime, new RecordHeaders()), -1)).isEqualTo(past);
    }

    @Test
    void aMarkThatComesWithTheRecordIsReplacedByTheExtractorsOwnVerdict() {
        long past = Instant.parse("1998-01-01T00:00:00Z").toEpochMilli();
        Headers headers = tickHeaders().add(TouchpointTimestampExtractor.FUTURE_TICK_HEADER,
                "2030-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8)); // e.g. a dead letter replayed
        ConsumerRecord<Object, Object> tick = record(past, null, headers);

        assertThat(extractor.extract(tick, PARTITION_TIME)).isEqualTo(past);
        assertThat(tick.headers().lastHeader(TouchpointTimestampExtractor.FUTURE_TICK_HEADER)).isNull();
    }

    @Test
    void aTouchpointCarryingTheTickHeaderDoesNotMoveStreamTime() {
        Instant occurredAt = Instant.parse("1997-07-01T00:00:00Z");
        TouchpointEvent purchase = Touchpoints.purchase("c1", "o1", occurredAt, 100);

        assertThat(extractor.extract(record(occurredAt.toEpochMilli(), purchase, tickHeaders()), PARTITION_TIME))
                .isEqualTo(PARTITION_TIME);
        assertThat(extractor.extract(record(occurredAt.toEpochMilli(), purchase, new RecordHeaders()), PARTITION_TIME))
                .isEqualTo(occurredAt.toEpochMilli());
    }

    private static Headers tickHeaders() {
        return new RecordHeaders().add(TickProtocol.TICK_HEADER, "1".getBytes(StandardCharsets.UTF_8));
    }

    private static ConsumerRecord<Object, Object> record(long timestamp, Object value, Headers headers) {
        return new ConsumerRecord<>("touchpoints", 0, 0L, timestamp, TimestampType.CREATE_TIME, 0, 0, null, value,
                headers, Optional.empty());
    }

    private static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
