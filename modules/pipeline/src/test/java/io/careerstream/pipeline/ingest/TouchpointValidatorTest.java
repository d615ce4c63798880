package io.careerstream.pipeline.ingest;

import io.careerstream.domain.ReportingCurrency;
import io.careerstream.registry.RegistrySettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.pipeline.errors.InvalidTouchpointException;
import io.careerstream.topics.RejectionReason;
import io.careerstream.topics.TickProtocol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.Touchpoint;
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The validator as a processor (MockProcessorContext, the wall clock at {@link #NOW}): what it
 * forwards, and which {@link RejectionReason} it throws for what.
 */
class TouchpointValidatorTest {

    private static final long NOW = Instant.parse("2027-03-01T12:00:00Z").toEpochMilli();
    private static final long SKEW = Duration.ofMinutes(15).toMillis();
    /** When the valid touchpoint of these tests happened, and its record's timestamp. */
    private static final long AT = NOW - Duration.ofHours(1).toMillis();

    private MockProcessorContext<String, Object> context;
    private TouchpointValidator validator;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentStreamTimeMs(0);
        context.setCurrentSystemTimeMs(NOW);
        validator = new TouchpointValidator(SKEW, ReportingCurrency.USD, "career", "resolver");
        validator.init(context);
    }

    // ---- rejections: one row per reason the validator gives ---------------------------------------

    /**
     * Each row is {@link #valid()} with one thing wrong. {@code UNDESERIALIZABLE} is given by the
     * deserialization handler and {@code PROCESSING_ERROR} by the career processor, never here.
     */
    static Stream<Arguments> rejections() {
        return Stream.of(
                row(RejectionReason.EMPTY_VALUE, "no value and no tick header",
                        record("c1", null, new RecordHeaders())),
                row(RejectionReason.MISSING_CUSTOMER_ID, "customerId is blank and there is no alias",
                        record("c1", with(e -> e.setCustomerId(" ")))),
                row(RejectionReason.KEY_MISMATCH, "key c2, customerId c1",
                        record("c2", valid())),
                row(RejectionReason.KEY_MISMATCH, "key c1, alias @ann and no customerId",
                        record("c1", with(e -> { e.setCustomerId(""); e.setAlias("@ann"); }))),
                row(RejectionReason.MISSING_EVENT_ID, "eventId is empty",
                        record("c1", with(e -> e.setEventId("")))),
                row(RejectionReason.INVALID_TIMESTAMP, "occurredAt is 1970-01-01T00:00:00Z",
                        record("c1", with(e -> e.setOccurredAt(Instant.EPOCH)))),
                row(RejectionReason.FUTURE_TIMESTAMP, "occurredAt is 1 ms beyond the allowed skew",
                        record("c1", with(e -> e.setOccurredAt(Instant.ofEpochMilli(NOW + SKEW + 1))))),
                row(RejectionReason.TICK_WITH_VALUE, "tick header and a touchpoint as value",
                        record("c1", valid(), tickHeaders())),
                row(RejectionReason.UNKNOWN_PAYLOAD, "payload is not one of the four kinds",
                        record("c1", with(e -> e.setPayload("a string")))),
                row(RejectionReason.MISSING_ORDER_ID, "purchase without orderId",
                        record("c1", withPurchase(p -> p.setOrderId("")))),
                row(RejectionReason.NEGATIVE_AMOUNT, "purchase of -1 cent",
                        record("c1", withPurchase(p -> p.setAmountMinor(-1L)))),
                row(RejectionReason.INVALID_CURRENCY, "currency 'usd' (ISO 4217 codes are upper case)",
                        record("c1", withPurchase(p -> p.setCurrency("usd")))),
                row(RejectionReason.NEGATIVE_ITEM_COUNT, "purchase of -1 items",
                        record("c1", withPurchase(p -> p.setItemCount(-1)))),
                row(RejectionReason.UNKNOWN_CURRENCY, "a valid currency (EUR) without a rate into USD",
                        record("c1", withPurchase(p -> p.setCurrency("EUR")))));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("rejections")
    void anInvalidRecordThrowsItsReasonAndForwardsNothing(RejectionReason reason, String what,
                                                          Record<String, TouchpointEvent> record) {
        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> validator.process(record));

        assertThat(e).as(what).isNotNull();
        assertThat(e.reason()).as(what).isEqualTo(reason);
        assertThat(e.getMessage()).startsWith(reason + ": ");
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void theTableHasExactlyOneRowForEveryReasonTheValidatorGives() {
        List<RejectionReason> rows = rejections().map(row -> (RejectionReason) row.get()[0]).distinct().toList();

        assertThat(rows).containsExactlyInAnyOrderElementsOf(EnumSet.complementOf(
                EnumSet.of(RejectionReason.UNDESERIALIZABLE, RejectionReason.PROCESSING_ERROR, RejectionReason.LATE,
                        RejectionReason.UNRESOLVED_IDENTITY, RejectionReason.INVALID_IDENTITY_LINK, RejectionReason.DATA_LOSS)));
    }

    // ---- what is forwarded -------------------------------------------------------------------------

    static Stream<Arguments> accepted() {
        return Stream.of(
                row("a purchase", valid(),
                        new Touchpoint.Purchase("e1", "c1", AT, "o1", 1999, "USD", 2, List.of("music", "books"))),
                row("an inquiry", event(new Inquiry(InquiryKind.COMPLAINT, "delivery", false)),
                        new Touchpoint.Inquiry("e1", "c1", AT, Touchpoint.InquiryKind.COMPLAINT, false)),
                row("a social mention", event(new SocialMention("x", Sentiment.NEGATIVE, 250L, true)),
                        new Touchpoint.SocialMention("e1", "c1", AT, Touchpoint.Sentiment.NEGATIVE, 250, true)),
                row("an email engagement", event(new EmailEngagement("campaign-1", EmailAction.SPAM_REPORT, null, false)),
                        new Touchpoint.EmailEngagement("e1", "c1", AT, Touchpoint.EmailAction.SPAM_REPORT, "campaign-1", null)),
                row("a campaign send of a variant", event(new EmailEngagement("spring", EmailAction.DELIVERED, "subject-b", false)),
                        new Touchpoint.EmailEngagement("e1", "c1", AT, Touchpoint.EmailAction.DELIVERED, "spring", "subject-b")),
                row("a hold-out: DELIVERED with heldOut on the wire", event(new EmailEngagement("spring",
                                EmailAction.DELIVERED, "control", true)),
                        new Touchpoint.EmailEngagement("e1", "c1", AT, Touchpoint.EmailAction.HELD_OUT, "spring", "control")),
                row("a free purchase without items", withPurchase(p -> {
                    p.setAmountMinor(0L);
                    p.setItemCount(0);
                }), new Touchpoint.Purchase("e1", "c1", AT, "o1", 0, "USD", 0, List.of("music", "books"))),
                row("occurredAt exactly at the allowed skew", with(e -> e.setOccurredAt(Instant.ofEpochMilli(NOW + SKEW))),
                        new Touchpoint.Purchase("e1", "c1", NOW + SKEW, "o1", 1999, "USD", 2, List.of("music", "books"))),
                row("occurredAt 1 ms after the epoch", with(e -> e.setOccurredAt(Instant.ofEpochMilli(1))),
                        new Touchpoint.Purchase("e1", "c1", 1, "o1", 1999, "USD", 2, List.of("music", "books"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void aValidTouchpointIsForwardedAsTheDomainTouchpointKeyedByItsCustomer(String what, TouchpointEvent event,
                                                                           Touchpoint expected) {
        Headers headers = new RecordHeaders().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));

        validator.process(new Record<>("c1", event, AT, headers));

        assertThat(context.forwarded()).hasSize(1);
        Record<? extends String, ?> forwarded = context.forwarded().get(0).record();
        assertThat(forwarded.key()).isEqualTo("c1");
        assertThat(forwarded.value()).isEqualTo(expected);
        assertThat(forwarded.timestamp()).isEqualTo(AT);
        assertThat(forwarded.headers()).isEqualTo(headers);
        assertThat(context.forwarded().get(0).childName()).contains("career");
    }

    @Test
    void anAliasedTouchpointGoesAsItIsToTheResolverKeyedByItsAlias() {
        TouchpointEvent aliased = with(e -> { e.setCustomerId(""); e.setAlias("@ann"); });

        validator.process(new Record<>("@ann", aliased, AT));

        assertThat(context.forwarded()).hasSize(1);
        assertThat(context.forwarded().get(0).childName()).contains("resolver");
        assertThat(context.forwarded().get(0).record().key()).isEqualTo("@ann");
        assertThat(context.forwarded().get(0).record().value()).isEqualTo(aliased);
    }

    @Test
    void anAliasedTouchpointIsValidatedInFullBeforeItIsResolved() {
        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> validator.process(new Record<>("@ann", with(ev -> { ev.setCustomerId(""); ev.setAlias("@ann"); ev.setEventId(""); }), AT)));

        assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_EVENT_ID);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void whereAliasesAreNotResolvedAnAliasedTouchpointLacksItsCustomer() {
        TouchpointValidator resolvedPath = new TouchpointValidator(SKEW, ReportingCurrency.USD, "career", null);
        resolvedPath.init(context);

        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> resolvedPath.process(new Record<>("@ann", with(ev -> { ev.setCustomerId(""); ev.setAlias("@ann"); }), AT)));

        assertThat(e.reason()).isEqualTo(RejectionReason.MISSING_CUSTOMER_ID);
        assertThat(context.forwarded()).isEmpty();
    }

    // ---- ticks -------------------------------------------------------------------------------------

    @Test
    void aTickAtOrBeforeTheSkewIsForwardedWithoutKeyOrValueAtItsTime() {
        validator.process(new Record<>("any-key", null, NOW + SKEW, tickHeaders()));
        validator.process(new Record<>(null, null, 0L, tickHeaders()));

        List<CapturedForward<? extends String, ?>> forwarded = context.forwarded();
        // To every child (career, resolver, the RFM sketches), not to one by name.
        assertThat(forwarded).hasSize(2);
        assertThat(forwarded).allSatisfy(f -> assertThat(f.childName()).isEmpty());
        assertThat(forwarded).allSatisfy(f -> {
            assertThat(f.record().key()).isNull();
            assertThat(f.record().value()).isNull();
            assertThat(TickProtocol.isTick(f.record().headers())).isTrue();
        });
        assertThat(forwarded).extracting(f -> f.record().timestamp()).containsExactly(NOW + SKEW, 0L);
    }

    @Test
    void aTickFurtherAheadThanTheSkewIsAFutureTimestamp() {
        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> validator.process(new Record<>(null, null, NOW + SKEW + 1, tickHeaders())));

        assertThat(e.reason()).isEqualTo(RejectionReason.FUTURE_TIMESTAMP);
        assertThat(e.getMessage()).contains(Instant.ofEpochMilli(NOW + SKEW + 1).toString(),
                PipelineSettings.MAX_FUTURE_SKEW_MS);
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void aTickTheExtractorRefusedIsAFutureTimestampWhateverItsStreamTime() {
        Headers marked = tickHeaders().add(TouchpointTimestampExtractor.FUTURE_TICK_HEADER,
                "2028-01-01T00:00:00Z".getBytes(StandardCharsets.UTF_8));

        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> validator.process(new Record<>(null, null, NOW - 1000, marked)));

        assertThat(e.reason()).isEqualTo(RejectionReason.FUTURE_TIMESTAMP);
        assertThat(e.getMessage()).contains("tick at 2028-01-01T00:00:00Z", "stream time was not moved");
        assertThat(context.forwarded()).isEmpty();
    }

    @Test
    void aTickWithAValueNamesTheTouchpointItCarries() {
        InvalidTouchpointException e = catchThrowableOfType(InvalidTouchpointException.class,
                () -> validator.process(record("c1", valid(), tickHeaders())));

        assertThat(e.reason()).isEqualTo(RejectionReason.TICK_WITH_VALUE);
        assertThat(e.getMessage()).contains("eventId=e1", "customerId=c1", "a tick must have no value",
                "a touchpoint must not carry the tick header");
    }

    @Test
    void theDefaultSkewStaysWellBelowTheBrokersDefaultTimestampLimit() {
        long brokerDefaultAfterMaxMs = Duration.ofHours(1).toMillis(); // message.timestamp.after.max.ms, Kafka 4
        long skew = new CareerstreamConfig(Map.of("bootstrap.servers", "unused:9092",
                RegistrySettings.URL, "mock://validator-test")).pipeline().maxFutureSkewMs();
        assertThat(skew).isPositive().isLessThanOrEqualTo(brokerDefaultAfterMaxMs / 2);
    }

    // ---- test data ---------------------------------------------------------------------------------

    /** A valid purchase: customer c1, event e1, order o1, at {@link #AT}. */
    private static TouchpointEvent valid() {
        return event(new Purchase("o1", 1999L, "USD", 2, List.of("music", "books")));
    }

    private static TouchpointEvent event(Object payload) {
        return TouchpointEvent.newBuilder().setEventId("e1").setCustomerId("c1").setOccurredAt(Instant.ofEpochMilli(AT))
                .setChannel("pos").setPayload(payload).build();
    }

    /** {@link #valid()} changed through its setters (which, unlike the builder, check nothing). */
    private static TouchpointEvent with(Consumer<TouchpointEvent> change) {
        TouchpointEvent event = valid();
        change.accept(event);
        return event;
    }

    private static TouchpointEvent withPurchase(Consumer<Purchase> change) {
        return with(e -> change.accept((Purchase) e.getPayload()));
    }

    private static Record<String, TouchpointEvent> record(String key, TouchpointEvent value) {
        return record(key, value, new RecordHeaders());
    }

    private static Record<String, TouchpointEvent> record(String key, TouchpointEvent value, Headers headers) {
        return new Record<>(key, value, AT, headers);
    }

    private static Headers tickHeaders() {
        return new RecordHeaders().add(TickProtocol.TICK_HEADER, "1".getBytes(StandardCharsets.UTF_8));
    }

    private static Arguments row(Object... columns) {
        return Arguments.of(columns);
    }
}
