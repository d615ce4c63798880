package io.careerstream.domain.map;

import java.util.ArrayList;
import java.util.TreeMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why the map decides what it decides for one set of feature values: every stage, track and
 * do-not-contact condition with its result and the values it read. The same explanation is
 * printed by {@code map explain} for hand-written values and served by a running instance for a
 * live customer, so both read alike.
 *
 * @param features every feature's value, by name
 * @param stages the stage rules in order (the first that holds wins)
 * @param tracks the track rules in order
 * @param doNotContact the reasons of the do-not-contact conditions that hold
 */
public record CareerExplanation(String mapVersion, Map<String, Object> features, List<RuleResult> stages,
                                List<RuleResult> tracks, List<String> doNotContact, String stage, String track,
                                String action) {

    /** One rule: whether it holds and the evidence it read. */
    public record RuleResult(String id, boolean holds, String condition, Map<String, String> evidence) {
    }

    public static CareerExplanation of(CareerMap map, Map<String, Object> features) {
        CareerMap.Decision decision = map.evaluate(features);
        return new CareerExplanation(map.version(), new TreeMap<>(features), results(map.stages(), features),
                results(map.tracks(), features), List.copyOf(decision.doNotContactReasons()), decision.stage().id(),
                decision.trackId(), decision.action(decision.stage()));
    }

    private static List<RuleResult> results(List<CareerMap.Rule> rules, Map<String, Object> features) {
        List<RuleResult> results = new ArrayList<>();
        for (CareerMap.Rule r : rules) {
            results.add(new RuleResult(r.id(), CareerMap.holdsFor(r, features), r.condition(),
                    CareerMap.evidence(r.reads(), features)));
        }
        return results;
    }

    /** The explanation as text, one rule per line, the winning rule marked with {@code =>}. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("Stages (the first that holds wins):");
        stages.forEach(r -> lines.add(line(r, r.id().equals(stage))));
        lines.add("Tracks:");
        tracks.forEach(r -> lines.add(line(r, r.id().equals(track))));
        lines.add("Do not contact: " + (doNotContact.isEmpty() ? "none" : doNotContact));
        lines.add(String.format(Locale.ROOT, "Decision: stage %s, track %s, suggested action %s (map version %s)", stage,
                track, action, mapVersion));
        return lines;
    }

    private static String line(RuleResult r, boolean wins) {
        return String.format(Locale.ROOT, "%s%-14s %-5s %s   %s", wins ? "=> " : "   ", r.id(), r.holds(), r.condition(),
                r.evidence());
    }
}
