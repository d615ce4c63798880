package io.careerstream.pipeline.ingest;

import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.Touchpoint;
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First node after the source: passes valid ticks on without key or value (see {@link StreamClock}),
 * rejects invalid ticks and touchpoints by throwing {@link InvalidTouchpointException} (the
 * processing exception handler sends the original bytes to the dead-letter topic and processing
 * goes on), and forwards valid touchpoints as domain {@link Touchpoint}s.
 *
 * <p>A record with the tick header is a tick only if it has no value: with a value it is
 * dead-lettered as {@link RejectionReason#TICK_WITH_VALUE} (it may be a real touchpoint mislabelled,
 * which must not vanish). A tick's key is ignored: a tick concerns a whole partition, and a key
 * carries nothing that could be lost. A tick further ahead of the clock than the allowed skew
 * (marked by {@link TouchpointTimestampExtractor}, which kept it from moving stream time) is
 * dead-lettered as {@link RejectionReason#FUTURE_TIMESTAMP}.
 */
public final class TouchpointValidator extends ContextualProcessor<String, TouchpointEvent, String, Touchpoint> {

    private final long maxFutureSkewMs;

    public TouchpointValidator(long maxFutureSkewMs) {
        this.maxFutureSkewMs = maxFutureSkewMs;
    }

    @Override
    public void process(Record<String, TouchpointEvent> record) {
        if (StreamClock.isTick(record.headers())) {
            validateTick(record.value(), record.headers(), record.timestamp(), context().currentSystemTimeMs(),
                    maxFutureSkewMs);
            // No customer: passed on as a null value, meaning "settle what is due up to this time".
            context().forward(record.<String>withKey(null).<Touchpoint>withValue(null));
            return;
        }
        Touchpoint touchpoint = toTouchpoint(record.key(), record.value(), context().currentSystemTimeMs());
        context().forward(record.withKey(touchpoint.customerId()).withValue(touchpoint));
    }

    private Touchpoint toTouchpoint(String key, TouchpointEvent event, long wallClockNow) {
        return validate(key, event, wallClockNow, maxFutureSkewMs);
    }

    /**
     * Returns normally if a record that carries the tick header is a valid tick; otherwise throws
     * {@link InvalidTouchpointException}: {@link RejectionReason#TICK_WITH_VALUE} if it has a value,
     * {@link RejectionReason#FUTURE_TIMESTAMP} if the timestamp extractor refused its time (header
     * {@value TouchpointTimestampExtractor#FUTURE_TICK_HEADER}) or its {@code timestamp} is more than
     * {@code maxFutureSkewMs} ahead of {@code wallClockNow}.
     */
    public static void validateTick(TouchpointEvent value, Headers headers, long timestamp, long wallClockNow,
                                    long maxFutureSkewMs) {
        if (value != null) {
            throw new InvalidTouchpointException(RejectionReason.TICK_WITH_VALUE, "record has the "
                    + StreamClock.TICK_HEADER + " header and a value (eventId=" + value.getEventId() + ", customerId="
                    + value.getCustomerId() + "): a tick must have no value; a touchpoint must not carry the tick header");
        }
        Header refused = headers == null ? null : headers.lastHeader(TouchpointTimestampExtractor.FUTURE_TICK_HEADER);
        if (refused != null || timestamp > wallClockNow + maxFutureSkewMs) {
            String requested = refused != null && refused.value() != null
                    ? new String(refused.value(), StandardCharsets.UTF_8) : Instant.ofEpochMilli(timestamp).toString();
            throw new InvalidTouchpointException(RejectionReason.FUTURE_TIMESTAMP, "tick at " + requested
                    + " is more than " + maxFutureSkewMs + " ms (" + CareerstreamConfig.MAX_FUTURE_SKEW_MS
                    + ") ahead of the clock; stream time was not moved");
        }
    }

    /** The domain touchpoint for a valid event; otherwise {@link InvalidTouchpointException} with the reason. */
    public static Touchpoint validate(String key, TouchpointEvent event, long wallClockNow, long maxFutureSkewMs) {
        if (event == null) {
            throw new InvalidTouchpointException(RejectionReason.EMPTY_VALUE, "record has no value and is not a tick");
        }
        String customerId = event.getCustomerId();
        String eventId = event.getEventId();
        if (customerId == null || customerId.isBlank()) {
            throw new InvalidTouchpointException(RejectionReason.MISSING_CUSTOMER_ID,
                    "customerId is empty (eventId=" + eventId + ")");
        }
        if (!customerId.equals(key)) {
            throw new InvalidTouchpointException(RejectionReason.KEY_MISMATCH, "record key '" + key
                    + "' differs from customerId '" + customerId + "'; touchpoints must be keyed by customerId");
        }
        if (eventId == null || eventId.isBlank()) {
            throw new InvalidTouchpointException(RejectionReason.MISSING_EVENT_ID,
                    "eventId is empty (customerId=" + customerId + ")");
        }
        if (event.getOccurredAt() == null || event.getOccurredAt().toEpochMilli() <= 0) {
            throw new InvalidTouchpointException(RejectionReason.INVALID_TIMESTAMP,
                    "occurredAt " + event.getOccurredAt() + " is not after 1970-01-01 (eventId=" + eventId + ")");
        }
        long at = event.getOccurredAt().toEpochMilli();
        if (at > wallClockNow + maxFutureSkewMs) {
            throw new InvalidTouchpointException(RejectionReason.FUTURE_TIMESTAMP, "occurredAt " + event.getOccurredAt()
                    + " is more than " + maxFutureSkewMs + " ms (" + CareerstreamConfig.MAX_FUTURE_SKEW_MS + ") ahead of the clock (eventId="
                    + eventId + ")");
        }
        Object payload = event.getPayload();
        if (payload instanceof Purchase p) {
            return purchase(eventId, customerId, at, p);
        }
        if (payload instanceof Inquiry i) {
            return new Touchpoint.Inquiry(eventId, customerId, at,
                    Touchpoint.InquiryKind.valueOf(i.getKind().name()), i.getResolved());
        }
        if (payload instanceof SocialMention m) {
            return new Touchpoint.SocialMention(eventId, customerId, at,
                    Touchpoint.Sentiment.valueOf(m.getSentiment().name()), m.getReach(), m.getReferral());
        }
        if (payload instanceof EmailEngagement e) {
            return new Touchpoint.EmailEngagement(eventId, customerId, at,
                    Touchpoint.EmailAction.valueOf(e.getAction().name()));
        }
        throw new InvalidTouchpointException(RejectionReason.UNKNOWN_PAYLOAD, "payload "
                + (payload == null ? "is missing" : "of type " + payload.getClass().getName() + " is not a touchpoint kind")
                + " (eventId=" + eventId + ")");
    }

    private static Touchpoint purchase(String eventId, String customerId, long at, Purchase p) {
        if (p.getOrderId() == null || p.getOrderId().isBlank()) {
            throw new InvalidTouchpointException(RejectionReason.MISSING_ORDER_ID,
                    "purchase has no orderId (eventId=" + eventId + ")");
        }
        if (p.getAmountMinor() < 0) {
            throw new InvalidTouchpointException(RejectionReason.NEGATIVE_AMOUNT, "purchase amount "
                    + p.getAmountMinor() + " is negative (eventId=" + eventId + ", orderId=" + p.getOrderId() + ")");
        }
        if (p.getItemCount() < 0) {
            throw new InvalidTouchpointException(RejectionReason.NEGATIVE_ITEM_COUNT, "purchase itemCount "
                    + p.getItemCount() + " is negative (eventId=" + eventId + ")");
        }
        try {
            Currency.getInstance(p.getCurrency());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidTouchpointException(RejectionReason.INVALID_CURRENCY, "currency '" + p.getCurrency()
                    + "' is not an ISO 4217 code (eventId=" + eventId + ")");
        }
        return new Touchpoint.Purchase(eventId, customerId, at, p.getOrderId(), p.getAmountMinor(), p.getCurrency(),
                p.getItemCount(), p.getCategories());
    }
}
