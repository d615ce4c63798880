package io.careerstream.embedded;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real Apicurio Registry (which speaks the Confluent Schema Registry API under
 * {@code /apis/ccompat/v7}) in a child process on free loopback ports, in memory. The
 * distribution comes from Maven Central ({@code io.apicurio:apicurio-registry-app}, classifier
 * {@code all}, type {@code tar.gz}); the build unpacks it. It needs Java 21+, found with
 * {@link JavaRuntimes}.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    public static final int REQUIRED_JAVA = 21;
    /** System property naming the directory the distribution was unpacked into. */
    public static final String DISTRIBUTION_PROPERTY = "careerstream.apicurio.dir";

    private final Process process;
    private final int port;
    private final Path log;

    private EmbeddedSchemaRegistry(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The launcher jar of the unpacked distribution, if the build unpacked one. */
    public static Optional<Path> findDistribution() {
        String dir = System.getProperty(DISTRIBUTION_PROPERTY);
        if (dir == null || !Files.isDirectory(Path.of(dir))) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(Path.of(dir), 4)) {
            return files.filter(p -> p.getFileName().toString().equals("quarkus-run.jar")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Starts the registry and waits until it reports ready. */
    public static EmbeddedSchemaRegistry start(JavaRuntimes.Runtime java, Path quarkusRunJar, Path logFile) throws IOException {
        int port = EmbeddedKafkaBroker.freePort();
        int managementPort = EmbeddedKafkaBroker.freePort();
        Files.createDirectories(logFile.getParent());
        Process process = new ProcessBuilder(List.of(java.java().toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
                "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
                "-jar", quarkusRunJar.getFileName().toString()))
                .directory(quarkusRunJar.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(process, port, logFile);
        registry.awaitReady(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"), Duration.ofSeconds(120));
        return registry;
    }

    /** Base URL of the Confluent-compatible API. */
    public String url() {
        return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
    }

    private void awaitReady(URI health, Duration timeout) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Schema registry exited with code " + process.exitValue() + " during start; see " + log);
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("Interrupted while waiting for the schema registry", e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        close();
        throw new IOException("Schema registry not ready within " + timeout + "; see " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(15).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
