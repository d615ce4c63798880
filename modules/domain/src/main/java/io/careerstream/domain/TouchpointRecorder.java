package io.careerstream.domain;

import io.careerstream.domain.map.FeatureSettings;
import java.util.List;

/**
 * Records one touchpoint in a customer's state: what it counts (orders, spend, purchase days and
 * the log-sum of the gaps between them, inquiries, mentions, email engagement, opt-outs), the
 * first and latest touchpoint, and its de-duplication key. It judges nothing: what the new state
 * means is {@link CareerEvaluator}'s business.
 */
final class TouchpointRecorder {

    private TouchpointRecorder() {
    }

    /** The key under which the state remembers a touchpoint, to recognise a resend. */
    static long deduplicationKey(Touchpoint touchpoint) {
        return deduplicationHash(touchpoint.deduplicationKey());
    }

    /**
     * Adds the touchpoint to {@code s}; {@code key} is its {@link #deduplicationKey}. The caller
     * has checked that it is neither a duplicate nor late ({@link CustomerCareer#arrival}).
     */
    static void record(CustomerState s, Touchpoint touchpoint, long key, ArrivalPolicy policy, FeatureSettings settings,
                       ReportingCurrency money) {
        long at = touchpoint.occurredAt();
        long clockBefore = s.clock();
        long clock = Math.max(clockBefore, at);
        s.seen.forgetSeenBefore(clock - policy.deduplicationWindow().toMillis());
        s.seen.remember(key, clock, policy.maxRememberedKeys());
        s.firstTouchpointAt = s.firstTouchpointAt == 0 ? at : Math.min(s.firstTouchpointAt, at);
        s.lastTouchpointAt = Math.max(s.lastTouchpointAt, at);
        if (touchpoint instanceof Touchpoint.Purchase p) {
            // Purchase days a later touchpoint within the grace period could still fall on.
            long graceMs = policy.lateGrace().toMillis();
            // Kept in the reporting currency from here on: one total however many currencies the customer pays in.
            long amount = money.toReportingMinor(p.amountMinor(), p.currency());
            recordPurchase(s, p, amount, Math.floorDiv(clockBefore - graceMs, CustomerState.DAY_MS));
            s.recentPurchaseDays.forgetBefore(Math.floorDiv(clock - graceMs, CustomerState.DAY_MS));
            recordCategories(s, p, amount, settings.maxCategories());
        } else if (touchpoint instanceof Touchpoint.Inquiry i) {
            recordInquiry(s, i);
            s.engagement.add(DecayedEngagement.Kind.INQUIRY, at, settings.engagementHalfLifeMs());
        } else if (touchpoint instanceof Touchpoint.SocialMention m) {
            recordMention(s, m);
            if (m.sentiment() != Touchpoint.Sentiment.NEUTRAL) {
                s.engagement.add(m.sentiment() == Touchpoint.Sentiment.POSITIVE ? DecayedEngagement.Kind.POSITIVE_MENTION
                        : DecayedEngagement.Kind.NEGATIVE_MENTION, at, settings.engagementHalfLifeMs());
            }
        } else if (touchpoint instanceof Touchpoint.EmailEngagement e) {
            recordEmail(s, e);
            if (e.action() == Touchpoint.EmailAction.OPEN || e.action() == Touchpoint.EmailAction.CLICK) {
                s.engagement.add(e.action() == Touchpoint.EmailAction.OPEN ? DecayedEngagement.Kind.EMAIL_OPEN
                        : DecayedEngagement.Kind.EMAIL_CLICK, at, settings.engagementHalfLifeMs());
            }
        }
    }

