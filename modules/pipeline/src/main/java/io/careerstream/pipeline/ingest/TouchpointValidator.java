package io.careerstream.pipeline.ingest;

import io.careerstream.domain.ReportingCurrency;
import io.careerstream.pipeline.config.CurrencySettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.pipeline.errors.InvalidTouchpointException;
import io.careerstream.topics.RejectionReason;
import io.careerstream.topics.TickProtocol;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.Touchpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;

/**
 * First node after the source: passes valid ticks on without key or value (see {@link TickProtocol}),
 * rejects invalid ticks and touchpoints by throwing {@link InvalidTouchpointException} (the
 * processing exception handler sends the original bytes to the dead-letter topic and processing
 * goes on), forwards valid touchpoints with a customer id as domain {@link Touchpoint}s to the
 * career node, and valid touchpoints keyed by an alias (customerId empty, alias set, key = alias)
 * as they are to the identity resolver. Ticks go to both: the career settles its due checks, the
 * resolver the touchpoints whose wait for an identity link has expired.
 *
 * <p>A record with the tick header is a tick only if it has no value: with a value it is
 * dead-lettered as {@link RejectionReason#TICK_WITH_VALUE} (it may be a real touchpoint mislabelled,
 * which must not vanish). A tick's key is ignored: a tick concerns a whole partition, and a key
 * carries nothing that could be lost. A tick further ahead of the clock than the allowed skew
 * (marked by {@link TouchpointTimestampExtractor}, which kept it from moving stream time) is
 * dead-lettered as {@link RejectionReason#FUTURE_TIMESTAMP}.
 */
public final class TouchpointValidator extends ContextualProcessor<String, TouchpointEvent, String, Object> {

    private final long maxFutureSkewMs;
    private final ReportingCurrency money;
    private final String careerNode;
    private final String resolverNode;

    /**
     * @param careerNode child that receives touchpoints with a customer id (every child receives the ticks)
     * @param resolverNode child that receives touchpoints keyed by an alias (and ticks); null where
     *     aliases are not resolved (the resolved touchpoints: each carries its customer id), which
     *     then rejects an aliased touchpoint as {@link RejectionReason#MISSING_CUSTOMER_ID}
     */
    public TouchpointValidator(long maxFutureSkewMs, ReportingCurrency money, String careerNode, String resolverNode) {
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.money = money;
        this.careerNode = careerNode;
        this.resolverNode = resolverNode;
    }

    @Override
    public void process(Record<String, TouchpointEvent> record) {
        if (resolverNode == null && record.value() == null && (ResolutionControl.progressOf(record.headers()) != null
                || ResolutionControl.linkedPartitionOf(record.headers()) >= 0)) {
            // The resolver's messages to the customer's task (progress markers, link notices): no touchpoint.
            context().forward(record.<Object>withValue(null), careerNode);
            return;
        }
        if (TickProtocol.isTick(record.headers())) {
            validateTick(record.value(), record.headers(), record.timestamp(), context().currentSystemTimeMs(),
                    maxFutureSkewMs);
            // No customer: passed on as a null value, meaning "settle what is due up to this time".
            // Every child gets it, in the order the topology added them: the career first, then the
            // nodes that read what the career settled (the RFM sketches) and the identity resolver.
            context().forward(record.<String>withKey(null).withValue(null));
            return;
        }
        Touchpoint touchpoint = validate(record.key(), record.value(), context().currentSystemTimeMs(), maxFutureSkewMs, money);
        if (isAliased(record.value())) {
            if (resolverNode == null) {
                throw new InvalidTouchpointException(RejectionReason.MISSING_CUSTOMER_ID, "a resolved touchpoint must "
                        + "carry its customerId (eventId=" + record.value().getEventId() + ")");
            }
            context().forward(record.<Object>withValue(record.value()), resolverNode);
        } else {
            context().forward(record.withKey(touchpoint.customerId()).<Object>withValue(touchpoint), careerNode);
        }
    }

