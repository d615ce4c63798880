package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.app.http.SecurityHeaders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The story page and the feed's modules are served to anyone under the API's policy, with no inline
 * script or style and no address beyond the instance; the story's data is behind the token.
 */
class ConsoleStoryAccessTest {

    private static final String TOKEN = "reader-token-of-the-story-test";
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theStoryPageAndModulesAreServedUnderThePolicyAndTheStoryNeedsTheToken() throws Exception {
        HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0", HttpSettings.HTTP_HOST, "127.0.0.1",
                HttpSettings.HTTP_TOKEN, TOKEN));
        try (CareerstreamApi api = CareerstreamApi.listen(settings, CareerstreamApi.newRegistry())) {
            String base = "http://127.0.0.1:" + api.port();
            HttpResponse<String> page = get(base + "/story.html", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(page.body()).contains("src=\"story.js\"", "href=\"story.css\"", "type=\"password\"")
                    .doesNotContain("<style", "style=\"", "onclick", "http://", "https://");
            for (String module : new String[] {"/story.js", "/feed-filters.js", "/token.js"}) {
                HttpResponse<String> script = get(base + module, null);
                assertThat(script.statusCode()).as(module).isEqualTo(200);
                assertThat(script.headers().firstValue("Content-Type").orElse("")).as(module).contains("javascript");
                assertThat(script.body().replace("'http://www.w3.org/2000/svg'", "")).as(module + ": no address beyond the instance")
                        .doesNotContain("https://", "http://");
            }
            assertThat(get(base + "/story.js", null).body()).contains("/story'");
            assertThat(get(base + "/token.js", null).body()).contains("sessionStorage", "'Bearer '");
            assertThat(get(base + "/story.css", null).headers().firstValue("Content-Type").orElse("")).startsWith("text/css");

            // The story is behind the token before anything else (no pipeline yet: 503 once past it).
            assertThat(get(base + "/customers/c1/story", null).statusCode()).isEqualTo(401);
            assertThat(get(base + "/customers/c1/story", "wrong").statusCode()).isEqualTo(403);
            assertThat(get(base + "/customers/c1/story", TOKEN).statusCode()).isEqualTo(503);
        }
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
