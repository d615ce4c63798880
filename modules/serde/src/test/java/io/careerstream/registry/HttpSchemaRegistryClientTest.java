package io.careerstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.careerstream.embedded.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client's HTTP behaviour against a scripted server: auth, retries, typed errors, caching. */
class HttpSchemaRegistryClientTest {

    private static final Schema SCHEMA = new Schema.Parser().parse(
            "{\"type\":\"record\",\"name\":\"T\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");

    private record Answer(int status, String body) {
    }

    private HttpServer server;
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<String> requests = new ArrayList<>();
    private final List<String> authorizations = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            Answer answer = script.isEmpty() ? new Answer(500, "{}") : script.poll();
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private HttpSchemaRegistryClient client(Map<String, String> extra) {
        Map<String, Object> config = new java.util.HashMap<>(extra);
        config.put(RegistrySettings.URL, config.getOrDefault(RegistrySettings.URL, url()));
        config.put(RegistrySettings.RETRY_BACKOFF_MS, "1");
        return new HttpSchemaRegistryClient(RegistrySettings.from(config));
    }

    @Test
    void retriesServerErrorsThenSucceedsAndCachesTheAnswer() {
        script.add(new Answer(503, "{\"error_code\":50301,\"message\":\"busy\"}"));
        script.add(new Answer(200, "{\"schema\":" + quote(SCHEMA.toString()) + "}"));
        HttpSchemaRegistryClient client = client(Map.of());

        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(client.schemaById(7)).isEqualTo(SCHEMA);
        assertThat(requests).containsExactly("GET /schemas/ids/7", "GET /schemas/ids/7");
    }

