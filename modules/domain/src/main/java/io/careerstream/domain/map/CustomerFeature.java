package io.careerstream.domain.map;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import io.careerstream.domain.DecayedEngagement;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.RfmBoundaries;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The features a career map's conditions may read, computed from a customer's state at a moment.
 * Time-dependent features change while a customer is silent; the pipeline re-evaluates them
 * through the timer index (see {@link CareerMap#timeDependent()}).
 */
public enum CustomerFeature {
    HAS_PURCHASED("hasPurchased", SimpleType.BOOL, "", "at least one purchase", false, c -> c.state().hasPurchased()),
    PURCHASES("purchases", SimpleType.INT, "orders", "distinct orders (resends of an order count once)", false,
            c -> (long) c.state().purchases()),
    PURCHASE_DAYS("purchaseDays", SimpleType.INT, "days", "distinct UTC days with a purchase", false,
            c -> (long) c.state().purchaseDays()),
    TOTAL_SPEND("totalSpend", SimpleType.DOUBLE, "reporting currency", "sum of purchase amounts, in the reporting currency's "
            + "major units", false, c -> c.churn().money().toMajor(c.state().totalSpendMinor())),
    AVERAGE_ORDER_VALUE("averageOrderValue", SimpleType.DOUBLE, "reporting currency", "total spend / orders; 0 without orders",
            false, c -> c.state().purchases() == 0 ? 0.0
                    : c.churn().money().toMajor(c.state().totalSpendMinor()) / c.state().purchases()),
    MEAN_INTERVAL_DAYS("meanIntervalDays", SimpleType.DOUBLE, "days",
            "own mean days between purchase days; 0 below two purchase days", false,
            c -> c.state().purchaseDays() < 2 ? 0.0 : c.state().meanIntervalDays()),
    EXPECTED_INTERVAL_DAYS("expectedIntervalDays", SimpleType.DOUBLE, "days",
            "own mean interval floored at the minimum, or the default for one-time buyers", false,
            c -> c.churn().expectedIntervalDays(c.state())),
    DAYS_SINCE_FIRST_PURCHASE("daysSinceFirstPurchase", SimpleType.DOUBLE, "days", "-1 before the first purchase", true,
            c -> c.state().hasPurchased() ? days(c.now() - c.state().firstPurchaseAt()) : -1.0),
    DAYS_SINCE_LAST_PURCHASE("daysSinceLastPurchase", SimpleType.DOUBLE, "days", "-1 before the first purchase", true,
            c -> c.state().hasPurchased() ? days(c.now() - c.state().lastPurchaseAt()) : -1.0),
    DAYS_SINCE_LAST_TOUCHPOINT("daysSinceLastTouchpoint", SimpleType.DOUBLE, "days", "since the latest touchpoint of any kind",
            true, c -> days(c.now() - c.state().lastTouchpointAt())),
    DAYS_IN_STAGE("daysInStage", SimpleType.DOUBLE, "days", "since the current stage began; 0 for a new customer", true,
            c -> c.state().stage() == null ? 0.0 : days(c.now() - c.state().stageSince())),
    INQUIRIES("inquiries", SimpleType.INT, "count", "inquiries of every kind", false, c -> (long) c.state().inquiries()),
    SUGGESTIONS("suggestions", SimpleType.INT, "count", "inquiries of kind SUGGESTION", false,
            c -> (long) c.state().suggestions()),
    PRAISES("praises", SimpleType.INT, "count", "inquiries of kind PRAISE", false, c -> (long) c.state().praises()),
    OPEN_COMPLAINTS("openComplaints", SimpleType.INT, "count", "complaints raised and not yet resolved", false,
            c -> (long) c.state().openComplaints()),
    EMAIL_OPENS("emailOpens", SimpleType.INT, "count", "email opens", false, c -> (long) c.state().emailOpens()),
    EMAIL_CLICKS("emailClicks", SimpleType.INT, "count", "email clicks", false, c -> (long) c.state().emailClicks()),
    POSITIVE_MENTIONS("positiveMentions", SimpleType.INT, "count", "positive social mentions", false,
            c -> (long) c.state().positiveMentions()),
    NEGATIVE_MENTIONS("negativeMentions", SimpleType.INT, "count", "negative social mentions", false,
            c -> (long) c.state().negativeMentions()),
    LAST_MENTION_NEGATIVE("lastMentionNegative", SimpleType.BOOL, "", "the latest social mention was negative", false,
            c -> c.state().lastMentionNegative()),
    REFERRALS("referrals", SimpleType.INT, "count", "mentions that brought in another customer", false,
            c -> (long) c.state().referrals()),
    UNSUBSCRIBED("unsubscribed", SimpleType.BOOL, "", "unsubscribed from email", false, c -> c.state().unsubscribed()),
    SPAM_REPORTED("spamReported", SimpleType.BOOL, "", "reported an email as spam", false, c -> c.state().spamReported()),
    BOUGHT_AGAIN_AFTER_LAPSE("boughtAgainAfterLapse", SimpleType.BOOL, "",
            "the latest purchase day came after the silence had reached LAPSED; false again from the next purchase day",
            false, c -> c.state().reactivationPending()),
    SILENCE_LEVEL("silenceLevel", SimpleType.STRING, "NONE | AT_RISK | LAPSED",
            "how far the current silence has gone under the silence rule (P(alive) thresholds by default)", true,
            c -> c.churn().silenceLevel(c.state(), c.now()).name()),
    PROBABILITY_ALIVE("probabilityAlive", SimpleType.DOUBLE, "probability",
            "the churn model's P(alive) (MBG/NBD, MBG/CNBD-k or MBG/CNBD-mix); 1 before the first purchase",
            true, c -> c.state().hasPurchased() ? c.churn().probabilityAlive(c.state(), c.now()) : 1.0),
    CHURN_MODEL("churnModel", SimpleType.STRING, "MBG/NBD | MBG/CNBD-k | MBG/CNBD-mix", "the purchase model behind P(alive)",
            false, c -> c.churn().model().name()),
    REGULARITY("regularity", SimpleType.INT, "k", "regularity of purchasing the model judges the customer by: Erlang "
            + "shape k of the intervals (1 = Poisson, higher = more clockwork); under MBG/CNBD-mix the customer's most "
            + "probable class given their own gaps", false, c -> (long) c.churn().regularity(c.state())),
    DAYS_OVERDUE("daysOverdue", SimpleType.DOUBLE, "days",
            "days since the last purchase minus the expected interval, 0 while not yet due or before the first purchase", true,
            c -> c.state().hasPurchased() ? c.churn().daysOverdue(c.state(), c.now()) : 0.0),
    EXPECTED_PURCHASES_30D("expectedPurchases30d", SimpleType.DOUBLE, "purchase days",
            "MBG/NBD expected purchase days in the next 30 days; 0 before the first purchase", true,
            c -> c.state().hasPurchased() ? c.churn().expectedPurchases(c.state(), c.now(), 30) : 0.0),
    EXPECTED_PURCHASES_90D("expectedPurchases90d", SimpleType.DOUBLE, "purchase days",
            "MBG/NBD expected purchase days in the next 90 days; 0 before the first purchase", true,
            c -> c.state().hasPurchased() ? c.churn().expectedPurchases(c.state(), c.now(), 90) : 0.0),
    CATEGORIES("categories", MapType.create(SimpleType.STRING, MapType.create(SimpleType.STRING, SimpleType.DOUBLE)),
            "per category", "rhythm per product category, read as category(\"coffee\").FIELD with FIELD one of "
            + String.join(", ", CategoryFields.NAMES) + " (see docs/career-map.md); the settings.maxCategories most recently "
            + "bought categories are kept", false, CategoryFields::of),
    MAIN_CATEGORY("mainCategory", SimpleType.STRING, "", "the kept category with the most purchase days (the most recent "
            + "on a tie); \"\" without categories", false,
            c -> c.state().categories().main() == null ? "" : c.state().categories().main().name()),
    RECENT_EMAIL_OPENS("recentEmailOpens", SimpleType.DOUBLE, "decayed count",
            "email opens, each fading by half every settings.engagementHalfLifeDays (90)", true,
            c -> decayed(c, DecayedEngagement.Kind.EMAIL_OPEN)),
    RECENT_EMAIL_CLICKS("recentEmailClicks", SimpleType.DOUBLE, "decayed count", "email clicks, fading likewise", true,
            c -> decayed(c, DecayedEngagement.Kind.EMAIL_CLICK)),
    RECENT_INQUIRIES("recentInquiries", SimpleType.DOUBLE, "decayed count", "inquiries of every kind, fading likewise",
            true, c -> decayed(c, DecayedEngagement.Kind.INQUIRY)),
    RECENT_POSITIVE_MENTIONS("recentPositiveMentions", SimpleType.DOUBLE, "decayed count",
            "positive social mentions, fading likewise", true, c -> decayed(c, DecayedEngagement.Kind.POSITIVE_MENTION)),
    RECENT_NEGATIVE_MENTIONS("recentNegativeMentions", SimpleType.DOUBLE, "decayed count",
            "negative social mentions, fading likewise", true, c -> decayed(c, DecayedEngagement.Kind.NEGATIVE_MENTION)),
    ENGAGEMENT("engagement", SimpleType.DOUBLE, "decayed points", "engaged lately: recentEmailOpens + 2 x "
            + "recentEmailClicks + recentInquiries + 2 x recentPositiveMentions", true,
            c -> decayed(c, DecayedEngagement.Kind.EMAIL_OPEN) + 2 * decayed(c, DecayedEngagement.Kind.EMAIL_CLICK)
                    + decayed(c, DecayedEngagement.Kind.INQUIRY) + 2 * decayed(c, DecayedEngagement.Kind.POSITIVE_MENTION)),
    EXPECTED_VALUE_90D("expectedValue90d", SimpleType.DOUBLE, "currency units",
            "expected purchases in 90 days x Gamma-Gamma expected spend per purchase; 0 before the first purchase", true,
            c -> c.state().hasPurchased()
                    ? c.churn().expectedPurchases(c.state(), c.now(), 90) * c.churn().expectedSpendPerPurchase(c.state())
                    : 0.0),
    // RFM against the population's current quintiles (RfmBoundaries): not time-dependent, but the
    // boundaries are re-read at every evaluation, so a score moves when the population does.
    RFM_RECENCY("rfmRecency", SimpleType.INT, "score 1-5",
            "quintile of the last purchase time in the population (5: most recent); 0 without a purchase or boundaries",
            false, c -> (long) c.rfm().recencyScore(c.state())),
    RFM_FREQUENCY("rfmFrequency", SimpleType.INT, "score 1-5",
            "quintile of purchase days in the population (5: most); 0 without a purchase or boundaries", false,
            c -> (long) c.rfm().frequencyScore(c.state())),
    RFM_MONETARY("rfmMonetary", SimpleType.INT, "score 1-5",
            "quintile of total spend in the population (5: most); 0 without a purchase or boundaries", false,
            c -> (long) c.rfm().monetaryScore(c.state())),
    RFM_SEGMENT("rfmSegment", SimpleType.STRING, "segment name",
            "named RFM segment from R and the mean of F and M (Champions, Loyal, ... Lost; see the table); NONE unscored",
            false, c -> c.rfm().segment(c.state()).label());

    /**
     * What a feature is computed from.
     *
     * @param settings the map's feature settings (see {@link CareerMap#features})
     * @param rfm the population's RFM quintile boundaries in force ({@link RfmBoundaries#NONE} before any)
     */
    public record Context(CustomerState state, long now, ChurnMaths churn, FeatureSettings settings, RfmBoundaries rfm) {

        /** Default settings, without RFM boundaries: every RFM score is 0. */
        public Context(CustomerState state, long now, ChurnMaths churn) {
            this(state, now, churn, FeatureSettings.DEFAULT, RfmBoundaries.NONE);
        }

        /** Without RFM boundaries: every RFM score is 0. */
        public Context(CustomerState state, long now, ChurnMaths churn, FeatureSettings settings) {
            this(state, now, churn, settings, RfmBoundaries.NONE);
        }

        /** Default settings (a map replaces them with its own, see {@link CareerMap#features}). */
        public Context(CustomerState state, long now, ChurnMaths churn, RfmBoundaries rfm) {
            this(state, now, churn, FeatureSettings.DEFAULT, rfm);
        }
    }

    private static final Map<String, CustomerFeature> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(CustomerFeature::featureName, f -> f));

    private final String featureName;
    private final CelType type;
    private final String unit;
    private final String definition;
    private final boolean timeDependent;
    private final Function<Context, Object> value;

    CustomerFeature(String featureName, CelType type, String unit, String definition, boolean timeDependent,
                    Function<Context, Object> value) {
        this.featureName = featureName;
        this.type = type;
        this.unit = unit;
        this.definition = definition;
        this.timeDependent = timeDependent;
        this.value = value;
    }

    public static Optional<CustomerFeature> byName(String name) {
        // null: an empty list entry in a map file (`evidence: [~]`), no feature; BY_NAME refuses a null key.
        return name == null ? Optional.empty() : Optional.ofNullable(BY_NAME.get(name));
    }

    public String featureName() {
        return featureName;
    }

    public CelType type() {
        return type;
    }

    public String unit() {
        return unit;
    }

    public String definition() {
        return definition;
    }

    public boolean timeDependent() {
        return timeDependent;
    }

    /** 0, 0.0, false, "NONE", "" or no categories: the value of a feature nobody has given (for explaining a map). */
    public Object neutralValue() {
        if (this == CATEGORIES) {
            return Map.of();
        }
        if (this == MAIN_CATEGORY) {
            return "";
        }
        return switch (type.name()) {
            case "int" -> 0L;
            case "double" -> 0.0;
            case "bool" -> false;
            default -> "NONE";
        };
    }

    public Object valueFor(Context context) {
        return value.apply(context);
    }

    private static double decayed(Context c, DecayedEngagement.Kind kind) {
        return c.state().engagement().at(kind, c.now(), c.settings().engagementHalfLifeMs());
    }

    private static double days(long millis) {
        return millis / 86_400_000.0;
    }
}
