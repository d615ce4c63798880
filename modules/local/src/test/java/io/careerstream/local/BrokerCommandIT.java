package io.careerstream.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.embedded.EmbeddedKafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `./careerstream broker` as a user runs it: its own process, a chosen port, data kept across a restart. */
class BrokerCommandIT {

    private static final Path JAR = Path.of("target", "careerstream-local.jar");

    @TempDir
    Path dir;

    @Test
    void aLocalBrokerServesOnItsPortAndKeepsItsTopicsAcrossARestart() throws Exception {
        int port = EmbeddedKafkaBroker.freePort();
        Path data = dir.resolve("kafka");
        Map<String, Object> client = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);

        Process first = start(port, data, dir.resolve("first.out"));
        try (Admin admin = Admin.create(client)) {
            admin.createTopics(List.of(new NewTopic("touchpoints", 2, (short) 1))).all().get(60, TimeUnit.SECONDS);
        } finally {
            stop(first);
        }
        assertThat(read(dir.resolve("first.out"))).contains("Kafka broker (KRaft, single node) on 127.0.0.1:" + port);

        Process second = start(port, data, dir.resolve("second.out"));
        try (Admin admin = Admin.create(client)) {
            assertThat(admin.listTopics().names().get(60, TimeUnit.SECONDS)).contains("touchpoints");
        } finally {
            stop(second);
        }
    }

    private Process start(int port, Path data, Path out) throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcareerstream.log.dir=" + dir.resolve("logs"), "-jar", JAR.toString(),
                "broker", "--port", Integer.toString(port), "--data-dir", data.toString())
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        await().atMost(Duration.ofSeconds(90)).until(() -> read(out).contains("Ctrl-C to stop") || !process.isAlive());
        assertThat(process.isAlive()).as(read(out)).isTrue();
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM, as a service manager stops it
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
