package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API's security pieces on a bare Javalin server: the bearer check, the headers, the limits, the error bodies. */
class ApiSecurityTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin app;
    private String base;

    @BeforeEach
    void start() {
        BearerAuth auth = new BearerAuth("s3cret", metrics, Duration.ZERO);
        app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            SecurityHeaders.configure(c);
        });
        SecurityHeaders.install(app);
        app.before("/customers/*", auth::authorize)
                .get("/customers/{id}", ctx -> ctx.json(java.util.Map.of("id", ctx.pathParam("id"))))
                .post("/customers/{id}", ctx -> ctx.result("read " + ctx.body().length()))
                .get("/boom", ctx -> {
                    throw new IllegalStateException("io.careerstream.internal.Secret failed at RocksDB");
                })
                .start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void theBearerSchemeIsMatchedInAnyCaseAndFailuresAreCounted() throws Exception {
        assertThat(get("/customers/c1", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/customers/c1", "bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(get("/customers/c1", "BEARER   s3cret ").statusCode()).isEqualTo(200);
        HttpResponse<String> none = get("/customers/c1", null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(get("/customers/c1", "Basic s3cret").statusCode()).isEqualTo(401);
        assertThat(get("/customers/c1", "Bearer s3cre").statusCode()).isEqualTo(403);
        assertThat(get("/customers/c1", "Bearer s3cretX").statusCode()).isEqualTo(403);
        assertThat(metrics.counter(BearerAuth.METRIC).count()).isEqualTo(4.0);
    }

    @Test
    void theTokenIsReadFromTheHeaderOnlyWithTheBearerScheme() {
        assertThat(BearerAuth.tokenOf("bearer abc")).isEqualTo("abc");
        assertThat(BearerAuth.tokenOf("Bearer")).isNull();
        assertThat(BearerAuth.tokenOf("Bearer   ")).isNull();
        assertThat(BearerAuth.tokenOf("Bearerabc")).isNull();
        assertThat(BearerAuth.tokenOf("Basic abc")).isNull();
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        for (HttpResponse<String> answer : java.util.List.of(get("/customers/c1", "Bearer s3cret"), get("/customers/c1", null),
                get("/nowhere", null), get("/boom", null))) {
            assertThat(answer.headers().firstValue("Content-Security-Policy")).hasValue(SecurityHeaders.CONTENT_SECURITY_POLICY);
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(answer.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(answer.headers().firstValue("Cache-Control")).hasValue("no-store");
        }
        // A console served from the same port keeps working: its own scripts and styles, nothing inline.
        assertThat(SecurityHeaders.CONTENT_SECURITY_POLICY).contains("script-src 'self'", "style-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "*");
    }

    @Test
    void errorBodiesNameNothingInternal() throws Exception {
        HttpResponse<String> boom = get("/boom", null);
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(boom.body()).contains("internal error").doesNotContain("io.careerstream", "Exception", "RocksDB", "at ");
    }

    @Test
    void overlongPathsAndBodiesAreRefused() throws Exception {
        assertThat(get("/customers/" + "x".repeat(SecurityHeaders.MAX_PATH_LENGTH), "Bearer s3cret").statusCode())
                .isEqualTo(414);
        HttpResponse<String> big = http.send(HttpRequest.newBuilder(URI.create(base + "/customers/c1"))
                .header("Authorization", "Bearer s3cret")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat((int) SecurityHeaders.MAX_REQUEST_BYTES + 1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).doesNotContain("Exception");
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
