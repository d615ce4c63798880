package io.careerstream.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Where the installation's files are (the launcher passes careerstream.home), and scratch space. */
public final class Installation {

    private Installation() {
    }

    /** A file or folder of the installation, for example {@code path("data", "CDNOW_master.txt")}. */
    public static Path path(String first, String... more) {
        return Path.of(System.getProperty("careerstream.home", "."), first).resolve(Path.of("", more));
    }

    /** Deletes a scratch folder and everything in it; reports, never throws, when that fails. */
    public static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not delete " + dir + ": " + e.getMessage());
        }
    }
}
