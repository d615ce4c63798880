package io.careerstream.domain.map;

import io.careerstream.domain.AlertLevel;
import java.util.EnumMap;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled career map: ordered stage rules (the first that holds wins, the last always holds),
 * career tracks (the first that holds, or none), and do-not-contact conditions. Build one with
 * {@link CareerMapLoader}; every expression is compiled and type-checked once, there.
 */
public final class CareerMap {

    /** "No track": the value of the track dimension when no track rule holds. */
    public static final String NO_TRACK = "NONE";

    /**
     * A stage or track rule. {@code reads} are the features reported as its evidence: those its
     * condition refers to, and any the map lists under {@code evidence} for it.
     */
    public record Rule(String id, String condition, CompiledCondition compiled, List<String> reads, String action,
                       double minDwellDays) {
    }

    /**
     * What a churn alert of a silence level says: the action it suggests, and the features it
     * reports as its evidence ({@code reads}). The map's {@code alerts:} section; without one, the
     * defaults of {@link #DEFAULT_ALERTS}.
     */
    public record AlertRule(AlertLevel level, String action, List<String> reads) {
        /** The alert's rule as its records name it. */
        public String id() {
            return "alerts." + level;
        }
    }

    /** The features every alert reports when its rule names none. */
    public static final List<String> DEFAULT_ALERT_EVIDENCE = List.of("probabilityAlive", "daysSinceLastPurchase",
            "expectedIntervalDays", "daysOverdue", "purchaseDays");

    /** An alert's action when the map says nothing of its level: keep the customer, or win them back. */
    public static final Map<AlertLevel, AlertRule> DEFAULT_ALERTS = Map.of(
            AlertLevel.AT_RISK, new AlertRule(AlertLevel.AT_RISK, "RETENTION_OFFER", DEFAULT_ALERT_EVIDENCE),
            AlertLevel.LAPSED, new AlertRule(AlertLevel.LAPSED, "WIN_BACK", DEFAULT_ALERT_EVIDENCE));

    /** A do-not-contact condition; {@code actionOverride} replaces the stage's action when set. */
    public record DoNotContactRule(String reason, String condition, CompiledCondition compiled, List<String> reads,
                                   String actionOverride) {
    }

    /** What the map says about one customer at one moment. */
    public record Decision(Rule stage, Rule track, List<DoNotContactRule> doNotContact) {

        public String trackId() {
            return track == null ? NO_TRACK : track.id();
        }

        public Set<String> doNotContactReasons() {
            Set<String> reasons = new LinkedHashSet<>();
            doNotContact.forEach(d -> reasons.add(d.reason()));
            return reasons;
        }

        /** The stage's action, unless a do-not-contact condition overrides it (the first that does). */
        public String action(Rule rule) {
            for (DoNotContactRule d : doNotContact) {
                if (d.actionOverride() != null) {
                    return d.actionOverride();
                }
            }
            return rule.action();
        }
    }

    private final String source;
    private final String version;
    private final List<Rule> stages;
    private final List<Rule> tracks;
    private final List<DoNotContactRule> doNotContact;
    private final Map<AlertLevel, AlertRule> alerts;
    /** Features the conditions read: what the decision depends on. */
    private final Set<CustomerFeature> used;
    /** Features computed as well, for evidence only. */
    private final Set<CustomerFeature> computed;
    /** Asked on every evaluation (by the planner and the evaluator): decided once. */
    private final boolean timeDependent;
    private final Map<String, Rule> stagesById = new HashMap<>();

    private final FeatureSettings settings;
    /**
     * Whether a condition reads a category's {@code daysSinceLastPurchase}: the one category field
     * that changes with time alone (so {@code categories} is time-dependent only when it is read).
     */
    private final boolean readsCategorySilence;

    CareerMap(String source, String version, List<Rule> stages, List<Rule> tracks, List<DoNotContactRule> doNotContact,
              Set<CustomerFeature> used, Set<CustomerFeature> evidenceOnly) {
        this(source, version, FeatureSettings.DEFAULT, false, stages, tracks, doNotContact, DEFAULT_ALERTS, used,
                evidenceOnly);
    }

    CareerMap(String source, String version, FeatureSettings settings, boolean readsCategorySilence, List<Rule> stages,
              List<Rule> tracks, List<DoNotContactRule> doNotContact, Map<AlertLevel, AlertRule> alerts,
              Set<CustomerFeature> used, Set<CustomerFeature> evidenceOnly) {
        this.settings = settings;
        this.readsCategorySilence = readsCategorySilence;
        this.source = source;
        this.version = version;
        this.stages = List.copyOf(stages);
        this.tracks = List.copyOf(tracks);
        this.doNotContact = List.copyOf(doNotContact);
        this.alerts = new EnumMap<>(AlertLevel.class);
        this.alerts.putAll(DEFAULT_ALERTS);
        this.alerts.putAll(alerts);
        this.alerts.remove(AlertLevel.NONE);
        this.used = used.isEmpty() ? EnumSet.noneOf(CustomerFeature.class) : EnumSet.copyOf(used);
        this.computed = EnumSet.noneOf(CustomerFeature.class);
        this.computed.addAll(used);
        this.computed.addAll(evidenceOnly);
        this.alerts.values().forEach(a -> a.reads().forEach(name -> CustomerFeature.byName(name).ifPresent(computed::add)));
        this.timeDependent = readsCategorySilence
                || this.used.stream().anyMatch(f -> f.timeDependent() && f != CustomerFeature.SILENCE_LEVEL);
        this.stages.forEach(r -> stagesById.putIfAbsent(r.id(), r));
    }

