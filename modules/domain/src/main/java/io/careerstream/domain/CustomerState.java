package io.careerstream.domain;

import java.util.Objects;

/**
 * Everything the pipeline remembers about one customer. Kept deliberately small (see
 * {@link CustomerStateCodec}): derived figures such as the mean purchase interval are computed
 * from the stored ones instead of being stored.
 *
 * <p>Times are epoch milliseconds of event time; {@code 0} means "never".
 */
public final class CustomerState {

    static final long DAY_MS = 86_400_000L;
    /** {@link #logGapSum}'s units per neper. */
    static final long LOG_GAP_SCALE = 1_000_000;
    /** {@link #logGapSum} unknown: a state from before it was kept, with three or more purchase days. */
    static final long LOG_GAP_UNKNOWN = -1;

    String stage;
    String track;
    long stageSince;
    long firstTouchpointAt;
    long lastTouchpointAt;
    long firstPurchaseAt;
    long lastPurchaseAt;
    int purchaseDays;
    int purchases;
    long totalSpendMinor;
    /** The highest level alerted in the current silence episode (each is alerted at most once per episode). */
    AlertLevel alertLevel = AlertLevel.NONE;
    /** Whether the alert at {@link #alertLevel} is still open: it ends with the episode, or when superseded or no longer crossed. */
    boolean alertOpen;
    boolean reactivationPending;
    long nextCheckAt;
    long evaluatedAt;
    int inquiries;
    int suggestions;
    int praises;
    int openComplaints;
    int emailOpens;
    int emailClicks;
    int positiveMentions;
    int negativeMentions;
    boolean lastMentionNegative;
    int referrals;
    boolean unsubscribed;
    boolean spamReported;
    /**
     * Sum over the gaps between consecutive purchase days of log(gap in days), in units of
     * 1/{@link #LOG_GAP_SCALE} (each gap's logarithm rounded on its own, so the sum is exact
     * integer arithmetic and does not depend on the order purchases arrive in);
     * {@link #LOG_GAP_UNKNOWN} for a customer whose state predates it with three or more
     * purchase days. What the per-customer regularity needs beyond x, t_x and T.
     */
    long logGapSum;
    /** The version of the career map the customer was last evaluated under ({@code CareerMap#versionHash}); 0 unknown. */
    int mapVersionHash;
    /** De-duplication keys seen within the window (see {@link ArrivalPolicy}). */
    DeduplicationMemory seen = new DeduplicationMemory();
    /** Purchase days a touchpoint within the late grace period could fall on. */
    RecentPurchaseDays recentPurchaseDays = new RecentPurchaseDays();
    /** Rhythm per product category, the most recently bought ones. */
    CategoryRhythms categories = new CategoryRhythms();
    /** Email engagement, inquiries and mentions as counts that fade with time. */
    DecayedEngagement engagement = new DecayedEngagement();
    /** The last stage and track changes and purchase days, for the customer's story (bounded). */
    CareerHistory history = new CareerHistory();
    /**
     * The tenth of P(alive) under which the customer is counted in the installation's P(alive)
     * distribution (the console's): kept here, beside the state it follows, so that counting costs
     * no store of its own. {@link #NOT_COUNTED} until first counted, {@link #NO_ALIVE_TENTH} while
     * there is no P(alive) (never bought), else 0 to 9.
     */
    byte countedAliveTenth = NOT_COUNTED;

    /** {@link #countedAliveTenth()} of a customer not counted in the distribution yet. */
    public static final byte NOT_COUNTED = -2;
    /** {@link #countedAliveTenth()} of a customer counted as having no P(alive). */
    public static final byte NO_ALIVE_TENTH = -1;

    /** A customer never seen before. */
    public static CustomerState empty() {
        return new CustomerState();
    }

    public CustomerState copy() {
        CustomerState c = new CustomerState();
        c.stage = stage;
        c.track = track;
        c.stageSince = stageSince;
        c.firstTouchpointAt = firstTouchpointAt;
        c.lastTouchpointAt = lastTouchpointAt;
        c.firstPurchaseAt = firstPurchaseAt;
        c.lastPurchaseAt = lastPurchaseAt;
        c.purchaseDays = purchaseDays;
        c.purchases = purchases;
        c.totalSpendMinor = totalSpendMinor;
        c.logGapSum = logGapSum;
        c.mapVersionHash = mapVersionHash;
        c.alertLevel = alertLevel;
        c.alertOpen = alertOpen;
        c.reactivationPending = reactivationPending;
        c.nextCheckAt = nextCheckAt;
        c.evaluatedAt = evaluatedAt;
        c.inquiries = inquiries;
        c.suggestions = suggestions;
        c.praises = praises;
        c.openComplaints = openComplaints;
        c.emailOpens = emailOpens;
        c.emailClicks = emailClicks;
        c.positiveMentions = positiveMentions;
        c.negativeMentions = negativeMentions;
        c.lastMentionNegative = lastMentionNegative;
        c.referrals = referrals;
        c.unsubscribed = unsubscribed;
        c.spamReported = spamReported;
        c.seen = seen.copy();
        c.recentPurchaseDays = recentPurchaseDays.copy();
        c.categories = categories.copy();
        c.engagement = engagement.copy();
        c.history = history.copy();
        c.countedAliveTenth = countedAliveTenth;
        return c;
    }

