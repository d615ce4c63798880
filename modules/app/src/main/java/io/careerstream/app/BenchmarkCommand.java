package io.careerstream.app;

import io.careerstream.sandbox.workload.CdnowPurchases;
import io.careerstream.sandbox.workload.DemoWorkload;
import io.careerstream.benchmark.PipelineBenchmark;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topics;
import io.careerstream.serde.SpecificAvroSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Throughput and state size against a pass-through baseline; see docs/benchmark.md. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Replay the demo workload (CDNOW purchases plus synthetic touchpoints) through a pass-through "
                + "topology and through the careerstream topology on the same embedded broker, and report events/s, "
                + "their ratio, the domain logic's cost per event and the state bytes per customer."})
public final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--input", paramLabel = "FILE", description = "CDNOW-format log (default: data/CDNOW_master.txt).")
    Path input;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Override
    public Integer call() throws Exception {
        Path file = input != null ? input : Installation.path("data", "CDNOW_master.txt");
        if (!Files.isReadable(file)) {
            System.err.println("Input file not found or not readable: " + file);
            return 2;
        }
        DemoWorkload.Workload workload = DemoWorkload.build(CdnowPurchases.read(file).rows(), 42, 2000, 20);
        String registry = "mock://benchmark";
        var records = DemoWorkload.toRecords(workload, Topics.DEFAULT.touchpoints(), partitions,
                CareerTopics.of(Topics.DEFAULT, Map.of(SpecificAvroSerde.SCHEMA_REGISTRY_URL, registry)).touchpoints()
                        .valueSerializer());
        System.out.printf("Workload: %,d records (%s), %d partitions, exactly_once_v2, 2 stream threads%n%n",
                records.size(), file.getFileName(), partitions);
        PipelineBenchmark.run(records, partitions, registry).print(System.out);
        return 0;
    }
}
