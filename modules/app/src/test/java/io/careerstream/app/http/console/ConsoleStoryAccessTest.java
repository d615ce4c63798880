package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.app.http.SecurityHeaders;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The story page and the feed's modules are served to anyone under the API's policy, with no inline
 * script or style and no address beyond the instance; the story's data is behind the token.
 */
class ConsoleStoryAccessTest {

    private static final String TOKEN = "reader-token-of-the-story-test";

    @Test
    void theStoryPageAndModulesAreServedUnderThePolicyAndTheStoryNeedsTheToken() throws Exception {
        try (ApiBeforeThePipeline api = ApiBeforeThePipeline.listen(TOKEN, Map.of())) {
            HttpResponse<String> page = api.get("/story.html", null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(page.body()).contains("src=\"story.js\"", "href=\"story.css\"", "type=\"password\"")
                    .doesNotContain("<style", "style=\"", "onclick", "http://", "https://");
            for (String module : new String[] {"/story.js", "/feed-filters.js", "/token.js"}) {
                HttpResponse<String> script = api.get(module, null);
                assertThat(script.statusCode()).as(module).isEqualTo(200);
                assertThat(script.headers().firstValue("Content-Type").orElse("")).as(module).contains("javascript");
                assertThat(script.body().replace("'http://www.w3.org/2000/svg'", "")).as(module + ": no address beyond the instance")
                        .doesNotContain("https://", "http://");
            }
            assertThat(api.get("/story.js", null).body()).contains("/story'");
            assertThat(api.get("/token.js", null).body()).contains("sessionStorage", "'Bearer '");
            assertThat(api.get("/story.css", null).headers().firstValue("Content-Type").orElse("")).startsWith("text/css");

            // The story is behind the token before anything else (no pipeline yet: 503 once past it).
            assertThat(api.get("/customers/c1/story", null).statusCode()).isEqualTo(401);
            assertThat(api.get("/customers/c1/story", "wrong").statusCode()).isEqualTo(403);
            assertThat(api.get("/customers/c1/story", TOKEN).statusCode()).isEqualTo(503);
        }
    }
}
