package io.careerstream.domain;

import java.util.List;

/**
 * A validated fact about a customer, free of any wire format. Times are epoch milliseconds of
 * event time.
 */
public sealed interface Touchpoint {

    String eventId();

    String customerId();

    long occurredAt();

    /**
     * The key under which a resend of the same fact is recognised: the order for a purchase
     * (a shop may resend an order under a new event id), the event id for everything else.
     */
    default String deduplicationKey() {
        return "event:" + eventId();
    }

    record Purchase(String eventId, String customerId, long occurredAt, String orderId, long amountMinor,
                    String currency, int itemCount, List<String> categories) implements Touchpoint {
        public Purchase {
            categories = List.copyOf(categories);
        }

        @Override
        public String deduplicationKey() {
            return "order:" + orderId;
        }
    }

    enum InquiryKind { QUESTION, COMPLAINT, SUGGESTION, PRAISE }

    record Inquiry(String eventId, String customerId, long occurredAt, InquiryKind kind, boolean resolved)
            implements Touchpoint {
    }

    enum Sentiment { POSITIVE, NEUTRAL, NEGATIVE }

    record SocialMention(String eventId, String customerId, long occurredAt, Sentiment sentiment, long reach,
                         boolean referral) implements Touchpoint {
    }

    enum EmailAction { DELIVERED, OPEN, CLICK, UNSUBSCRIBE, SPAM_REPORT }

    record EmailEngagement(String eventId, String customerId, long occurredAt, EmailAction action)
            implements Touchpoint {
    }
}
