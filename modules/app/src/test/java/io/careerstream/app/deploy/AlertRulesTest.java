package io.careerstream.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The alert rules are code: Prometheus' own promtool checks them and the configuration that loads
 * them, runs their unit tests (a firing and a quiet case per rule), and every alert has its
 * runbook entry in docs/operations.md under its own name, which the rule links to.
 */
class AlertRulesTest {

    private static final Path PROMETHEUS = DeployFilesTest.DEPLOY.resolve("prometheus");
    private static final Path RULES = PROMETHEUS.resolve("rules");

    @Test
    void promtoolChecksTheConfigurationAndTheRules() throws Exception {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        ExternalTool.Result config = promtool.run(PROMETHEUS, "check", "config", "prometheus.yml");
        assertThat(config.exitCode()).as(config.output()).isZero();
        assertThat(config.output()).contains("rules/careerstream-alerts.yml", "SUCCESS: " + alerts().size() + " rules found");
    }

    @Test
    void everyAlertFiresInItsUnitTestAndStaysQuietWhereItShould() throws Exception {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        ExternalTool.Result tests = promtool.run(RULES, "test", "rules", "careerstream-alerts-test.yml");
        assertThat(tests.exitCode()).as(tests.output()).isZero();
        String testFile = Files.readString(RULES.resolve("careerstream-alerts-test.yml"));
        assertThat(alerts()).allSatisfy(alert -> assertThat(testFile).as("a unit test of " + alert)
                .contains("alertname: " + alert));
    }

    @Test
    void everyAlertHasARunbookEntryItLinksTo() throws IOException {
        String operations = Files.readString(DeployFilesTest.DEPLOY.resolveSibling("docs").resolve("operations.md"));
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.resolve("careerstream-alerts.yml").toFile());
        List<String> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(9);
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> {
            String alert = rule.path("alert").asText();
            assertThat(operations).as("runbook of " + alert).contains("\n### " + alert + "\n");
            assertThat(rule.path("annotations").path("runbook").asText())
                    .isEqualTo("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(rule.path("labels").path("severity").asText()).isIn("page", "ticket", "info");
        }));
    }

    private static List<String> alerts() throws IOException {
        List<String> alerts = new ArrayList<>();
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(RULES.resolve("careerstream-alerts.yml").toFile());
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule -> alerts.add(rule.path("alert").asText())));
        return alerts;
    }
}
