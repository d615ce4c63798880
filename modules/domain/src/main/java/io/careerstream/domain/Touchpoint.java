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

    /**
     * HELD_OUT: the campaign deliberately did not contact the customer (its hold-out group); on the
     * wire an engagement DELIVERED with heldOut=true. Appended last: held touchpoints store the ordinal.
     */
    enum EmailAction { DELIVERED, OPEN, CLICK, UNSUBSCRIBE, SPAM_REPORT, HELD_OUT }

    /**
     * @param campaignId the campaign, "" when the producer did not say
     * @param variant    the campaign variant the customer was assigned to, null for the only one
     */
    record EmailEngagement(String eventId, String customerId, long occurredAt, EmailAction action, String campaignId,
                           String variant) implements Touchpoint {
        public EmailEngagement {
            campaignId = campaignId == null ? "" : campaignId;
        }

        /** An engagement without campaign details. */
        public EmailEngagement(String eventId, String customerId, long occurredAt, EmailAction action) {
            this(eventId, customerId, occurredAt, action, "", null);
        }

        /**
         * A send or a hold-out of a named campaign: the moment from which its lift is measured. An
         * email without a campaign id is attributed to none.
         */
        public boolean isCampaignExposure() {
            return (action == EmailAction.DELIVERED || action == EmailAction.HELD_OUT) && !campaignId.isBlank();
        }
    }
}
