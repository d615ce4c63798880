package io.careerstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark in its smoke size: every figure is produced, with a finite value, in the table and
 * in the JSON. No figure's value is judged: timings on a shared machine prove nothing.
 */
class PipelineBenchmarkIT {

    @Test
    void everyFigureIsProduced(@TempDir Path dir) throws Exception {
        List<String> steps = new ArrayList<>();
        BenchmarkReport report = PipelineBenchmark.run(PipelineBenchmark.Settings.smoke(), List.of(),
                "mock://benchmark-smoke", steps::add);

        List<String> names = report.figures().stream().map(Figure::name).toList();
        assertThat(names).contains(BenchmarkReport.RATIO_TO_PASS_THROUGH_EOS, BenchmarkReport.DOMAIN_PER_EVENT);
        for (String expected : List.of("pass-through topology, exactly-once", "consumer→producer copy loop, exactly-once",
                "pipeline, exactly-once", "pass-through topology, at-least-once", "consumer→producer copy loop, at-least-once",
                "pipeline, at-least-once", "pipeline / copy loop, exactly-once", "pipeline / pass-through topology, at-least-once",
                "stateful floor topology (a changelogged state, one output), exactly-once",
                "stateful floor / pass-through topology, exactly-once", "pipeline / stateful floor, at-least-once",
                "all changelogs (before compaction)", "restoration and timer-index rebuild, first customer-state partition's "
                        + "start to RUNNING",
                "event → transition p99, stream-time punctuation", "event → transition p99.9, wall-clock punctuation",
                "customer state, encoded", "customer-state store, RocksDB SST after compaction",
                "customer-state changelog (every update, before compaction)", "resident set size of the process",
                "restoration after wiping the state directory", "career-map decision alone (features + CEL conditions)")) {
            assertThat(names).as("figure %s", expected).contains(expected);
        }
        for (String mode : List.of("stream-time punctuation", "wall-clock punctuation")) {
            assertThat(names.stream().filter(n -> n.startsWith("event → transition p99 during the warm-up")
                    && n.endsWith(mode))).as("warm-up figure, %s", mode).hasSize(1);
            assertThat(names).contains("longest GC pause of the process, " + mode,
                    "longest poll (Streams' poll-latency-max), " + mode);
            // Read from the stream producers' own metrics: commits happened, so it cannot be zero.
            assertThat(report.figure("of which the transaction's commitTransaction, mean, " + mode).orElseThrow().median())
                    .as("transaction commit time, %s", mode).isPositive();
        }
        assertThat(names.stream().filter(n -> n.startsWith("punctuation per due customer, 300 customers"))).hasSize(1);
        assertThat(names.stream().filter(n -> n.startsWith("in-process throughput, 600 customers"))).hasSize(1);
        for (Figure f : report.figures()) {
            assertThat(f.samples()).as(f.name()).allSatisfy(v -> assertThat(v).isFinite());
        }
        assertThat(report.figure("customers in the store").orElseThrow().median()).isEqualTo(2_000);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.out.println(out.toString(StandardCharsets.UTF_8)); // the smoke table, for whoever reads the test output
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).containsPattern("Throughput ratio careerstream / pass-through: \\d+\\.\\d\\d\\n")
                .containsPattern("Throughput ratio careerstream / stateful floor: \\d+\\.\\d\\d\\n")
                .containsPattern("Throughput ratio contract floor / stateful floor .*: \\d+\\.\\d\\d\\n")
                .containsPattern("Domain logic alone .*: \\d+ ns per event");
        long perEvent = report.figures().stream().filter(f -> f.section().equals(BenchmarkReport.PER_EVENT)).count();
        assertThat(printed.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| per input event")))
                .as("a line per figure, the per-event ones six to a line (pipeline and two floors, two guarantees)")
                .hasSize((int) (report.figures().size() - perEvent) + 1 + (int) perEvent / 6);
        assertThat(printed).contains("| per input event | pipeline, exactly-once | stateful floor, exactly-once | "
                + "contract floor, exactly-once | pipeline, at-least-once | stateful floor, at-least-once | "
                + "contract floor, at-least-once |");
        // Both contenders read every input record once and write their state for every event: counted, so not zero.
        for (String contender : List.of("pipeline, exactly-once", "stateful floor, at-least-once")) {
            assertThat(report.figure("Avro decodes, " + contender).orElseThrow().median()).as(contender).isPositive();
            assertThat(report.figure("state-store writes, " + contender).orElseThrow().median()).as(contender).isPositive();
            assertThat(report.figure("records produced, changelogs, " + contender).orElseThrow().median()).as(contender)
                    .isPositive();
            assertThat(report.figure("CPU of the stream threads, in all (ns), " + contender).orElseThrow().median())
                    .as(contender).isPositive();
        }
        assertThat(report.figure("customer-state encodes, pipeline, exactly-once").orElseThrow().median()).isPositive();
        // The contract floor publishes a profile per event and a transition per customer: more than one
        // output record per event (2,000 customers over 3,000 events), and at most what the pipeline publishes.
        double contractOutputs = report.figure("records produced, output topics, contract floor, at-least-once")
                .orElseThrow().median();
        assertThat(contractOutputs).isGreaterThan(1.5)
                .isLessThanOrEqualTo(report.figure("records produced, output topics, pipeline, at-least-once")
                        .orElseThrow().median());

        Path json = dir.resolve("results.json");
        report.writeJson(json);
        JsonNode read = new ObjectMapper().readTree(Files.readString(json));
        assertThat(read.get("figures")).hasSize(report.figures().size());
        assertThat(read.get("settings").get("events").asInt()).isEqualTo(3_000);
        assertThat(steps).isNotEmpty();
    }
}
