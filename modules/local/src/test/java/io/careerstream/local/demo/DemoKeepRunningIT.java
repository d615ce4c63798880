package io.careerstream.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.embedded.EmbeddedKafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./careerstream demo --keep-running} as a newcomer uses it: after the summary the broker,
 * the pipeline and the HTTP API stay up at the printed addresses, open without a token, until the
 * process is stopped; then everything closes.
 */
class DemoKeepRunningIT {

    private static final Path JAR = Path.of("target", "careerstream-local.jar");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void afterTheSummaryTheApiAnswersAtThePrintedAddressesUntilStopped() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../../data/CDNOW_master.txt"), StandardCharsets.US_ASCII);
        Path slice = dir.resolve("cdnow-slice.txt");
        Files.write(slice, lines.subList(0, 2000), StandardCharsets.US_ASCII);
        int port = EmbeddedKafkaBroker.freePort();
        Path out = dir.resolve("demo.out");
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcareerstream.log.dir=" + dir.resolve("logs"), "-jar", JAR.toString(), "demo", "--keep-running",
                "--http-port", Integer.toString(port), "--input", slice.toString(), "--prospects", "20",
                "--bad-records", "4", "--partitions", "2", "--threads", "1")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> read(out).contains("Still running") || !demo.isAlive());
            String printed = read(out);
            assertThat(demo.isAlive()).as(printed).isTrue();
            assertThat(printed).contains("Customers per stage", "http://127.0.0.1:" + port + "/metrics");

            Matcher customer = Pattern.compile("a customer\\s+(\\S+/customers/\\S+)").matcher(printed);
            assertThat(customer.find()).as(printed).isTrue();
            HttpResponse<String> profile = get(customer.group(1));
            assertThat(profile.statusCode()).as("open without a token in the demo").isEqualTo(200);
            assertThat(profile.body()).contains("\"stage\":\"LOYAL\"");
            assertThat(get(customer.group(1) + "/explain").body()).contains("\"stage\":\"LOYAL\"");
            assertThat(get("http://127.0.0.1:" + port + "/metrics").body())
                    .contains("careerstream_touchpoints_total{kind=\"purchase\"}", "careerstream_dead_letters_total");
            assertThat(get("http://127.0.0.1:" + port + "/stages").body()).contains("\"LOYAL\":");
            assertThat(printed).contains("console      http://127.0.0.1:" + port + "/ ");
            HttpResponse<String> console = get("http://127.0.0.1:" + port + "/");
            assertThat(console.statusCode()).isEqualTo(200);
            assertThat(console.body()).contains("<title>Careerstream console</title>");
            assertThat(get("http://127.0.0.1:" + port + "/console/map").body()).contains("\"name\":\"LOYAL\"");
        } finally {
            demo.destroy(); // SIGTERM, as Ctrl-C
            assertThat(demo.waitFor(90, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(read(out)).contains("Stopping ...");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
