package io.careerstream.domain;

import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CustomerFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies touchpoints and the passing of time to a customer's state, asks the career map which
 * stage and track that means, and says what changed.
 *
 * <p>Time-driven checks are evaluated at the moment they became due, not at the moment someone
 * looked: silence that crossed a threshold before a touchpoint is settled first, at its own
 * time. The outcome is therefore the same whether a timer fired early, late or not at all before
 * the next event, which makes replays and live processing agree.
 *
 * <p>When is the next check due? The silence thresholds are known exactly (the churn maths solves
 * them), so is the end of a minimum dwell time. A map whose conditions read other time-dependent
 * features (days since, P(alive), ...) is looked ahead: its decision is probed at doubling steps
 * from the granularity up to the horizon, and the first change is narrowed down to the
 * granularity. A condition that holds for less than the probe gap can be missed; conditions
 * that, once true, stay true while the customer is silent (the usual threshold kind) are found.
 */
public final class CustomerCareer {

    /** Triggering event id of changes caused by the passing of time. */
    public static final String TIMER = "timer";

    /** How finely and how far ahead a time-dependent map is looked ahead. */
    public record LookAhead(Duration granularity, Duration horizon) {
        public static final LookAhead DEFAULT = new LookAhead(Duration.ofDays(1), Duration.ofDays(730));

        public LookAhead {
            if (granularity.isNegative() || granularity.isZero() || horizon.compareTo(granularity) < 0) {
                throw new IllegalArgumentException("look-ahead needs 0 < granularity <= horizon, was " + granularity
                        + " and " + horizon);
            }
        }
    }

    private final ChurnMaths churn;
    private final CareerMap map;
    private final LookAhead lookAhead;

    public CustomerCareer(ChurnMaths churn, CareerMap map, LookAhead lookAhead) {
        this.churn = churn;
        this.map = map;
        this.lookAhead = lookAhead;
    }

    public ChurnMaths churnMaths() {
        return churn;
    }

    /** The map's verdict for a state at a moment (features and decision), as the profile shows it. */
    public CareerMap.Decision decide(CustomerState s, long now) {
        return map.evaluate(map.features(new CustomerFeature.Context(s, now, churn)));
    }

