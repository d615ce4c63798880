package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production distribution (this module's target/careerstream.jar and its lib/, made from
 * the module's runtime dependencies and nothing else) carries no Kafka broker, no sandbox, no
 * benchmark and no test library, and its commands work without them; the local commands (demo,
 * broker, benchmark) are not there at all. Its software bill of materials (CycloneDX, made by
 * {@code mvn package}) lists exactly the libraries shipped.
 */
class RunDistributionIT {

    private static final Path RUN = Path.of("target");

    @Test
    void theProductionDistributionCarriesNoBroker() throws Exception {
        List<String> libraries;
        try (Stream<Path> files = Files.list(RUN.resolve("lib"))) {
            libraries = files.map(p -> p.getFileName().toString()).toList();
        }
        assertThat(libraries).anyMatch(n -> n.startsWith("kafka-streams-")).anyMatch(n -> n.startsWith("careerstream-pipeline-"));
        assertThat(libraries).as("broker, local, benchmark and test libraries").noneMatch(n -> Stream.of(
                "kafka_2.13", "kafka-server", "kafka-raft", "kafka-metadata", "kafka-storage", "kafka-coordinator",
                "kafka-group-coordinator", "kafka-transaction-coordinator", "kafka-share-coordinator", "scala-",
                "careerstream-embedded", "careerstream-sandbox", "careerstream-benchmark", "careerstream-local",
                "jmh-", "kafka-streams-test-utils", "commons-math3", "junit", "assertj", "awaitility", "quicktheories",
                "apicurio").anyMatch(n::startsWith));
    }

    @Test
    void theBillOfMaterialsListsEveryShippedLibraryAndNothingElse() throws Exception {
        JsonNode bom = new ObjectMapper().readTree(RUN.resolve("careerstream-sbom.json").toFile());
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("metadata").path("component").path("name").asText()).isEqualTo("careerstream-app");
        Set<String> listed = new TreeSet<>();
        bom.path("components").forEach(c -> listed.add(c.path("name").asText() + "-" + c.path("version").asText() + ".jar"));
        Set<String> shipped;
        try (Stream<Path> files = Files.list(RUN.resolve("lib"))) {
            shipped = files.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertThat(listed).isEqualTo(shipped);
        bom.path("components").forEach(c -> assertThat(c.path("purl").asText()).as(c.path("name").asText())
                .startsWith("pkg:maven/"));
    }

    @Test
    void itsCommandsRunWithoutTheBrokerAndTheLocalOnesAreNotOffered() throws Exception {
        Result help = run("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("run ", "tick ", "schemas ", "model ", "map ")
                .doesNotContain("demo", "benchmark", "broker");

        // Real work on the lean class path: the default career map compiled (CEL, YAML, the domain).
        Result map = run("map", "check", "../../config/career-map.yaml");
        assertThat(map.exit()).as(map.output()).isZero();
        // `run` and `tick` against a real broker and registry on this distribution: LogFileIT.
    }

    private record Result(int exit, String output) {
    }

    private static Result run(String... args) throws Exception {
        Path out = Files.createTempFile("careerstream-run-", ".txt");
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcareerstream.log.dir=" + Path.of("target").toAbsolutePath(),
                "-jar", RUN.resolve("careerstream.jar").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("careerstream " + String.join(" ", args) + " did not finish within 60 s");
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        Files.delete(out);
        return new Result(process.exitValue(), output);
    }
}
