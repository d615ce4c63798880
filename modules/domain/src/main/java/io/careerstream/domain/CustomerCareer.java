package io.careerstream.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies touchpoints and the passing of time to a customer's state and says what changed.
 *
 * <p>Time-driven checks are evaluated at the moment they became due, not at the moment someone
 * looked: silence that crossed a threshold before a touchpoint is settled first, at its own
 * time. The outcome is therefore the same whether a timer fired early, late or not at all before
 * the next event, which makes replays and live processing agree.
 */
public final class CustomerCareer {

    /** Triggering event id of changes caused by silence. */
    public static final String TIMER = "timer";

    private final LifecycleRules rules;

    public CustomerCareer(LifecycleRules rules) {
        this.rules = rules;
    }

    public LifecycleRules rules() {
        return rules;
    }

    /**
     * Applies one touchpoint. {@code prior} is not modified; null means a customer never seen.
     */
    public CareerOutcome onTouchpoint(CustomerState prior, Touchpoint touchpoint) {
        CustomerState before = prior == null ? CustomerState.empty() : prior;
        long key = deduplicationHash(touchpoint.deduplicationKey());
        if (before.seenRecently(key)) {
            return new CareerOutcome(before, List.of(), List.of(), before.nextCheckAt, true);
        }
        CustomerState s = before.copy();
        List<StageChange> changes = new ArrayList<>();
        List<ChurnSignal> signals = new ArrayList<>();
        long at = touchpoint.occurredAt();
        settleDueChecks(s, touchpoint.customerId(), at, false, changes, signals);

        s.remember(key);
        s.firstTouchpointAt = s.firstTouchpointAt == 0 ? at : Math.min(s.firstTouchpointAt, at);
        s.lastTouchpointAt = Math.max(s.lastTouchpointAt, at);
        if (touchpoint instanceof Touchpoint.Purchase p) {
            applyPurchase(s, p);
        } else if (touchpoint instanceof Touchpoint.Inquiry i) {
            applyInquiry(s, i);
        } else if (touchpoint instanceof Touchpoint.SocialMention m) {
            applyMention(s, m);
        } else if (touchpoint instanceof Touchpoint.EmailEngagement e) {
            applyEmail(s, e);
        }
        evaluate(s, touchpoint.customerId(), Math.max(at, s.evaluatedAt), touchpoint.eventId(), changes, signals);
        s.nextCheckAt = nextCheckAt(s);
        return new CareerOutcome(s, changes, signals, before.nextCheckAt, false);
    }

    /**
     * Settles every silence check due at or before {@code now}. {@code prior} is not modified.
     */
    public CareerOutcome onTimer(CustomerState prior, String customerId, long now) {
        CustomerState s = prior.copy();
        List<StageChange> changes = new ArrayList<>();
        List<ChurnSignal> signals = new ArrayList<>();
        settleDueChecks(s, customerId, now, true, changes, signals);
        return new CareerOutcome(s, changes, signals, prior.nextCheckAt, false);
    }

    private void settleDueChecks(CustomerState s, String customerId, long limit, boolean inclusive,
                                 List<StageChange> changes, List<ChurnSignal> signals) {
        while (s.nextCheckAt != 0 && (inclusive ? s.nextCheckAt <= limit : s.nextCheckAt < limit)) {
            evaluate(s, customerId, Math.max(s.nextCheckAt, s.evaluatedAt), TIMER, changes, signals);
            s.nextCheckAt = nextCheckAt(s);
        }
    }

    private void evaluate(CustomerState s, String customerId, long now, String trigger,
                          List<StageChange> changes, List<ChurnSignal> signals) {
        s.evaluatedAt = now;
        Set<DoNotContactReason> reasons = s.doNotContactReasons();
        AlertLevel level = rules.silenceLevel(s, now);
        if (level.compareTo(s.alertLevel) > 0) {
            s.alertLevel = level;
            Stage alertStage = level == AlertLevel.LAPSED ? Stage.LAPSED : Stage.AT_RISK;
            double purchases90 = rules.expectedPurchases(s, now, 90);
            signals.add(new ChurnSignal(customerId, level, now, s.lastPurchaseAt,
                    rules.daysSinceLastPurchase(s, now), rules.expectedIntervalDays(s), s.purchaseDays,
                    rules.probabilityAlive(s, now), purchases90, purchases90 * rules.expectedSpendPerPurchase(s),
                    SuggestedAction.forStage(alertStage, reasons), reasons));
        }
        StageDecision decision = rules.classify(s, now);
        if (decision.stage() != s.stage) {
            changes.add(new StageChange(customerId, s.stage, decision.stage(), now, decision.rule(),
                    decision.evidence(), trigger, SuggestedAction.forStage(decision.stage(), reasons), reasons));
            s.stage = decision.stage();
            s.stageSince = now;
        }
    }

    private long nextCheckAt(CustomerState s) {
        return switch (s.alertLevel) {
            case NONE -> rules.atRiskAt(s);
            case AT_RISK -> rules.lapsedAt(s);
            case LAPSED -> 0;
        };
    }

    private static void applyPurchase(CustomerState s, Touchpoint.Purchase p) {
        long at = p.occurredAt();
        s.purchases++;
        s.totalSpendMinor += p.amountMinor();
        if (s.purchaseDays == 0) {
            s.purchaseDays = 1;
            s.firstPurchaseAt = at;
            s.lastPurchaseAt = at;
            s.reactivationPending = false;
            return;
        }
        long day = Math.floorDiv(at, CustomerState.DAY_MS);
        // Same-day purchases merge into one purchase day, as the customer-base literature does;
        // a late purchase on an inner day that was already counted is the one case counted twice.
        boolean newDay = day != Math.floorDiv(s.lastPurchaseAt, CustomerState.DAY_MS)
                && day != Math.floorDiv(s.firstPurchaseAt, CustomerState.DAY_MS);
        if (newDay) {
            s.purchaseDays++;
        }
        s.firstPurchaseAt = Math.min(s.firstPurchaseAt, at);
        if (at >= s.lastPurchaseAt) {
            s.lastPurchaseAt = at;
            if (newDay) {
                // A purchase ends the silence episode and re-arms the alerts; buying again after a
                // lapse is a reactivation, and the next purchase day after that is ordinary again.
                s.reactivationPending = s.stage == Stage.LAPSED;
                s.alertLevel = AlertLevel.NONE;
            }
        }
    }

    private static void applyInquiry(CustomerState s, Touchpoint.Inquiry i) {
        s.inquiries++;
        if (i.kind() == Touchpoint.InquiryKind.COMPLAINT) {
            s.openComplaints = i.resolved() ? Math.max(0, s.openComplaints - 1) : s.openComplaints + 1;
        }
    }

    private static void applyMention(CustomerState s, Touchpoint.SocialMention m) {
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

    private static void applyEmail(CustomerState s, Touchpoint.EmailEngagement e) {
        switch (e.action()) {
            case OPEN -> s.emailOpens++;
            case CLICK -> s.emailClicks++;
            case UNSUBSCRIBE -> s.unsubscribed = true;
            case SPAM_REPORT -> s.spamReported = true;
            case DELIVERED -> { }
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