    public String source() {
        return source;
    }

    /** How the state keeps categories and engagement for this map's features. */
    public FeatureSettings settings() {
        return settings;
    }

    /** Carried on every transition as {@code mapVersion}. */
    public String version() {
        return version;
    }

    /**
     * The version as a number a customer's state keeps (4 bytes, never 0): which map a customer was
     * last evaluated under, so that a new map can be rolled out to everyone once. String's hash is
     * fixed by the language, so it is the same in every process and release.
     */
    public int versionHash() {
        int hash = version.hashCode();
        return hash == 0 ? 1 : hash;
    }

    public List<Rule> stages() {
        return stages;
    }

    public List<Rule> tracks() {
        return tracks;
    }

    /** What the churn alert of {@code level} says (AT_RISK or LAPSED). */
    public AlertRule alert(AlertLevel level) {
        return alerts.get(level);
    }

    /** The alert rules of AT_RISK and LAPSED. */
    public Map<AlertLevel, AlertRule> alerts() {
        return Map.copyOf(alerts);
    }

    public List<DoNotContactRule> doNotContactRules() {
        return doNotContact;
    }

    public Set<CustomerFeature> usedFeatures() {
        return used;
    }

    /**
     * Whether the decision can change with time alone beyond the silence levels, whose moments the
     * pipeline knows exactly: then it has to look ahead for the next change (see CheckPlanner).
     */
    public boolean timeDependent() {
        return timeDependent;
    }

    public Rule stage(String id) {
        return id == null ? null : stagesById.get(id);
    }

    /** The values of the features this map reads, for one customer at one moment, each computed when first read. */
    public Map<String, Object> features(CustomerFeature.Context context) {
        CustomerFeature.Context withSettings = context.settings() == settings ? context
                : new CustomerFeature.Context(context.state(), context.now(), context.churn(), settings, context.rfm());
        return new FeatureValues(computed, withSettings);
    }

    /**
     * The values of every feature, not only those this map reads, with this map's settings: for
     * explaining a customer (on request, so the cost does not matter).
     */
    public Map<String, Object> allFeatures(CustomerFeature.Context context) {
        CustomerFeature.Context withSettings = context.settings() == settings ? context
                : new CustomerFeature.Context(context.state(), context.now(), context.churn(), settings, context.rfm());
        Map<String, Object> values = new HashMap<>();
        for (CustomerFeature f : CustomerFeature.values()) {
            values.put(f.featureName(), f.valueFor(withSettings));
        }
        return values;
    }

    public Decision evaluate(Map<String, Object> features) {
        Rule stage = null;
        for (Rule r : stages) {
            if (r.compiled().holds(features)) {
                stage = r;
                break;
            }
        }
        if (stage == null) {
            stage = stages.get(stages.size() - 1); // the default; only a failing evaluation gets here
        }
        Rule track = null;
        for (Rule r : tracks) {
            if (r.compiled().holds(features)) {
                track = r;
                break;
            }
        }
        List<DoNotContactRule> dnc = new ArrayList<>();
        for (DoNotContactRule d : doNotContact) {
            if (d.compiled().holds(features)) {
                dnc.add(d);
            }
        }
        return new Decision(stage, track, dnc);
    }

    /** The features a rule read, formatted as evidence. */
    public static Map<String, String> evidence(List<String> reads, Map<String, Object> features) {
        Map<String, String> evidence = new LinkedHashMap<>();
        for (String name : reads) {
            Object v = features.get(name);
            evidence.put(name, format(v));
        }
        return evidence;
    }

    /** Doubles to three decimals, maps (the categories) with sorted keys, at any depth. */
    private static String format(Object v) {
        if (v instanceof Double d) {
            return String.format(java.util.Locale.ROOT, "%.3f", d);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("{");
            new java.util.TreeMap<>(m).forEach((key, value) ->
                    out.append(out.length() > 1 ? ", " : "").append(key).append('=').append(format(value)));
            return out.append('}').toString();
        }
        return String.valueOf(v);
    }

    /** Whether one rule's condition holds for these feature values (for explaining a decision). */
    public static boolean holdsFor(Rule rule, Map<String, Object> features) {
        return rule.compiled().holds(features);
    }
}
