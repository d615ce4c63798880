package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapCommandTest {

    @Test
    void theShippedMapChecksOutAndExplainsItsDecision() {
        CliRun check = CliRun.of("map", "check", "../../config/career-map.yaml");
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("valid", "7 stages", "4 tracks");

        CliRun explain = CliRun.of("map", "explain", "../../config/career-map.yaml", "--customer",
                "{\"hasPurchased\": true, \"purchaseDays\": 5, \"meanIntervalDays\": 21.5, \"referrals\": 1}");
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("=> LOYAL", "meanIntervalDays=21.500", "=> AMBASSADOR",
                "Decision: stage LOYAL, track AMBASSADOR, suggested action LOYALTY_REWARD");
    }

    @Test
    void theCareerMapDocsExampleGivesTheDecisionItsValuesMean() {
        // docs/career-map.md: purchase days alone say the customer has purchased, as the stream would.
        CliRun explain = CliRun.of("map", "explain", "../../config/career-map.yaml", "--customer",
                "{\"purchaseDays\": 5, \"meanIntervalDays\": 21.5}");
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("hasPurchased=true", "Decision: stage LOYAL");
        CliRun prospect = CliRun.of("map", "explain", "../../config/career-map.yaml", "--customer", "{\"emailOpens\": 3}");
        assertThat(prospect.out()).contains("Decision: stage PROSPECT");
    }

    @Test
    void explainShowsTheRfmFeaturesAMapReads(@TempDir Path dir) throws Exception {
        Path map = dir.resolve("rfm.yaml");
        Files.writeString(map, """
                version: "rfm-1"
                stages:
                  - id: KEEP
                    when: 'rfmSegment == "Can''t lose them"'
                    action: CALL
                    evidence: [rfmRecency, rfmFrequency, rfmMonetary]
                  - {id: OTHER, when: "true", action: NONE}
                """);
        CliRun explain = CliRun.of("map", "explain", map.toString(), "--customer", "{\"rfmRecency\": 1, "
                + "\"rfmFrequency\": 5, \"rfmMonetary\": 4, \"rfmSegment\": \"Can't lose them\"}");
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("=> KEEP", "rfmSegment=Can't lose them", "rfmRecency=1", "rfmMonetary=4",
                "Decision: stage KEEP");
        CliRun unscored = CliRun.of("map", "explain", map.toString(), "--customer", "{}");
        assertThat(unscored.out()).contains("=> OTHER", "rfmSegment=NONE");
    }

    @Test
    void aBrokenMapIsRefusedNamingTheFileTheRuleAndTheExpression(@TempDir Path dir) throws Exception {
        Path map = dir.resolve("mine.yaml");
        Files.writeString(map, "version: \"1\"\nstages:\n  - {id: VIP, when: \"purchaseDays > 'ten'\", action: THANK}\n"
                + "  - {id: OTHER, when: \"purchaseDays > 1\", action: NONE}\n");
        CliRun check = CliRun.of("map", "check", map.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains("mine.yaml", "stage 'VIP'", "purchaseDays > 'ten'",
                "stage 'OTHER': the last stage must be the default");
    }

    @Test
    void explainRejectsUnknownFeaturesAndWrongTypes() {
        assertThat(CliRun.of("map", "explain", "../../config/career-map.yaml", "--customer", "{\"lifetimeValue\": 3}").err())
                .contains("Unknown feature 'lifetimeValue'");
        assertThat(CliRun.of("map", "explain", "../../config/career-map.yaml", "--customer", "{\"purchaseDays\": \"many\"}").err())
                .contains("'purchaseDays' needs a int value");
    }
}
