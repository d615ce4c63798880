package io.careerstream.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.local.LocalCli;
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
            exit = LocalCli.commandLine(java.util.Map::of).execute("demo", "--input", slice.toString(),
                    "--prospects", "50", "--bad-records", "10", "--partitions", "2", "--threads", "1");
        } finally {
            System.setOut(originalOut);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isZero();
        assertThat(out).contains("Workload: 2,999 purchases", "Customers per stage", "PROSPECT", "Churn alerts by level");
        // Besides the invalid records: the mentions from handles nobody links, and resolved mentions that
        // arrived more than the grace behind their customer (docs/architecture.md, "Identity links").
        int unknown = io.careerstream.sandbox.workload.DemoWorkload.UNKNOWN_HANDLE_MENTIONS;
        assertThat(out).containsPattern("UNRESOLVED_IDENTITY\\s+" + unknown + "\\n")
                .containsPattern("mentions from unknown handles\\s+" + unknown + " ");
        long late = count(out, "LATE\\s+(\\d+)\\n");
        assertThat(out).containsPattern("total\\s+" + (10 + unknown + late) + "  \\(invalid records sent: 10\\)");
        assertThat(count(out, "resolved to their customer\\s+(\\d+) ")).as("every linked mention resolved")
                .isEqualTo(count(out, "mentions keyed by a linked handle\\s+(\\d+)\\n")).isPositive();
        for (String reason : List.of("UNDESERIALIZABLE", "MISSING_CUSTOMER_ID", "NEGATIVE_AMOUNT", "FUTURE_TIMESTAMP",
                "INVALID_CURRENCY")) {
            assertThat(out).containsPattern(reason + "\\s+2\\n");
        }
    }

    /** The number a pattern's first group finds in the output, 0 if it is not there. */
    private static long count(String out, String pattern) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(pattern).matcher(out);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : 0;
    }

    @Test
    void missingInputFileIsAClearErrorNotAStackTrace(@TempDir Path dir) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        int exit;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            exit = LocalCli.commandLine(java.util.Map::of).execute("demo", "--input", dir.resolve("nope.txt").toString());
        } finally {
            System.setErr(originalErr);
        }
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Input file not found", "nope.txt");
    }
}
