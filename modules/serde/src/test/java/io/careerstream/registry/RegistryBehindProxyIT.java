package io.careerstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.NginxProxy;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.embedded.TestCertificates;
import io.careerstream.serde.SerdeSettings;
import io.careerstream.serde.SpecificAvroSerde;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a registry reached the way production reaches one: over TLS, with
 * basic authentication checked by a real component (Debian's nginx, {@code auth_basic} and
 * {@code ssl}, proxying to a real Apicurio Registry). The client is configured by the project's own
 * settings ({@link SerdeSettings}). Right credentials and the CA in the trust store work; a wrong
 * password, no credentials or an untrusted certificate fail at once with a message naming the
 * registry, never a stall. Timings go to target/registry-behind-proxy.txt.
 */
@ExtendWith({NginxProxy.Installed.class, SchemaRegistryExtension.class})
class RegistryBehindProxyIT {

    /** Far above the few milliseconds a refusal takes, far below a stall of retries and timeouts. */
    private static final Duration NO_STALL = Duration.ofSeconds(15);
    private static final String USER = "careerstream";
    private static final String PASSWORD = TestCertificates.password();
    private static final Path REPORT = Path.of("target", "registry-behind-proxy.txt");

    @TempDir
    static Path dir;
    private static NginxProxy proxy;
    private static String proxyUrl;
    private static final List<String> report = new ArrayList<>();

