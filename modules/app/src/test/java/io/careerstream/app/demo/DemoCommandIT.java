package io.careerstream.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.app.CareerstreamCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, on a slice of the real data: a real broker, the pipeline, the summary. */
class DemoCommandIT {

    @Test
    void demoRunsEndToEndAndAccountsForEveryInvalidRecord(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../../data/CDNOW_master.txt"), StandardCharsets.US_ASCII);
        Path slice = dir.resolve("cdnow-slice.txt");
        Files.write(slice, lines.subList(0, 3000), StandardCharsets.US_ASCII);

        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = CareerstreamCli.commandLine(java.util.Map::of).execute("demo", "--input", slice.toString(),
                    "--prospects", "50", "--bad-records", "10", "--partitions", "2", "--threads", "1");
        } finally {
            System.setOut(originalOut);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isZero();
        assertThat(out).contains("Workload: 2,999 purchases", "Customers per stage", "PROSPECT", "Churn alerts by level");
        assertThat(out).containsPattern("total\\s+10  \\(invalid records sent: 10\\)");
        for (String reason : List.of("UNDESERIALIZABLE", "MISSING_CUSTOMER_ID", "NEGATIVE_AMOUNT", "FUTURE_TIMESTAMP",
                "INVALID_CURRENCY")) {
            assertThat(out).containsPattern(reason + "\\s+2\\n");
        }
    }

    @Test
    void missingInputFileIsAClearErrorNotAStackTrace(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = CareerstreamCli.commandLine(java.util.Map::of).execute("demo", "--input", dir.resolve("nope.txt").toString());
        } finally {
            System.setErr(originalErr);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Input file not found", "nope.txt");
    }
}
