package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.NginxProxy;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.embedded.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * `./careerstream schemas check --config FILE` end to end against a registry behind nginx (TLS and
 * basic authentication): the settings a user writes, the secrets by the environment.
 */
@ExtendWith({NginxProxy.Installed.class, SchemaRegistryExtension.class})
class SchemasCommandBehindProxyIT {

    private static final String USER = "careerstream";
    private static final String PASSWORD = TestCertificates.password();

    @TempDir
    static Path dir;
    private static NginxProxy proxy;
    private static Path settings;

    @BeforeAll
    static void startProxy(EmbeddedSchemaRegistry registry) throws Exception {
        proxy = NginxProxy.start(registry.url(), dir.resolve("nginx"), USER, PASSWORD);
        settings = dir.resolve("careerstream.properties");
        Files.writeString(settings, String.join("\n",
                "schema.registry.url=" + proxy.url(),
                "basic.auth.credentials.source=USER_INFO",
                "schema.registry.ssl.truststore.location=" + proxy.truststore().path(),
                "schema.registry.ssl.truststore.type=" + proxy.truststore().type(), ""));
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    private static CliRun check(String userInfo) {
        // A refusal must come at once: a stall of retries and timeouts is the failure looked for.
        return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRun.withEnvironment(Map.of(
                        "CAREERSTREAM_BASIC_AUTH_USER_INFO", userInfo,
                        "CAREERSTREAM_SCHEMA_REGISTRY_SSL_TRUSTSTORE_PASSWORD", proxy.truststore().password()),
                "schemas", "check", "--config", settings.toString(), "--schemas", "../../schemas"));
    }

    @Test
    void checksThroughTheProxyWithTheSettingsFileAndSaysClearlyWhenTheCredentialsAreRefused() {
        CliRun checked = check(USER + ":" + PASSWORD);
        assertThat(checked.exit()).as(checked.out() + checked.err()).isZero();
        assertThat(checked.out()).contains("Registry " + proxy.url() + ", global compatibility")
                .containsPattern("\\d+ schema\\(s\\), 0 failed");
        assertThat(proxy.accessLog()).as("nginx let the user's requests through")
                .containsPattern("- " + USER + " \\[[^]]+\\] \"GET /apis/ccompat/v7/config HTTP/1.1\" 200");

        CliRun refused = check(USER + ":wrong-" + PASSWORD);
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("Registry error: Schema registry " + proxy.url() + " refused the credentials",
                "basic.auth.user.info", "HTTP 401");
        assertThat(refused.out() + refused.err()).doesNotContain(PASSWORD);
    }
}
