package io.careerstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;

/**
 * Guards schema evolution without a registry server: every contract in schemas/ must read data
 * written with every released version of it (BACKWARD, transitively), using Avro's own
 * compatibility checker, the same rules a registry applies.
 */
class SchemaEvolutionTest {

    private static final Path SCHEMAS = Path.of("..", "..", "schemas");
    private static final Path RELEASED = SCHEMAS.resolve("released");

    @Test
    void currentSchemasReadEveryReleasedVersion() throws IOException {
        List<Path> released = releasedSchemas();
        assertThat(released).as("released schemas under " + RELEASED).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path old : released) {
            Path current = SCHEMAS.resolve(old.getFileName());
            if (!Files.exists(current)) {
                problems.add(RELEASED.relativize(old) + ": the released contract no longer exists in schemas/");
                continue;
            }
            String result = check(parse(current), parse(old));
            if (result != null) {
                problems.add(current.getFileName() + " cannot read " + RELEASED.relativize(old) + ": " + result);
            }
        }
        assertThat(problems).as("BACKWARD-incompatible schema changes").isEmpty();
    }

    @Test
    void theCheckCatchesABreakingChange() throws IOException {
        Schema released = parse(RELEASED.resolve("v1").resolve("ChurnAlert.avsc"));
        Schema newFieldWithoutDefault = new Schema.Parser().parse(released.toString()
                .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"segment\",\"type\":\"string\"},"));
        Schema newFieldWithDefault = new Schema.Parser().parse(released.toString()
                .replaceFirst("\"fields\":\\[", "\"fields\":[{\"name\":\"segment\",\"type\":\"string\",\"default\":\"\"},"));
        assertThat(check(newFieldWithoutDefault, released)).contains("segment");
        assertThat(check(newFieldWithDefault, released)).isNull();
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

    private static List<Path> releasedSchemas() throws IOException {
        try (Stream<Path> files = Files.walk(RELEASED)) {
            return files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList();
        }
    }

    private static Schema parse(Path file) throws IOException {
        return new Schema.Parser().parse(file.toFile());
    }
}
