package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.app.http.HttpSettings;
import io.careerstream.app.http.SecurityHeaders;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may see what of the console, before any pipeline is there: the page and its files for anyone
 * who reaches the port, under the API's Content-Security-Policy; the map as open as the counts
 * ({@code counts} in careerstream.http.open.endpoints); the alert feed, which names customers, only
 * with the reader's token.
 */
class ConsoleAccessTest {

    private static final String TOKEN = "reader-token-of-the-console-test";

    @Test
    void thePageIsServedUnderTheApisPolicyAndTheFeedNeedsTheToken() throws Exception {
        try (ApiBeforeThePipeline api = ApiBeforeThePipeline.listen(TOKEN, Map.of())) {
            HttpResponse<String> page = api.get("/", null, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(page.body()).contains("<title>Careerstream console</title>", "src=\"console.js\"", "href=\"console.css\"")
                    .doesNotContain("<style", "style=\"", "onclick", "http://", "https://");
            HttpResponse<String> script = api.get("/console.js", null, null);
            assertThat(script.statusCode()).isEqualTo(200);
            assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("javascript");
            assertThat(script.body()).contains(Console.MAP_PATH, Console.ALERTS_PATH);
            assertThat(script.body().replace("'http://www.w3.org/2000/svg'", "")).as("no address beyond the instance (but SVG's namespace)")
                    .doesNotContain("https://", "http://");
            assertThat(api.get("/console.css", null, null).headers().firstValue("Content-Type").orElse("")).startsWith("text/css");

            // The map is past the token check (503: no pipeline yet); the feed is not.
            assertThat(api.get(Console.MAP_PATH, null, null).statusCode()).isEqualTo(503);
            assertThat(api.get(Console.ALERTS_PATH, null, "text/event-stream").statusCode()).isEqualTo(401);
            assertThat(api.get(Console.ALERTS_PATH, "wrong", "text/event-stream").statusCode()).isEqualTo(403);
            HttpResponse<String> feed = api.get(Console.ALERTS_PATH, TOKEN, "text/event-stream");
            assertThat(feed.statusCode()).isEqualTo(200);
            assertThat(feed.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            assertThat(feed.body()).as("told to ask again while the pipeline starts").contains("event: state", "data: starting");
        }
    }

    @Test
    void theMapNeedsTheTokenWhereTheCountsDo() throws Exception {
        try (ApiBeforeThePipeline api = ApiBeforeThePipeline.listen(TOKEN, Map.of(HttpSettings.OPEN_ENDPOINTS, "health"))) {
            assertThat(api.get(Console.MAP_PATH, null, null).statusCode()).isEqualTo(401);
            assertThat(api.get(Console.MAP_PATH, TOKEN, null).statusCode()).isEqualTo(503);
            assertThat(api.get("/", null, null).statusCode()).as("the page itself holds no data").isEqualTo(200);
        }
    }
}
