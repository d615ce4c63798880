package io.careerstream.sandbox.workload;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.TouchpointEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Inquiries, social mentions and email engagement for the CDNOW customers, who only have
 * purchases in the real data; plus a set of prospects who never buy. Seeded, so every demo run
 * sees the same events. The rates are illustrative, not fitted to any data.
 */
public final class SyntheticTouchpoints {

    private static final long DAY = 86_400_000L;

    private final long seed;
    private long sequence;

    public SyntheticTouchpoints(long seed) {
        this.seed = seed;
    }

    /** Touchpoints for one buying customer, between their first purchase and {@code end}. */
    public List<TouchpointEvent> forCustomer(String customerId, long firstPurchaseAt, long end) {
        SplittableRandom random = new SplittableRandom(seed ^ customerId.hashCode() * 0x9E3779B97F4A7C15L);
        List<TouchpointEvent> events = new ArrayList<>();
        long span = Math.max(DAY, end - firstPurchaseAt);
        int emails = random.nextInt(4); // 0-3 engagements
        for (int i = 0; i < emails; i++) {
            long at = firstPurchaseAt + random.nextLong(span);
            double p = random.nextDouble();
            EmailAction action = p < 0.60 ? EmailAction.OPEN : p < 0.94 ? EmailAction.CLICK
                    : p < 0.985 ? EmailAction.UNSUBSCRIBE : EmailAction.SPAM_REPORT;
            events.add(event(customerId, at, "esp", new EmailEngagement("newsletter-" + (at / (14 * DAY)), action, null, false)));
        }
        if (random.nextDouble() < 0.15) {
            long at = firstPurchaseAt + random.nextLong(span);
            double p = random.nextDouble();
            InquiryKind kind = p < 0.50 ? InquiryKind.QUESTION : p < 0.75 ? InquiryKind.COMPLAINT
                    : p < 0.90 ? InquiryKind.SUGGESTION : InquiryKind.PRAISE;
            events.add(event(customerId, at, "crm", new Inquiry(kind, "order", kind != InquiryKind.COMPLAINT)));
            if (kind == InquiryKind.COMPLAINT && random.nextDouble() < 0.7) {
                long resolvedAt = at + DAY * (1 + random.nextInt(14));
                events.add(event(customerId, resolvedAt, "crm", new Inquiry(InquiryKind.COMPLAINT, "order", true)));
            }
        }
        if (random.nextDouble() < 0.08) {
            long at = firstPurchaseAt + random.nextLong(span);
            double p = random.nextDouble();
            Sentiment sentiment = p < 0.60 ? Sentiment.POSITIVE : p < 0.85 ? Sentiment.NEUTRAL : Sentiment.NEGATIVE;
            boolean referral = sentiment == Sentiment.POSITIVE && random.nextDouble() < 0.2;
            events.add(event(customerId, at, "social",
                    new SocialMention("social", sentiment, 10L + random.nextInt(5000), referral)));
        }
        return events;
    }

    /** Prospects: people who open and click emails but never buy. */
    public List<TouchpointEvent> prospects(int count, long start, long end) {
        List<TouchpointEvent> events = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 1; i <= count; i++) {
            String customerId = String.format("P%05d", i);
            int n = 1 + random.nextInt(3);
            for (int k = 0; k < n; k++) {
                long at = start + random.nextLong(end - start);
                EmailAction action = random.nextDouble() < 0.7 ? EmailAction.OPEN : EmailAction.CLICK;
                events.add(event(customerId, at, "esp", new EmailEngagement("acquisition", action, null, false)));
            }
        }
        return events;
    }

    private TouchpointEvent event(String customerId, long at, String channel, Object payload) {
        return TouchpointEvent.newBuilder()
                .setEventId("syn-" + seed + "-" + (++sequence))
                .setCustomerId(customerId)
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setChannel(channel)
                .setPayload(payload)
                .build();
    }
}