    /** A touchpoint that names its customer by an alias only: customerId empty, alias set. */
    public static boolean isAliased(TouchpointEvent event) {
        return (event.getCustomerId() == null || event.getCustomerId().isBlank())
                && event.getAlias() != null && !event.getAlias().isBlank();
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
                    + TickProtocol.TICK_HEADER + " header and a value (eventId=" + value.getEventId() + ", customerId="
                    + value.getCustomerId() + "): a tick must have no value; a touchpoint must not carry the tick header");
        }
        Header refused = headers == null ? null : headers.lastHeader(TouchpointTimestampExtractor.FUTURE_TICK_HEADER);
        if (refused != null || timestamp > wallClockNow + maxFutureSkewMs) {
            String requested = refused != null && refused.value() != null
                    ? new String(refused.value(), StandardCharsets.UTF_8) : Instant.ofEpochMilli(timestamp).toString();
            throw new InvalidTouchpointException(RejectionReason.FUTURE_TIMESTAMP, "tick at " + requested
                    + " is more than " + maxFutureSkewMs + " ms (" + PipelineSettings.MAX_FUTURE_SKEW_MS
                    + ") ahead of the clock; stream time was not moved");
        }
    }

    /**
     * Every rule the pipeline applies to a touchpoint before its customer sees it: {@link
     * #validate(String, TouchpointEvent, long, long)}, and a purchase's currency must convert into
     * the reporting currency. Public so that producers of ours (the import, the HTTP ingestion)
     * refuse what the pipeline would dead-letter before sending it.
     */
    public static Touchpoint validate(String key, TouchpointEvent event, long wallClockNow, long maxFutureSkewMs,
                                      ReportingCurrency money) {
        Touchpoint touchpoint = validate(key, event, wallClockNow, maxFutureSkewMs);
        if (touchpoint instanceof Touchpoint.Purchase purchase && !money.converts(purchase.currency())) {
            throw new InvalidTouchpointException(RejectionReason.UNKNOWN_CURRENCY, "currency " + purchase.currency()
                    + " has no rate into the reporting currency " + money.code() + " (" + CurrencySettings.RATES
                    + "), so its amount cannot be counted (eventId=" + purchase.eventId() + ")");
        }
        return touchpoint;
    }

    /**
     * The domain touchpoint for a valid event; otherwise {@link InvalidTouchpointException} with the
     * reason. For an aliased event ({@link #isAliased}) the touchpoint's customer id is the alias.
     */
    public static Touchpoint validate(String key, TouchpointEvent event, long wallClockNow, long maxFutureSkewMs) {
        if (event == null) {
            throw new InvalidTouchpointException(RejectionReason.EMPTY_VALUE, "record has no value and is not a tick");
        }
        String eventId = event.getEventId();
        // An aliased touchpoint is checked in full under its alias, which stands in for the customer
        // id until the identity resolver knows it.
        boolean aliased = isAliased(event);
        String customerId = aliased ? event.getAlias() : event.getCustomerId();
        if (customerId == null || customerId.isBlank()) {
            throw new InvalidTouchpointException(RejectionReason.MISSING_CUSTOMER_ID,
                    "customerId and alias are both empty (eventId=" + eventId + ")");
        }
        if (!customerId.equals(key)) {
            throw new InvalidTouchpointException(RejectionReason.KEY_MISMATCH, aliased
                    ? "record key '" + key + "' differs from alias '" + customerId + "'; a touchpoint without customerId "
                            + "must be keyed by its alias"
                    : "record key '" + key + "' differs from customerId '" + customerId
                            + "'; touchpoints must be keyed by customerId");
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
                    + " is more than " + maxFutureSkewMs + " ms (" + PipelineSettings.MAX_FUTURE_SKEW_MS + ") ahead of the clock (eventId="
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
            // A hold-out is a DELIVERED with the flag on the wire (EmailAction has no enum default,
            // so it cannot gain a symbol compatibly) and its own kind in the domain.
            Touchpoint.EmailAction action = e.getHeldOut() ? Touchpoint.EmailAction.HELD_OUT
                    : Touchpoint.EmailAction.valueOf(e.getAction().name());
            return new Touchpoint.EmailEngagement(eventId, customerId, at, action, e.getCampaignId(), e.getVariant());
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
