package io.careerstream.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds an installed JDK of at least a given feature version, at run time: the build runs on
 * Java 17, while the schema registry we test against needs Java 21+. Looks at
 * {@code CAREERSTREAM_REGISTRY_JAVA_HOME}, {@code JAVA_HOME}, the running JVM, and the JDKs
 * installed side by side in the usual JVM directories, and picks the newest that qualifies.
 */
public final class JavaRuntimes {

    /** Where Linux distributions and installers put JDKs side by side. */
    private static final List<String> JVM_DIRECTORIES = List.of("/usr/lib/jvm", "/usr/java", "/opt/java", "/opt/jdk");
    private static final Pattern VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)", Pattern.MULTILINE);

    /** An installed Java runtime. */
    public record Runtime(Path home, int featureVersion) {
        public Path java() {
            return home.resolve("bin").resolve("java");
        }
    }

    private JavaRuntimes() {
    }

    public static Optional<Runtime> atLeast(int featureVersion) {
        List<Path> candidates = new ArrayList<>();
        for (String env : List.of("CAREERSTREAM_REGISTRY_JAVA_HOME", "JAVA_HOME")) {
            String value = System.getenv(env);
            if (value != null && !value.isBlank()) {
                candidates.add(Path.of(value));
            }
        }
        candidates.add(Path.of(System.getProperty("java.home")));
        for (String dir : JVM_DIRECTORIES) {
            Path root = Path.of(dir);
            if (Files.isDirectory(root)) {
                try (Stream<Path> children = Files.list(root)) {
                    children.filter(Files::isDirectory).forEach(candidates::add);
                } catch (IOException e) {
                    // unreadable directory: nothing to find there
                }
            }
        }
        return candidates.stream()
                .map(JavaRuntimes::describe)
                .flatMap(Optional::stream)
                .filter(r -> r.featureVersion() >= featureVersion && Files.isExecutable(r.java()))
                .max(Comparator.comparingInt(Runtime::featureVersion));
    }

    private static Optional<Runtime> describe(Path home) {
        Path release = home.resolve("release");
        if (!Files.isReadable(release)) {
            return Optional.empty();
        }
        try {
            Matcher m = VERSION.matcher(Files.readString(release));
            return m.find() ? Optional.of(new Runtime(home.toRealPath(), Integer.parseInt(m.group(1)))) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
