package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ModelCommandTest {

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
    void evaluatePrintsTheHoldoutTableAndTheRuleComparison() {
        Run r = run("model", "evaluate", "--input", "../../data/CDNOW_sample.txt", "--customers", "500", "--thresholds", "0.3");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("| 7+ |", "| **total** | 2,357 | 1,882 |", "no purchase for 90 days",
                "2 x own cadence", "MBG/NBD P(alive) < 0.30", "median detection delay");
    }

    @Test
    void fitReportsRejectedLinesAndRefusesToPublishWhatTheDataCannotIdentify(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.write(csv, List.of("customer_id,date,amount", "a,2024-01-05,10", "a,2024-02-05,12", "b,2024-01-07,x",
                "c,2024-01-09,5"));
        Run r = run("model", "fit", "--input", csv.toString(), "--publish", "--bootstrap-servers", "127.0.0.1:1");
        assertThat(r.out()).contains("line 4: amount 'x' is not a number", "too few for a reliable fit");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Not publishing");
    }

    @Test
    void fitOnTheCdnowSampleGivesThePublishedBgNbdEstimates() {
        Run r = run("model", "fit", "--input", "../../data/CDNOW_sample.txt", "--as-of", "1997-09-30", "--model", "bgnbd");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("2,357 customers, log-likelihood -9582.429", "log-likelihood -4055.918").containsPattern("r\\s+0\\.2426");
    }
}