    @Test
    void clientErrorsAreFinalAndTyped() {
        script.add(new Answer(404, "{\"error_code\":40403,\"message\":\"Schema 9 not found.\"}"));
        assertThatThrownBy(() -> client(Map.of()).schemaById(9))
                .isInstanceOfSatisfying(SchemaRegistryException.SchemaNotFound.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.getMessage()).contains("Schema 9 not found", "HTTP 404", "error_code 40403");
                });
        assertThat(requests).hasSize(1);

        script.add(new Answer(409, "{\"error_code\":409,\"message\":\"Incompatible\"}"));
        assertThatThrownBy(() -> client(Map.of()).register("s-value", SCHEMA))
                .isInstanceOf(SchemaRegistryException.IncompatibleSchema.class);
        script.add(new Answer(404, "{\"error_code\":40401,\"message\":\"Subject not found\"}"));
        assertThatThrownBy(() -> client(Map.of()).latest("nope"))
                .isInstanceOf(SchemaRegistryException.SubjectNotFound.class);
        script.add(new Answer(422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}"));
        assertThatThrownBy(() -> client(Map.of()).register("s-value", SCHEMA))
                .isInstanceOf(SchemaRegistryException.InvalidSchema.class);
    }

    @Test
    void refusedCredentialsAreAClearFinalErrorNamingTheRegistryAndNoSecret() {
        script.add(new Answer(401, "<html>401 Authorization Required</html>"));
        assertThatThrownBy(() -> client(Map.of(RegistrySettings.BASIC_AUTH_USER_INFO, "svc:wrong-secret")).schemaById(3))
                .isInstanceOf(SchemaRegistryException.AccessDenied.class)
                .satisfies(e -> assertThat(SchemaRegistryException.isUnavailable(e)).as("readers stop, never dead-letter").isTrue())
                .hasMessageContaining("Schema registry " + url() + " refused the credentials")
                .hasMessageContaining("basic.auth.user.info")
                .hasMessageNotContaining("wrong-secret");
        script.add(new Answer(403, "forbidden"));
        assertThatThrownBy(() -> client(Map.of()).schemaById(3))
                .isInstanceOf(SchemaRegistryException.AccessDenied.class)
                .hasMessageContaining("refused a request without credentials");
        assertThat(requests).as("not retried").hasSize(2);
    }

    @Test
    void givesUpAfterTheConfiguredRetriesWithTheLastFailure() {
        assertThatThrownBy(() -> client(Map.of(RegistrySettings.MAX_RETRIES, "2")).schemaById(1))
                .isInstanceOf(SchemaRegistryException.Unavailable.class)
                .hasMessageContaining("after 3 attempts");
        assertThat(requests).hasSize(3);
    }

    @Test
    void failsOverToTheNextUrlWhenOneRefusesConnections() throws IOException {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        script.add(new Answer(200, "{\"id\":12}"));
        HttpSchemaRegistryClient client = client(Map.of(RegistrySettings.URL, "http://127.0.0.1:" + deadPort + "," + url()));
        assertThat(client.register("s-value", SCHEMA)).isEqualTo(12);
        assertThat(client.register("s-value", SCHEMA)).isEqualTo(12);
        assertThat(requests).containsExactly("POST /subjects/s-value/versions");
    }

    @Test
    void sendsBasicAndBearerCredentials() {
        script.add(new Answer(200, "[\"a-value\"]"));
        script.add(new Answer(200, "[]"));
        assertThat(client(Map.of(RegistrySettings.BASIC_AUTH_USER_INFO, "ops:s3cret")).subjects()).containsExactly("a-value");
        client(Map.of(RegistrySettings.BEARER_AUTH_SOURCE, "STATIC_TOKEN", RegistrySettings.BEARER_AUTH_TOKEN, "tok")).subjects();
        assertThat(authorizations).containsExactly(
                "Basic " + java.util.Base64.getEncoder().encodeToString("ops:s3cret".getBytes(StandardCharsets.UTF_8)),
                "Bearer tok");
    }

    @Test
    void badSettingsNameTheKey() {
        assertThatThrownBy(() -> RegistrySettings.from(Map.of(RegistrySettings.URL, "ftp://x")))
                .hasMessageContaining(RegistrySettings.URL);
        assertThatThrownBy(() -> RegistrySettings.from(Map.of(RegistrySettings.URL, url(),
                RegistrySettings.BASIC_AUTH_USER_INFO, "no-colon"))).hasMessageContaining(RegistrySettings.BASIC_AUTH_USER_INFO);
        assertThatThrownBy(() -> RegistrySettings.from(Map.of(RegistrySettings.URL, url(),
                RegistrySettings.MAX_RETRIES, "-1"))).hasMessageContaining(RegistrySettings.MAX_RETRIES);
    }

    @Test
    void aTruststoreThatCannotBeReadIsASettingsErrorNamingTheKeyAndNoPassword(@TempDir Path dir) {
        assertThatThrownBy(() -> RegistrySettings.from(Map.of(RegistrySettings.URL, url(),
                RegistrySettings.TRUSTSTORE_LOCATION, dir.resolve("absent.p12").toString())))
                .hasMessageContaining(RegistrySettings.TRUSTSTORE_LOCATION).hasMessageContaining("absent.p12");
        TestCertificates.Store store = TestCertificates.authority(dir).truststore();
        assertThatThrownBy(() -> RegistrySettings.from(Map.of(RegistrySettings.URL, url(),
                RegistrySettings.TRUSTSTORE_LOCATION, store.path().toString(),
                RegistrySettings.TRUSTSTORE_PASSWORD, "not-" + store.password())))
                .hasMessageContaining(RegistrySettings.TRUSTSTORE_PASSWORD).hasMessageNotContaining(store.password());
        assertThatThrownBy(() -> RegistrySettings.from(Map.of(RegistrySettings.URL, url(),
                RegistrySettings.TRUSTSTORE_PASSWORD, store.password())))
                .hasMessageContaining(RegistrySettings.TRUSTSTORE_LOCATION + " is required");

        RegistrySettings settings = RegistrySettings.from(Map.of(RegistrySettings.URL, url(),
                RegistrySettings.TRUSTSTORE_LOCATION, store.path().toString(),
                RegistrySettings.TRUSTSTORE_PASSWORD, store.password()));
        assertThat(settings.truststore()).hasValueSatisfying(t -> assertThat(t.type()).isEqualToIgnoringCase("PKCS12"));
        assertThat(settings.toString()).as("settings may be logged").doesNotContain(store.password());
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
