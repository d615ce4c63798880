package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.embedded.TestCertificates;
import java.io.FileInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's own transport and access settings: HTTPS from a keystore (and then no plain HTTP on the
 * port), tokens read from mounted files rather than command lines, and which endpoints answer
 * without the token.
 */
class HttpsAndOpenEndpointsTest {

    private static final String TOKEN = "reader-token-of-this-test";

    @TempDir
    Path dir;

    @Test
    void withAKeystoreTheApiServesHttpsOnlyOnItsPort() throws Exception {
        TestCertificates authority = TestCertificates.authority(dir);
        TestCertificates.Store keystore = authority.keystore("careerstream-api");
        HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0", HttpSettings.HTTP_HOST, "127.0.0.1",
                HttpSettings.HTTP_AUTH, "none", HttpSettings.TLS_KEYSTORE_LOCATION, keystore.path().toString(),
                HttpSettings.TLS_KEYSTORE_PASSWORD, keystore.password()));
        try (CareerstreamApi api = CareerstreamApi.listen(settings, CareerstreamApi.newRegistry())) {
            assertThat(api.https()).isTrue();
            assertThat(api.port()).isPositive();
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(authority.truststore())).build();
            HttpResponse<String> live = trusting.send(request("https://127.0.0.1:" + api.port() + "/health/live"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.headers().firstValue("Content-Security-Policy")).isPresent();

            // The same port in plain HTTP answers no request: Jetty's TLS connector sees no handshake.
            HttpResponse<String> plain = null;
            try {
                plain = HttpClient.newHttpClient().send(request("http://127.0.0.1:" + api.port() + "/health/live"),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException refused) {
                // what a plain client gets from a TLS port
            }
            assertThat(plain == null || plain.statusCode() == 400).as("plain HTTP is not served").isTrue();
        }
    }

    @Test
    void endpointsLeftOutOfTheOpenListNeedTheReadersToken() throws Exception {
        HttpSettings settings = new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0", HttpSettings.HTTP_HOST, "127.0.0.1",
                HttpSettings.HTTP_TOKEN, TOKEN, HttpSettings.OPEN_ENDPOINTS, "health"));
        try (CareerstreamApi api = CareerstreamApi.listen(settings, CareerstreamApi.newRegistry())) {
            String base = "http://127.0.0.1:" + api.port();
            assertThat(get(base + "/health/live", null).statusCode()).isEqualTo(200);
            for (String path : new String[] {"/metrics", "/status", "/stages", "/tracks"}) {
                assertThat(get(base + path, null).statusCode()).as(path + " without a token").isEqualTo(401);
                assertThat(get(base + path, "wrong").statusCode()).as(path + " with a wrong token").isEqualTo(403);
            }
            assertThat(get(base + "/metrics", TOKEN).statusCode()).isEqualTo(200);
            // With the token the data endpoints are past the check: 503 only because no pipeline is there yet.
            assertThat(get(base + "/status", TOKEN).statusCode()).isEqualTo(503);
        }
        HttpSettings defaults = new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN, TOKEN));
        for (HttpSettings.Endpoints group : HttpSettings.Endpoints.values()) {
            assertThat(defaults.open(group)).as(group + " is open by default").isTrue();
        }
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.OPEN_ENDPOINTS, "health,customers")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpSettings.OPEN_ENDPOINTS);
    }

    @Test
    void tokensComeFromFilesAndEveryMistakeNamesItsKey() throws IOException {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path ingestFile = Files.writeString(dir.resolve("ingest-token"), "producer-token\n");
        HttpSettings fromFiles = new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN_FILE, tokenFile.toString(),
                HttpSettings.INGEST_TOKEN_FILE, ingestFile.toString()));
        assertThat(fromFiles.token()).isEqualTo(TOKEN);
        assertThat(fromFiles.ingestToken()).isEqualTo("producer-token");

        Map<String, String> both = new HashMap<>(Map.of(HttpSettings.HTTP_TOKEN_FILE, tokenFile.toString(),
                HttpSettings.HTTP_TOKEN, "inline"));
        assertThatThrownBy(() -> new HttpSettings(both)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpSettings.HTTP_TOKEN_FILE).hasMessageContaining("not both");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN_FILE, empty.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpSettings.HTTP_TOKEN_FILE);
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN_FILE, dir.resolve("absent").toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpSettings.HTTP_TOKEN_FILE);
        // The same secret twice, one inline and one from a file, is still refused.
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.HTTP_TOKEN_FILE, tokenFile.toString(),
                HttpSettings.INGEST_TOKEN, TOKEN))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpSettings.INGEST_TOKEN);

        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.TLS_KEYSTORE_LOCATION, dir.resolve("none.p12").toString(),
                HttpSettings.TLS_KEYSTORE_PASSWORD, "x"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining(HttpSettings.TLS_KEYSTORE_LOCATION);
        assertThatThrownBy(() -> new HttpSettings(Map.of(HttpSettings.TLS_KEYSTORE_LOCATION, tokenFile.toString())))
                .isInstanceOf(ConfigException.class).hasMessageContaining(HttpSettings.TLS_KEYSTORE_PASSWORD);
    }

    private static SSLContext trusting(TestCertificates.Store truststore) throws Exception {
        KeyStore trusted = KeyStore.getInstance(truststore.type());
        try (FileInputStream in = new FileInputStream(truststore.path().toFile())) {
            trusted.load(in, truststore.password().toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static HttpRequest request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
