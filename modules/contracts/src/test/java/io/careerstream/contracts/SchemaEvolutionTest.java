package io.careerstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Guards schema evolution without a registry server, with Avro's own compatibility checker (the
 * rules a registry applies). Every version of every contract a consumer could have seen is kept
 * under {@code schemas/released/NAME/vN.avsc}; the contract in {@code schemas/} must be its latest
 * released version, and every two versions of a contract must be FULL compatible both ways (FULL
 * transitive): a new version reads what every older one wrote, and every older one reads what the
 * new one writes. Full, not only backward, because our producers and consumers upgrade in either
 * order: a campaign system may read a new output version before it upgrades, and a producer may
 * write a new touchpoint version before the pipeline is upgraded (docs/schemas.md).
 */
class SchemaEvolutionTest {

    private static final Path SCHEMAS = Path.of("..", "..", "schemas");
    private static final Path RELEASED = SCHEMAS.resolve("released");

    @Test
    void everyContractIsItsLatestReleasedVersion() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Path current : contracts()) {
            String name = current.getFileName().toString().replace(".avsc", "");
            List<Path> versions = versions(name);
            if (versions.isEmpty()) {
                problems.add(name + ": no released version under " + RELEASED.resolve(name));
                continue;
            }
            Path latest = versions.get(versions.size() - 1);
            // Compared as text, docs included: a consumer reads the docs of the version it was given.
            if (!parse(latest).toString().equals(parse(current).toString())) {
                problems.add(name + ": schemas/" + current.getFileName() + " differs from its latest released version "
                        + RELEASED.relativize(latest) + "; release it as the next version");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everyTwoVersionsOfAContractAreFullCompatible() throws IOException {
        List<String> problems = new ArrayList<>();
        int pairs = 0;
        for (Path current : contracts()) {
            List<Path> versions = versions(current.getFileName().toString().replace(".avsc", ""));
            for (int newer = 0; newer < versions.size(); newer++) {
                for (int older = 0; older < newer; older++) {
                    problems.addAll(fullCompatibility(versions.get(newer), versions.get(older)));
                    pairs++;
                }
            }
        }
        assertThat(pairs).as("pairs of released versions").isGreaterThanOrEqualTo(10);
        assertThat(problems).as("changes that break FULL_TRANSITIVE compatibility").isEmpty();
    }

    @Test
    void aContractOfTheReleasedOnesCannotDisappear() throws IOException {
        try (Stream<Path> names = Files.list(RELEASED)) {
            assertThat(names.filter(Files::isDirectory).map(p -> p.getFileName().toString() + ".avsc"))
                    .allSatisfy(file -> assertThat(SCHEMAS.resolve(file)).as("released contract " + file).exists());
        }
    }

    @Test
    void theCheckCatchesABreakingChangeToAReleasedVersion() throws IOException {
        Path v2 = RELEASED.resolve("ChurnAlert").resolve("v2.avsc");
        Schema released = parse(v2);
        Schema newFieldWithoutDefault = new Schema.Parser().parse(released.toString()
                .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"segment\",\"type\":\"string\"},"));
        Schema removedFieldWithoutDefault = new Schema.Parser().parse(released.toString()
                .replaceFirst("\\{\"name\":\"purchaseDays\",\"type\":\"int\"[^}]*\\},", ""));
        Schema newFieldWithDefault = new Schema.Parser().parse(released.toString()
                .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"segment\",\"type\":\"string\",\"default\":\"\"},"));
        assertThat(check(newFieldWithoutDefault, released)).as("a new field without a default").contains("segment");
        assertThat(check(released, removedFieldWithoutDefault)).as("a field removed that had no default")
                .contains("purchaseDays");
        assertThat(check(newFieldWithDefault, released)).isNull();
        assertThat(check(released, newFieldWithDefault)).isNull();
    }

    /** Problems, both ways, between two versions of one contract. */
    private static List<String> fullCompatibility(Path newer, Path older) throws IOException {
        List<String> problems = new ArrayList<>();
        String backward = check(parse(newer), parse(older));
        if (backward != null) {
            problems.add(RELEASED.relativize(newer) + " cannot read " + RELEASED.relativize(older) + ": " + backward);
        }
        String forward = check(parse(older), parse(newer));
        if (forward != null) {
            problems.add(RELEASED.relativize(older) + " cannot read " + RELEASED.relativize(newer) + ": " + forward);
        }
        return problems;
    }

    /** Null when {@code reader} can read what {@code writer} wrote, otherwise why not. */
    private static String check(Schema reader, Schema writer) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return null;
        }
        return result.getIncompatibilities().stream()
                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")").toList().toString();
    }

    private static List<Path> contracts() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMAS)) {
            return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
    }

    /** The released versions of a contract, oldest first. */
    static List<Path> versions(String name) throws IOException {
        Path dir = RELEASED.resolve(name);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().matches("v\\d+\\.avsc"))
                    .sorted(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
        }
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }
}
