package io.careerstream.app;

import io.careerstream.app.demo.CdnowPurchases;
import io.careerstream.app.demo.DemoWorkload;
import io.careerstream.benchmark.PipelineBenchmark;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.Topics;
import io.careerstream.registry.InMemorySchemaRegistry;
import io.careerstream.serde.SpecificAvroSerde;
import java.nio.file.Files;
import java.nio.file.Path;
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
                SpecificAvroSerde.forValues(TouchpointEvent.class, registry).serializer());
        System.out.printf("Workload: %,d records (%s), %d partitions, exactly_once_v2, 2 stream threads%n%n",
                records.size(), file.getFileName(), partitions);
        Path workDir = Files.createTempDirectory("careerstream-bench-");
        try {
            PipelineBenchmark.run(records, partitions, registry, workDir).print(System.out);
        } finally {
            InMemorySchemaRegistry.drop("benchmark");
            Installation.deleteQuietly(workDir);
        }
        return 0;
    }
}
