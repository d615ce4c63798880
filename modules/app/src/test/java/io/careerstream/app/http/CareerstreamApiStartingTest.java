package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API listens before the pipeline is there (run binds the port first, then joins the group):
 * alive at once, not ready, every data endpoint 503 with Retry-After; and a port already taken is
 * an error naming the setting, before anything joins a group.
 */
class CareerstreamApiStartingTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void beforeThePipelineIsThereItIsAliveButNotReadyAndAsksToRetry() throws Exception {
        HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0", HttpSettings.HTTP_HOST, "127.0.0.1",
                HttpSettings.HTTP_AUTH, "none"));
        try (CareerstreamApi api = CareerstreamApi.listen(settings, CareerstreamApi.newRegistry())) {
            String base = "http://127.0.0.1:" + api.port();
            HttpResponse<String> live = get(base + "/health/live");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("STARTING");
            assertThat(get(base + "/health/ready").statusCode()).isEqualTo(503);
            assertThat(get(base + "/metrics").statusCode()).isEqualTo(200);
            for (String path : new String[] {"/status", "/stages", "/tracks", "/customers/c1", "/customers/c1/explain", "/customers/c1/story"}) {
                HttpResponse<String> answer = get(base + path);
                assertThat(answer.statusCode()).as(path).isEqualTo(503);
                assertThat(answer.headers().firstValue("Retry-After")).as(path).contains(CareerstreamApi.RETRY_AFTER_SECONDS);
            }
        }
    }

    @Test
    void aPortAlreadyTakenIsAnErrorNamingTheSetting() {
        HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0", HttpSettings.HTTP_HOST, "127.0.0.1",
                HttpSettings.HTTP_AUTH, "none"));
        try (CareerstreamApi first = CareerstreamApi.listen(settings, CareerstreamApi.newRegistry())) {
            HttpSettings same = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, Integer.toString(first.port()),
                    HttpSettings.HTTP_HOST, "127.0.0.1", HttpSettings.HTTP_AUTH, "none"));
            assertThatThrownBy(() -> CareerstreamApi.listen(same, CareerstreamApi.newRegistry()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + first.port()).hasMessageContaining(HttpSettings.HTTP_PORT);
        }
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
