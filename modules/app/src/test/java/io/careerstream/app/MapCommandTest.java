package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MapCommandTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new CareerstreamCli()).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void theShippedMapChecksOutAndExplainsItsDecision() {
        Run check = run("map", "check", "../../config/career-map.yaml");
        assertThat(check.exit()).as(check.err()).isZero();
        assertThat(check.out()).contains("valid", "7 stages", "4 tracks");

        Run explain = run("map", "explain", "../../config/career-map.yaml", "--customer",
                "{\"hasPurchased\": true, \"purchaseDays\": 5, \"meanIntervalDays\": 21.5, \"referrals\": 1}");
        assertThat(explain.exit()).as(explain.err()).isZero();
        assertThat(explain.out()).contains("=> LOYAL", "meanIntervalDays=21.500", "=> AMBASSADOR",
                "Decision: stage LOYAL, track AMBASSADOR, suggested action LOYALTY_REWARD");
    }

    @Test
    void aBrokenMapIsRefusedNamingTheFileTheRuleAndTheExpression(@TempDir Path dir) throws Exception {
        Path map = dir.resolve("mine.yaml");
        Files.writeString(map, "version: \"1\"\nstages:\n  - {id: VIP, when: \"purchaseDays > 'ten'\", action: THANK}\n"
                + "  - {id: OTHER, when: \"purchaseDays > 1\", action: NONE}\n");
        Run check = run("map", "check", map.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains("mine.yaml", "stage 'VIP'", "purchaseDays > 'ten'",
                "stage 'OTHER': the last stage must be the default");

        Run demo = run("demo", "--career-map", map.toString(), "--input", "../../data/CDNOW_master.txt");
        assertThat(demo.exit()).isEqualTo(2);
        assertThat(demo.err()).contains("stage 'VIP'");
    }

    @Test
    void explainRejectsUnknownFeaturesAndWrongTypes() {
        assertThat(run("map", "explain", "../../config/career-map.yaml", "--customer", "{\"lifetimeValue\": 3}").err())
                .contains("Unknown feature 'lifetimeValue'");
        assertThat(run("map", "explain", "../../config/career-map.yaml", "--customer", "{\"purchaseDays\": \"many\"}").err())
                .contains("'purchaseDays' needs a int value");
    }
}
