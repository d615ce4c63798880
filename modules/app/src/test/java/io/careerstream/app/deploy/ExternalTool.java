package io.careerstream.app.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A command-line tool the deploy checks run (promtool, yamllint, shellcheck, docker-compose,
 * kubectl), found on the PATH. Where it is missing the test is skipped with a message naming the
 * Debian package that has it; `.ci/run` installs them all, so in CI they run.
 */
record ExternalTool(Path executable) {

    /** What a run printed and how it ended. */
    record Result(int exitCode, String output) {
    }

    /** The tool, or the test skipped with the package to install. */
    static ExternalTool require(String name, String debianPackage) {
        Optional<Path> found = find(name);
        Assumptions.assumeTrue(found.isPresent(), "Skipped: " + name + " is not installed (apt-get install -y "
                + debianPackage + "; .ci/run does)");
        return new ExternalTool(found.get());
    }

    static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs it in {@code dir} with {@code args}, output and errors together, at most two minutes. */
    Result run(Path dir, String... args) throws IOException, InterruptedException {
        return run(dir, Map.of(), args);
    }

    /** As {@link #run(Path, String...)}, with {@code environment} added to this process's. */
    Result run(Path dir, Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within two minutes");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