    /**
     * Applies one touchpoint. {@code prior} is not modified; null means a customer never seen.
     */
    public CareerOutcome onTouchpoint(CustomerState prior, Touchpoint touchpoint) {
        CustomerState before = prior == null ? CustomerState.empty() : prior;
        long key = deduplicationHash(touchpoint.deduplicationKey());
        if (before.seenRecently(key)) {
            return new CareerOutcome(before, List.of(), List.of(), before.nextCheckAt, true, null);
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
        long now = Math.max(at, s.evaluatedAt);
        CareerMap.Decision decision = evaluate(s, touchpoint.customerId(), now, touchpoint.eventId(), changes, signals);
        s.nextCheckAt = nextCheckAt(s, now, decision);
        return new CareerOutcome(s, changes, signals, before.nextCheckAt, false, decision);
    }

    /**
     * Settles every check due at or before {@code now}. {@code prior} is not modified.
     */
    public CareerOutcome onTimer(CustomerState prior, String customerId, long now) {
        CustomerState s = prior.copy();
        List<StageChange> changes = new ArrayList<>();
        List<ChurnSignal> signals = new ArrayList<>();
        CareerMap.Decision decision = settleDueChecks(s, customerId, now, true, changes, signals);
        return new CareerOutcome(s, changes, signals, prior.nextCheckAt, false, decision);
    }

    /** Returns the decision of the last check settled, or null when none was due. */
    private CareerMap.Decision settleDueChecks(CustomerState s, String customerId, long limit, boolean inclusive,
                                               List<StageChange> changes, List<ChurnSignal> signals) {
        CareerMap.Decision last = null;
        while (s.nextCheckAt != 0 && (inclusive ? s.nextCheckAt <= limit : s.nextCheckAt < limit)) {
            long at = Math.max(s.nextCheckAt, s.evaluatedAt);
            last = evaluate(s, customerId, at, TIMER, changes, signals);
            s.nextCheckAt = nextCheckAt(s, at, last);
        }
        return last;
    }

    private CareerMap.Decision evaluate(CustomerState s, String customerId, long now, String trigger,
                          List<StageChange> changes, List<ChurnSignal> signals) {
        s.evaluatedAt = now;
        Map<String, Object> features = map.features(new CustomerFeature.Context(s, now, churn));
        CareerMap.Decision decision = map.evaluate(features);
        AlertLevel level = churn.silenceLevel(s, now);
        if (level.compareTo(s.alertLevel) > 0) {
            s.alertLevel = level;
            double purchases90 = churn.expectedPurchases(s, now, 90);
            String defaultAction = level == AlertLevel.LAPSED ? "WIN_BACK" : "RETENTION_OFFER";
            signals.add(new ChurnSignal(customerId, level, now, s.lastPurchaseAt,
                    churn.daysSinceLastPurchase(s, now), churn.expectedIntervalDays(s), s.purchaseDays,
                    churn.probabilityAlive(s, now), purchases90, purchases90 * churn.expectedSpendPerPurchase(s),
                    override(decision, defaultAction), decision.doNotContactReasons()));
        }
        CareerMap.Rule target = decision.stage();
        if (!target.id().equals(s.stage) && !heldByDwell(s, now)) {
            changes.add(new StageChange(customerId, StageChange.Dimension.STAGE, s.stage, target.id(), now, target.id(),
                    CareerMap.evidence(target.reads(), features), trigger, decision.action(target),
                    decision.doNotContactReasons(), map.version()));
            s.stage = target.id();
            s.stageSince = now;
        }
        String track = decision.trackId();
        String currentTrack = s.track == null ? CareerMap.NO_TRACK : s.track;
        if (!track.equals(currentTrack)) {
            CareerMap.Rule rule = decision.track();
            changes.add(new StageChange(customerId, StageChange.Dimension.TRACK, currentTrack, track, now,
                    rule == null ? CareerMap.NO_TRACK : rule.id(),
                    rule == null ? Map.of() : CareerMap.evidence(rule.reads(), features), trigger,
                    rule == null || rule.action() == null ? "NONE" : override(decision, rule.action()),
                    decision.doNotContactReasons(), map.version()));
            s.track = track.equals(CareerMap.NO_TRACK) ? null : track;
        }
        return decision;
    }

    private static String override(CareerMap.Decision decision, String action) {
        for (CareerMap.DoNotContactRule d : decision.doNotContact()) {
            if (d.actionOverride() != null) {
                return d.actionOverride();
            }
        }
        return action;
    }

    /** The current stage asks for a minimum stay that has not passed yet (hysteresis). */
    private boolean heldByDwell(CustomerState s, long now) {
        return s.stage != null && now < dwellEnd(s);
    }

    private long dwellEnd(CustomerState s) {
        CareerMap.Rule current = map.stage(s.stage);
        if (current == null || current.minDwellDays() <= 0) {
            return Long.MIN_VALUE; // a stage the map no longer has holds nobody
        }
        return s.stageSince + Math.round(current.minDwellDays() * CustomerState.DAY_MS);
    }

    /** The earliest moment after {@code now} at which something about this customer may change. */
    private long nextCheckAt(CustomerState s, long now, CareerMap.Decision decisionNow) {
        long next = switch (s.alertLevel) {
            case NONE -> churn.atRiskAt(s);
            case AT_RISK -> churn.lapsedAt(s);
            case LAPSED -> 0;
        };
        if (s.stage != null) {
            long dwell = dwellEnd(s);
            if (dwell > now && !Objects.equals(decisionNow.stage().id(), s.stage)) {
                next = earliest(next, dwell);
            }
        }
        if (map.timeDependent()) {
            next = earliest(next, nextDecisionChange(s, now));
        }
        return next;
    }

    private static long earliest(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    /** Probes a time-dependent map forward (see the class comment); the horizon when nothing changes. */
    private long nextDecisionChange(CustomerState s, long now) {
        long granularity = lookAhead.granularity().toMillis();
        long horizon = lookAhead.horizon().toMillis();
        String current = signature(s, now);
        long previous = now;
        for (long step = granularity; step <= horizon; step *= 2) {
            long t = now + step;
            if (!signature(s, t).equals(current)) {
                long lo = previous;
                long hi = t;
                while (hi - lo > granularity) {
                    long mid = lo + (hi - lo) / 2;
                    if (signature(s, mid).equals(current)) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return hi;
            }
            previous = t;
        }
        return now + horizon;
    }

    private String signature(CustomerState s, long at) {
        CareerMap.Decision d = decide(s, at);
        return d.stage().id() + "|" + d.trackId() + "|" + d.doNotContactReasons();
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
                // A purchase ends the silence episode and re-arms the alerts; buying again once the
                // silence had reached LAPSED is a reactivation, and the next purchase day is ordinary.
                s.reactivationPending = s.alertLevel == AlertLevel.LAPSED;
                s.alertLevel = AlertLevel.NONE;
            }
        }
    }

    private static void applyInquiry(CustomerState s, Touchpoint.Inquiry i) {
        s.inquiries++;
        switch (i.kind()) {
            case COMPLAINT -> s.openComplaints = i.resolved() ? Math.max(0, s.openComplaints - 1) : s.openComplaints + 1;
            case SUGGESTION -> s.suggestions++;
            case PRAISE -> s.praises++;
            case QUESTION -> { }
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
