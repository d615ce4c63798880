package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /console/map} for the shipped config/career-map.yaml, as JSON (Jackson, as Javalin
 * writes it): every stage and track of the map, in its order, with its rule and action as the map
 * says them, and the map's do-not-contact conditions on each node.
 */
class ConsoleMapTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CareerMap map = CareerMapLoader.load(Path.of("../../config/career-map.yaml"));

    @Test
    void everyStageAndTrackOfTheShippedMapWithItsRuleAndAction() throws Exception {
        JsonNode body = JSON.readTree(JSON.writeValueAsString(ConsoleMap.of(map)));

        assertThat(body.path("version").asText()).isEqualTo(map.version()).isNotBlank();
        List<JsonNode> stages = nodes(body, "stage");
        List<JsonNode> tracks = nodes(body, "track");
        assertThat(stages).extracting(n -> n.path("name").asText())
                .containsExactly("PROSPECT", "LAPSED", "AT_RISK", "REACTIVATED", "LOYAL", "ACTIVE", "NEW");
        assertThat(tracks).extracting(n -> n.path("name").asText())
                .containsExactly("DEVOTEE", "AMBASSADOR", "ADVISOR", "HABITUAL", CareerMap.NO_TRACK);
        for (int i = 0; i < map.stages().size(); i++) {
            CareerMap.Rule rule = map.stages().get(i);
            assertThat(stages.get(i).path("rule").asText()).as(rule.id()).isEqualTo(rule.condition());
            assertThat(stages.get(i).path("action").asText()).as(rule.id()).isEqualTo(rule.action());
        }
        for (int i = 0; i < map.tracks().size(); i++) {
            CareerMap.Rule rule = map.tracks().get(i);
            assertThat(tracks.get(i).path("rule").asText()).as(rule.id()).isEqualTo(rule.condition());
            assertThat(tracks.get(i).path("action").asText()).as(rule.id()).isEqualTo(rule.action());
        }
        // The rule text as the file has it, spot-checked against the YAML rather than the loader.
        assertThat(stages.get(0).path("rule").asText()).isEqualTo("!hasPurchased");
        assertThat(stages.get(0).path("action").asText()).isEqualTo("NURTURE");
        assertThat(stages.get(1).path("rule").asText()).isEqualTo("silenceLevel == \"LAPSED\"");
        assertThat(tracks.get(1).path("action").asText()).isEqualTo("AMBASSADOR_PROGRAMME");
        assertThat(tracks.get(4).path("action").isNull()).as("no track: no action").isTrue();

        for (JsonNode node : body.path("nodes")) {
            assertThat(node.path("doNotContact").findValuesAsText("reason")).as(node.path("name").asText())
                    .containsExactlyElementsOf(map.doNotContactRules().stream().map(CareerMap.DoNotContactRule::reason).toList())
                    .contains("UNSUBSCRIBED", "OPEN_COMPLAINT");
        }
        for (CareerMap.DoNotContactRule rule : map.doNotContactRules()) {
            JsonNode d = find(body.path("doNotContact"), "reason", rule.reason());
            assertThat(d.path("rule").asText()).isEqualTo(rule.condition());
            assertThat(d.path("action").isNull() ? null : d.path("action").asText()).isEqualTo(rule.actionOverride());
        }
    }

    private static List<JsonNode> nodes(JsonNode body, String kind) {
        List<JsonNode> nodes = new ArrayList<>();
        body.path("nodes").forEach(n -> {
            if (n.path("kind").asText().equals(kind)) {
                nodes.add(n);
            }
        });
        return nodes;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.path(field).asText().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
