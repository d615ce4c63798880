package io.careerstream.app.http.console;

import io.careerstream.domain.map.CareerMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the console draws the career map from ({@code GET /console/map}): the stages and tracks of
 * the map the pipeline LOADED, in the map's order, so a company's own map draws itself and the
 * console never shows rules the pipeline does not run. Counts are not here: the console reads them
 * from {@code /stages} and {@code /tracks}, which already sum every instance.
 *
 * <p>The do-not-contact conditions belong to the whole map, not to one stage: any of them can
 * override any node's action. Each node carries them so that a clicked node says everything that
 * decides what a customer there is offered.
 */
public final class ConsoleMap {

    public static final String STAGE = "stage";
    public static final String TRACK = "track";

    private ConsoleMap() {
    }

    /** The JSON body: version, source, the nodes (stages first, then tracks) and the do-not-contact rules. */
    public static Map<String, Object> of(CareerMap map) {
        List<Map<String, Object>> doNotContact = new ArrayList<>();
        for (CareerMap.DoNotContactRule rule : map.doNotContactRules()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("reason", rule.reason());
            d.put("rule", rule.condition());
            d.put("action", rule.actionOverride()); // null: the reason is attached, the node's action stands
            doNotContact.add(d);
        }
        List<Map<String, Object>> nodes = new ArrayList<>();
        map.stages().forEach(stage -> nodes.add(node(stage.id(), STAGE, stage.condition(), stage.action(), doNotContact)));
        map.tracks().forEach(track -> nodes.add(node(track.id(), TRACK, track.condition(), track.action(), doNotContact)));
        // /tracks counts the customers no track rule holds for under NONE: drawn too, so the track counts add up.
        nodes.add(node(CareerMap.NO_TRACK, TRACK, "no track rule holds", null, doNotContact));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", map.version());
        body.put("source", map.source());
        body.put("nodes", nodes);
        body.put("doNotContact", doNotContact);
        return body;
    }

    private static Map<String, Object> node(String name, String kind, String rule, String action,
            List<Map<String, Object>> doNotContact) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("name", name);
        n.put("kind", kind);
        n.put("rule", rule);
        n.put("action", action);
        n.put("doNotContact", doNotContact);
        return n;
    }
}