    /** {@code firstRememberedDay}: from this day on, {@link CustomerState#recentPurchaseDays} holds every purchase day. */
    private static void recordPurchase(CustomerState s, Touchpoint.Purchase p, long amount, long firstRememberedDay) {
        long at = p.occurredAt();
        s.purchases++;
        s.totalSpendMinor += amount;
        long day = Math.floorDiv(at, CustomerState.DAY_MS);
        boolean dayCounted = day >= firstRememberedDay ? s.recentPurchaseDays.contains(day)
                // Only reachable when the grace period was raised since the day was forgotten, or for a
                // state written before purchase days were remembered: the old approximation, which knows
                // the first and the last purchase day only.
                : day == Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS)
                        || day == Math.floorDiv(s.firstPurchaseAt, CustomerState.DAY_MS);
        if (!dayCounted) {
            // Before the day moves the first and last purchase and joins the recent days: it needs its neighbours.
            PurchaseGaps.addDay(s, day);
        }
        s.recentPurchaseDays.add(day);
        s.history.addPurchaseDay(day);
        if (s.purchaseDays == 0) {
            s.purchaseDays = 1;
            s.firstPurchaseAt = at;
            s.lastPurchaseAt = at;
            s.reactivationPending = false;
            return;
        }
        // Same-day purchases merge into one purchase day, as the customer-base literature does.
        boolean newDay = !dayCounted;
        if (newDay) {
            s.purchaseDays++;
        }
        s.firstPurchaseAt = Math.min(s.firstPurchaseAt, at);
        if (at >= s.lastPurchaseAt) {
            s.lastPurchaseAt = at;
            if (newDay) {
                // A purchase ends the silence episode and re-arms the alerts; buying again once the
                // silence had reached LAPSED is a reactivation, and the next purchase day is ordinary.
                s.reactivationPending = s.alertLevel == AlertLevel.LAPSED;
                s.alertLevel = AlertLevel.NONE;
                s.alertOpen = false; // CustomerCareer publishes the alert's end

            }
        }
    }

    /**
     * The purchase's amount is shared evenly among its distinct categories (the remainder of the
     * division to the first), so the categories' spends add up to the total spend.
     */
    private static void recordCategories(CustomerState s, Touchpoint.Purchase p, long amount, int maxCategories) {
        List<String> categories = p.categories().stream().filter(c -> c != null && !c.isBlank()).distinct().toList();
        if (categories.isEmpty() || maxCategories == 0) {
            return;
        }
        long day = Math.floorDiv(p.occurredAt(), CustomerState.DAY_MS);
        long share = amount / categories.size();
        long remainder = amount - share * categories.size();
        for (int i = 0; i < categories.size(); i++) {
            s.categories.record(List.of(categories.get(i)), day, share + (i == 0 ? remainder : 0), maxCategories);
        }
    }

    private static void recordInquiry(CustomerState s, Touchpoint.Inquiry i) {
        s.inquiries++;
        switch (i.kind()) {
            case COMPLAINT -> s.openComplaints = i.resolved() ? Math.max(0, s.openComplaints - 1) : s.openComplaints + 1;
            case SUGGESTION -> s.suggestions++;
            case PRAISE -> s.praises++;
            case QUESTION -> { }
        }
    }

    private static void recordMention(CustomerState s, Touchpoint.SocialMention m) {
        switch (m.sentiment()) {
            case POSITIVE -> s.positiveMentions++;
            case NEGATIVE -> s.negativeMentions++;
            case NEUTRAL -> { }
        }
        s.lastMentionNegative = m.sentiment() == Touchpoint.Sentiment.NEGATIVE;
        if (m.referral()) {
            s.referrals++;
        }
    }

    private static void recordEmail(CustomerState s, Touchpoint.EmailEngagement e) {
        switch (e.action()) {
            case OPEN -> s.emailOpens++;
            case CLICK -> s.emailClicks++;
            case UNSUBSCRIBE -> s.unsubscribed = true;
            case SPAM_REPORT -> s.spamReported = true;
            case DELIVERED, HELD_OUT -> { }
        }
    }

    /** 64-bit FNV-1a: stable across JVMs (unlike String.hashCode's 32 bits, too few to trust). */
    static long deduplicationHash(String key) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return h == 0 ? 1 : h;
    }
}
