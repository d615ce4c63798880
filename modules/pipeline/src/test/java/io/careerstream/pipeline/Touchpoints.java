package io.careerstream.pipeline;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Test builders for touchpoint events. */
public final class Touchpoints {

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Touchpoints() {
    }

    public static TouchpointEvent purchase(String customerId, String orderId, Instant at, long amountMinor) {
        return event(customerId, at, "pos", new Purchase(orderId, amountMinor, "USD", 1, List.of("music")));
    }

    public static TouchpointEvent email(String customerId, Instant at, EmailAction action) {
        return event(customerId, at, "esp", new EmailEngagement("campaign-1", action, null, false));
    }

    public static TouchpointEvent inquiry(String customerId, Instant at, InquiryKind kind, boolean resolved) {
        return event(customerId, at, "crm", new Inquiry(kind, "delivery", resolved));
    }

    public static TouchpointEvent mention(String customerId, Instant at, Sentiment sentiment) {
        return event(customerId, at, "social", new SocialMention("x", sentiment, 100L, false));
    }

    public static TouchpointEvent event(String customerId, Instant at, String channel, Object payload) {
        return TouchpointEvent.newBuilder()
                .setEventId("e-" + SEQUENCE.incrementAndGet())
                .setCustomerId(customerId)
                .setOccurredAt(at)
                .setChannel(channel)
                .setPayload(payload)
                .build();
    }
}
