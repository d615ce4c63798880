package io.careerstream.local;

import java.io.IOException;
import io.careerstream.benchmark.ProfileByPart;
import io.careerstream.app.Installation;
import io.careerstream.registry.RegistrySettings;
import io.careerstream.benchmark.BenchmarkReport;
import io.careerstream.benchmark.PipelineBenchmark;
import io.careerstream.benchmark.jmh.Microbenchmarks;
import io.careerstream.sandbox.workload.CdnowPurchases;
import io.careerstream.sandbox.workload.DemoWorkload;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** What users ask of the pipeline, measured on one embedded broker; see docs/benchmarks.md. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure the pipeline on an embedded broker: throughput next to a pass-through topology, "
                + "a plain consumer-producer copy loop, a stateful floor and a contract floor topology (exactly-once and at-least-once), "
                + "event-to-transition latency at half the maximum rate (on a broker of its own), growth with the "
                + "population, state bytes per customer, heap, RSS and "
                + "restoration; a seeded synthetic workload, then the CDNOW replay. Prints a Markdown table and writes "
                + "it as JSON. With --jmh, runs the JMH microbenchmarks of the career map and the churn model instead; "
                + "with --profile, summarizes a Java Flight Recorder recording of a run by part of the work."})
public final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE", description = "CDNOW-format log to replay (default: data/CDNOW_master.txt).")
    Path input;

    @Option(names = "--events", description = "Synthetic events (default: ${DEFAULT-VALUE}).")
    int events = PipelineBenchmark.Settings.standard().events();

    @Option(names = "--customers", description = "Synthetic customers (default: ${DEFAULT-VALUE}).")
    int customers = PipelineBenchmark.Settings.standard().customers();

    @Option(names = "--runs", description = "Runs per figure; the median is reported with min and max (default: ${DEFAULT-VALUE}).")
    int runs = PipelineBenchmark.Settings.standard().runs();

    @Option(names = "--partitions", description = "Partitions (default: ${DEFAULT-VALUE}).")
    int partitions = PipelineBenchmark.Settings.standard().partitions();

    @Option(names = "--latency-seconds", description = "Seconds of paced input per latency run (default: ${DEFAULT-VALUE}).")
    long latencySeconds = PipelineBenchmark.Settings.standard().latencyDuration().toSeconds();

    @Option(names = "--latency-warm-up-seconds", description = "Seconds of paced input before each latency run's "
            + "measured part, their latencies reported apart (default: ${DEFAULT-VALUE}).")
    long latencyWarmUpSeconds = PipelineBenchmark.Settings.standard().latencyWarmUp().toSeconds();

    @Option(names = "--populations", split = ",", description = "Populations for the growth figures (default: 10000,100000,1000000).")
    List<Integer> populations = PipelineBenchmark.Settings.standard().populations();

    @Option(names = "--only", split = ",", paramLabel = "SECTION",
            description = "Measure only these sections: ${COMPLETION-CANDIDATES} (default: all; state and restoration "
                    + "come with THROUGHPUT, or alone with RESTORE after one untimed pipeline run).")
    Set<PipelineBenchmark.Section> only = EnumSet.allOf(PipelineBenchmark.Section.class);

    @Option(names = "--json", paramLabel = "FILE", description = "Where the JSON goes (default: ${DEFAULT-VALUE}).")
    Path json = Path.of("benchmark-results.json");

    @Option(names = "--latency-rate", paramLabel = "EVENTS_PER_S", defaultValue = "0",
            description = "Input rate of the latency runs (default: half the pipeline's measured exactly-once maximum; "
                    + "the maximum is measured anyway, as the JVM's warm-up).")
    double latencyRate;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A Kafka Streams or careerstream setting every topology contender runs with (pipeline, "
                    + "pass-through, stateful floor); repeatable. To measure other settings.")
    Map<String, String> streamsSettings = new LinkedHashMap<>();

    @Option(names = "--jmh", arity = "0..1", fallbackValue = "", paramLabel = "REGEX",
            description = "Run the JMH microbenchmarks (those matching REGEX, or all) instead.")
    String jmh;

    @Option(names = "--profile", paramLabel = "RECORDING",
            description = "Instead of measuring, read a Java Flight Recorder recording of a benchmark run and print each "
                    + "contender's stream-thread samples by part of the work (see docs/benchmarks.md).")
    Path profile;

    @Override
    public Integer call() throws Exception {
        if (jmh != null) {
            Microbenchmarks.run(jmh);
            return 0;
        }
        if (profile != null) {
            if (!Files.isReadable(profile)) {
                System.err.println("--profile: cannot read " + profile);
                return 2;
            }
            try {
                ProfileByPart.print(profile, System.out);
            } catch (IllegalArgumentException | IOException e) {
                System.err.println("--profile: " + e.getMessage());
                return 2;
            }
            return 0;
        }
        if (latencyRate < 0) {
            System.err.println("--latency-rate must be positive (events/s), or 0 for half the measured maximum: " + latencyRate);
            return 2;
        }
        if (latencySeconds < 1 || latencyWarmUpSeconds < 0) {
            System.err.println("--latency-seconds must be at least 1 and --latency-warm-up-seconds at least 0: "
                    + latencySeconds + ", " + latencyWarmUpSeconds);
            return 2;
        }
        PipelineBenchmark.Settings standard = PipelineBenchmark.Settings.standard();
        PipelineBenchmark.Settings settings = new PipelineBenchmark.Settings(events, customers, runs, partitions,
                standard.threads(), Duration.ofSeconds(latencySeconds), Duration.ofSeconds(latencyWarmUpSeconds),
                populations, standard.dueCustomers(), standard.growthBatch(), standard.domainSample(), standard.seed(), only, latencyRate, streamsSettings);
        String registry = "mock://benchmark";
        List<ProducerRecord<byte[], byte[]>> replay = List.of();
        boolean withReplay = only.contains(PipelineBenchmark.Section.REPLAY);
        if (withReplay) {
            Path file = input != null ? input : Installation.path("data", "CDNOW_master.txt");
            if (!Files.isReadable(file)) {
                System.err.println("Input file not found or not readable: " + file + " (or leave REPLAY out of --only)");
                return 2;
            }
            DemoWorkload.Workload workload = DemoWorkload.build(CdnowPurchases.read(file).rows(), 42, 2000, 20);
            replay = DemoWorkload.toRecords(workload, Topics.DEFAULT.touchpoints(), partitions,
                    CareerTopics.of(Topics.DEFAULT, Map.of(RegistrySettings.URL, registry)).touchpoints()
                            .valueSerializer());
        }
        System.out.printf("Workload: %,d synthetic events over %,d customers%s; %d partitions, %d stream threads, "
                        + "%d runs per figure%n%n", events, customers,
                !withReplay ? "" : String.format(", and the CDNOW replay (%,d records)", replay.size()), partitions,
                settings.threads(), runs);
        BenchmarkReport report = PipelineBenchmark.run(settings, replay, registry, step -> System.err.println("... " + step));
        report.print(System.out);
        report.writeJson(json);
        System.out.println();
        System.out.println("JSON: " + json.toAbsolutePath());
        return 0;
    }
}