    /** Current stage id (from the career map), or null before the first touchpoint. */
    public String stage() { return stage; }
    /** Current career track id, or null while the customer has none. */
    public String track() { return track; }
    public long stageSince() { return stageSince; }
    public long firstTouchpointAt() { return firstTouchpointAt; }
    public long lastTouchpointAt() { return lastTouchpointAt; }
    public long firstPurchaseAt() { return firstPurchaseAt; }
    public long lastPurchaseAt() { return lastPurchaseAt; }
    public int purchaseDays() { return purchaseDays; }
    public int purchases() { return purchases; }
    public long totalSpendMinor() { return totalSpendMinor; }
    public AlertLevel alertLevel() { return alertLevel; }

    /** The version of the career map the customer was last evaluated under, as its hash; 0 unknown. */
    public int mapVersionHash() { return mapVersionHash; }

    /** Whether the alert at {@link #alertLevel()} is open. */
    public boolean alertOpen() { return alertOpen; }
    public boolean reactivationPending() { return reactivationPending; }
    /** When silence must next be checked, or 0 when nothing is pending. */
    public long nextCheckAt() { return nextCheckAt; }
    /** Latest time the rules were evaluated at; evaluation never goes back in time. */
    public long evaluatedAt() { return evaluatedAt; }
    public int inquiries() { return inquiries; }
    public int suggestions() { return suggestions; }
    public int praises() { return praises; }
    public int openComplaints() { return openComplaints; }
    public int emailOpens() { return emailOpens; }
    public int emailClicks() { return emailClicks; }
    public int positiveMentions() { return positiveMentions; }
    public int negativeMentions() { return negativeMentions; }
    public boolean lastMentionNegative() { return lastMentionNegative; }
    public int referrals() { return referrals; }
    public boolean unsubscribed() { return unsubscribed; }
    public boolean spamReported() { return spamReported; }

    /**
     * Sum of the natural logarithms of the gaps, in days, between consecutive purchase days (to
     * 1/{@link #LOG_GAP_SCALE}); 0 below two purchase days, NaN when unknown (a state written
     * before version 5 of the codec with three or more purchase days).
     */
    public double logGapSumDays() {
        return logGapSum == LOG_GAP_UNKNOWN ? Double.NaN : (double) logGapSum / LOG_GAP_SCALE;
    }

    public boolean hasPurchased() {
        return purchaseDays > 0;
    }

    /** Own mean days between purchase days, or NaN below two purchase days. */
    public double meanIntervalDays() {
        if (purchaseDays < 2) {
            return Double.NaN;
        }
        return (double) (lastPurchaseAt - firstPurchaseAt) / DAY_MS / (purchaseDays - 1);
    }

    /**
     * The customer's clock: the latest event time the state has reached, by a touchpoint or an
     * evaluation; 0 for a customer never seen. Lateness and the de-duplication window count on it.
     */
    public long clock() {
        return Math.max(lastTouchpointAt, evaluatedAt);
    }

    /** Rhythm per product category (the most recently bought ones). */
    public CategoryRhythms categories() {
        return categories;
    }

    /** Engagement counts that fade with time. */
    public DecayedEngagement engagement() {
        return engagement;
    }

    /** The last stage and track changes and purchase days (bounded: see {@link CareerHistory}). */
    public CareerHistory history() {
        return history;
    }

    /** The P(alive) tenth the customer is counted under in the distribution (see the field). */
    public byte countedAliveTenth() {
        return countedAliveTenth;
    }

    /** Records the tenth the customer is now counted under: {@link #NOT_COUNTED}, {@link #NO_ALIVE_TENTH} or 0 to 9. */
    public void countedAliveTenth(byte tenth) {
        if (tenth < NOT_COUNTED || tenth > 9) {
            throw new IllegalArgumentException("not a P(alive) tenth: " + tenth);
        }
        countedAliveTenth = tenth;
    }

    /** How many de-duplication keys the state remembers (the state budget's main variable part). */
    public int rememberedKeys() {
        return seen.size();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CustomerState s)) {
            return false;
        }
        return Objects.equals(stage, s.stage) && Objects.equals(track, s.track) && stageSince == s.stageSince && firstTouchpointAt == s.firstTouchpointAt
                && lastTouchpointAt == s.lastTouchpointAt && firstPurchaseAt == s.firstPurchaseAt
                && lastPurchaseAt == s.lastPurchaseAt && purchaseDays == s.purchaseDays && purchases == s.purchases
                && totalSpendMinor == s.totalSpendMinor && logGapSum == s.logGapSum && alertLevel == s.alertLevel && alertOpen == s.alertOpen
                && mapVersionHash == s.mapVersionHash
                && reactivationPending == s.reactivationPending && nextCheckAt == s.nextCheckAt && evaluatedAt == s.evaluatedAt
                && inquiries == s.inquiries && suggestions == s.suggestions && praises == s.praises && openComplaints == s.openComplaints && emailOpens == s.emailOpens
                && emailClicks == s.emailClicks && positiveMentions == s.positiveMentions
                && negativeMentions == s.negativeMentions && lastMentionNegative == s.lastMentionNegative
                && referrals == s.referrals && unsubscribed == s.unsubscribed && spamReported == s.spamReported
                && seen.equals(s.seen) && recentPurchaseDays.equals(s.recentPurchaseDays)
                && categories.equals(s.categories) && engagement.equals(s.engagement) && history.equals(s.history)
                && countedAliveTenth == s.countedAliveTenth;
    }

    @Override
    public int hashCode() {
        return Objects.hash(stage, lastTouchpointAt, lastPurchaseAt, purchases, nextCheckAt);
    }

    @Override
    public String toString() {
        return "CustomerState{stage=" + stage + ", track=" + track + ", purchaseDays=" + purchaseDays + ", purchases=" + purchases
                + ", lastPurchaseAt=" + lastPurchaseAt + ", alertLevel=" + alertLevel + ", nextCheckAt=" + nextCheckAt + '}';
    }
}
