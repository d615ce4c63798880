package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production distribution (target/careerstream.jar with its log4j2.xml and its lib/, which
 * hold no broker, so this also proves `run` and `tick` work on it), in its own processes:
 * `run`, stopped with SIGTERM, and two `tick`s while it runs leave one log per command, holding
 * every process's lines, including what Kafka Streams logged while the shutdown hook closed it.
 * The processes get the registry (`run`) and the brokers (`tick`) from their environment.
 */
@ExtendWith({EmbeddedKafkaExtension.class, SchemaRegistryExtension.class})
class LogFileIT {

    private static final Path JAR = Path.of("target", "careerstream.jar");

    @TempDir
    Path dir;

    @Test
    void eachCommandAppendsToItsOwnLogAndSigtermKeepsTheShutdownLines(EmbeddedKafkaBroker broker,
                                                                      EmbeddedSchemaRegistry registry) throws Exception {
        assertThat(JAR).as("the packaged application; run the integration tests with mvn verify").exists();
        Path logs = dir.resolve("logs");
        Path config = dir.resolve("careerstream.properties");
        Files.writeString(config, String.join("\n",
                "bootstrap.servers=" + broker.bootstrapServers(),
                "application.id=log-it",
                "state.dir=" + dir.resolve("state"),
                "replication.factor=1",
                "num.stream.threads=1",
                "careerstream.http.port=0"));

        Path out = dir.resolve("run.out");
        Process run = start(logs, out, Map.of("CAREERSTREAM_SCHEMA_REGISTRY_URL", registry.url()),
                "run", "--config", config.toString(), "--create-topics", "2");
        await().atMost(Duration.ofSeconds(120)).until(() -> read(out).contains("careerstream running"));
        // Two more processes while it runs, each with the same log: both runs' lines must stay.
        List<Long> ticks = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            Path tickOut = dir.resolve("tick-" + i + ".out");
            Process tick = start(logs, tickOut, Map.of("CAREERSTREAM_BOOTSTRAP_SERVERS", broker.bootstrapServers()),
                    "tick", "--at", "2001-01-01T00:00:00Z");
            ticks.add(tick.pid());
            assertThat(tick.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(tick.exitValue()).as(read(tickOut)).isZero();
        }
        run.destroy(); // SIGTERM, as a service manager stops it
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).as(read(out)).isTrue();

        String runLog = read(logs.resolve("careerstream-run.log"));
        assertThat(runLog).contains("careerstream run starting (pid " + run.pid() + ")");
        // Logged by Kafka Streams inside RunCommand's shutdown hook: Log4j had not stopped before it.
        assertThat(runLog).contains("State transition from PENDING_SHUTDOWN to NOT_RUNNING");
        assertThat(runLog).doesNotContain("\0", "careerstream tick");
        String tickLog = read(logs.resolve("careerstream-tick.log"));
        for (long pid : ticks) {
            assertThat(tickLog).contains("careerstream tick starting (pid " + pid + ")");
        }
        assertThat(tickLog.indexOf("pid " + ticks.get(0))).isLessThan(tickLog.indexOf("pid " + ticks.get(1)));
        assertThat(tickLog).contains("careerstream tick finished, exit code 0").doesNotContain("\0");
        assertThat(read(out)).doesNotContain("Unable to register Log4j shutdown hook");
    }

    /** The process sees {@code environment} and none of this machine's CAREERSTREAM_ settings. */
    private static Process start(Path logs, Path out, Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcareerstream.log.dir=" + logs, "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        process.environment().keySet().removeIf(name -> name.startsWith(KafkaOptions.ENVIRONMENT_PREFIX));
        process.environment().putAll(environment);
        return process.start();
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