    @BeforeAll
    static void startProxy(EmbeddedSchemaRegistry registry) throws Exception {
        proxy = NginxProxy.start(registry.url(), dir.resolve("nginx"), USER, PASSWORD);
        proxyUrl = proxy.url();
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (proxy != null) {
            proxy.close();
            // The proxy's own account of what it let through and what it refused, kept for a look after the run.
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, String.join("\n", report) + "\n\nnginx access log:\n" + proxy.accessLog());
        }
    }

    @Test
    void theRightCredentialsAndTheAuthorityInTheTrustStoreRegisterAndReadSchemas() {
        Map<String, Object> config = settings(Map.of(RegistrySettings.BASIC_AUTH_SOURCE, "USER_INFO",
                RegistrySettings.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD));
        String subject = "proxied-" + UUID.randomUUID() + "-value";
        Schema schema = ChurnAlert.getClassSchema();

        int id = SchemaRegistries.forConfig(config).register(subject, schema);
        // A client of its own, with empty caches, so that the reads go through the proxy too.
        HttpSchemaRegistryClient fresh = new HttpSchemaRegistryClient(RegistrySettings.from(config));
        assertThat(fresh.schemaById(id)).isEqualTo(schema);
        assertThat(fresh.latest(subject).id()).isEqualTo(id);
        assertThat(fresh.subjects()).contains(subject);

        // And the serde, configured from the same settings, writes and reads a record through it.
        SpecificAvroSerde<ChurnAlert> serde = SpecificAvroSerde.forValues(ChurnAlert.class, config);
        ChurnAlert alert = ChurnAlert.newBuilder().setAlertId("c:1:AT_RISK").setCustomerId("c").setLevel(ChurnLevel.AT_RISK)
                .setAt(Instant.ofEpochMilli(5000)).setLastPurchaseAt(Instant.ofEpochMilli(1000))
                .setDaysSinceLastPurchase(20).setExpectedIntervalDays(10).setPurchaseDays(2)
                .setDoNotContact(false).setDoNotContactReasons(List.of()).setSuggestedAction("RETENTION_OFFER").build();
        byte[] bytes = serde.serializer().serialize("proxied-alerts", alert);
        assertThat(serde.deserializer().deserialize("proxied-alerts", bytes)).isEqualTo(alert);

        String access = proxy.accessLog();
        assertThat(access).as("nginx checked the user and passed the requests on")
                .containsPattern("- " + USER + " \\[[^]]+\\] \"POST /apis/ccompat/v7/subjects/" + subject + "/versions HTTP/1.1\" 200")
                .containsPattern("- " + USER + " \\[[^]]+\\] \"GET /apis/ccompat/v7/subjects/" + subject
                        + "/versions/latest HTTP/1.1\" 200");
        report.add("right credentials, CA trusted: registered id " + id + ", read back by id and as latest, serde round trip");
    }

    @Test
    void aWrongPasswordIsRefusedAtOnceNamingTheRegistry() {
        Map<String, Object> config = settings(Map.of(RegistrySettings.BASIC_AUTH_SOURCE, "USER_INFO",
                RegistrySettings.BASIC_AUTH_USER_INFO, USER + ":wrong-" + PASSWORD));
        Throwable refused = timed("wrong password", () -> SchemaRegistries.forConfig(config).subjects());
        assertThat(refused).isInstanceOfSatisfying(SchemaRegistryException.AccessDenied.class,
                e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("Schema registry " + proxyUrl + " refused the credentials")
                .hasMessageContaining(RegistrySettings.BASIC_AUTH_USER_INFO)
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining(PASSWORD);
        assertThat(proxy.errorLog()).as("nginx itself refused them").contains("user \"" + USER + "\": password mismatch");
    }

    @Test
    void noCredentialsAreRefusedAtOnceNamingTheRegistry() {
        Throwable refused = timed("no credentials", () -> SchemaRegistries.forConfig(settings(Map.of())).subjects());
        assertThat(refused).isInstanceOfSatisfying(SchemaRegistryException.AccessDenied.class,
                e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("Schema registry " + proxyUrl + " refused a request without credentials")
                .hasMessageContaining("HTTP 401");
        assertThat(proxy.errorLog()).as("nginx itself refused it").contains("no user/password was provided for basic authentication");
    }

    @Test
    void anUntrustedCertificateIsATlsErrorNamingTheRegistryAndTheTrustStore() {
        Map<String, Object> credentials = Map.of(RegistrySettings.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD);
        Map<String, Object> jvmDefault = new HashMap<>(settings(credentials));
        jvmDefault.remove(RegistrySettings.TRUSTSTORE_LOCATION);
        jvmDefault.remove(RegistrySettings.TRUSTSTORE_PASSWORD);
        jvmDefault.remove(RegistrySettings.TRUSTSTORE_TYPE);
        Throwable untrusted = timed("CA not in the JVM's trust store", () -> SchemaRegistries.forConfig(jvmDefault).subjects());
        assertThat(untrusted).isInstanceOf(SchemaRegistryException.Unavailable.class)
                .isNotInstanceOf(SchemaRegistryException.AccessDenied.class)
                .hasMessageContaining("TLS with schema registry " + proxyUrl + " failed")
                .hasMessageContaining(RegistrySettings.TRUSTSTORE_LOCATION)
                .hasStackTraceContaining("unable to find valid certification path");
        assertThat(untrusted).cause().isInstanceOf(SSLHandshakeException.class);

        // A trust store of another authority: the message names that file.
        TestCertificates.Store other = TestCertificates.authority(dir.resolve("other-ca")).truststore();
        Map<String, Object> otherCa = new HashMap<>(jvmDefault);
        otherCa.put(RegistrySettings.TRUSTSTORE_LOCATION, other.path().toString());
        otherCa.put(RegistrySettings.TRUSTSTORE_PASSWORD, other.password());
        Throwable wrongCa = timed("CA not in the configured trust store", () -> SchemaRegistries.forConfig(otherCa).subjects());
        assertThat(wrongCa).isInstanceOf(SchemaRegistryException.Unavailable.class)
                .hasMessageContaining("TLS with schema registry " + proxyUrl + " failed")
                .hasMessageContaining("the trust store " + other.path())
                .hasMessageNotContaining(other.password());
    }

    /** The registry settings a user would write: the https URL, the CA's trust store, and {@code extra}. */
    private static Map<String, Object> settings(Map<String, Object> extra) {
        Map<String, Object> given = new HashMap<>(extra);
        given.put(RegistrySettings.URL, proxyUrl);
        given.put(RegistrySettings.TRUSTSTORE_LOCATION, proxy.truststore().path().toString());
        given.put(RegistrySettings.TRUSTSTORE_PASSWORD, proxy.truststore().password());
        given.put(RegistrySettings.TRUSTSTORE_TYPE, proxy.truststore().type());
        return new SerdeSettings(given).serdeConfig();
    }

    /** What {@code call} threw, failing if it took {@link #NO_STALL} or more (retries or a hang). */
    private static Throwable timed(String what, Runnable call) {
        long start = System.nanoTime();
        Throwable thrown = assertTimeoutPreemptively(NO_STALL, () -> catchThrowable(call::run), what + " stalled");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        report.add(String.format("%-40s %5d ms  %s", what, millis, thrown));
        assertThat(thrown).as(what).isNotNull();
        return thrown;
    }
}
