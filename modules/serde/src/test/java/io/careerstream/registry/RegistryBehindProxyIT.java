package io.careerstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.embedded.TestCertificates;
import io.careerstream.serde.SerdeSettings;
import io.careerstream.serde.SpecificAvroSerde;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.apache.avro.Schema;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry client against a registry reached the way production reaches one: over TLS, with
 * basic authentication checked by a real component (Debian's nginx, {@code auth_basic} and
 * {@code ssl}, proxying to a real Apicurio Registry). The client is configured by the project's own
 * settings ({@link SerdeSettings}). Right credentials and the CA in the trust store work; a wrong
 * password, no credentials or an untrusted certificate fail at once with a message naming the
 * registry, never a stall. Timings go to target/registry-behind-proxy.txt.
 */
@ExtendWith({RegistryBehindProxyIT.NginxInstalled.class, SchemaRegistryExtension.class})
class RegistryBehindProxyIT {

    /** Far above the few milliseconds a refusal takes, far below a stall of retries and timeouts. */
    private static final Duration NO_STALL = Duration.ofSeconds(15);
    private static final String USER = "careerstream";
    private static final String PASSWORD = TestCertificates.password();
    private static final Path REPORT = Path.of("target", "registry-behind-proxy.txt");

    @TempDir
    static Path dir;
    private static Process nginx;
    private static String proxyUrl;
    private static TestCertificates.Store truststore;
    private static final List<String> report = new ArrayList<>();

    /** Skips the class before the registry starts when there is no nginx: CI installs it (.ci/run). */
    static final class NginxInstalled implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Assumptions.assumeTrue(nginx().isPresent(), "Skipped: nginx was not found on the PATH nor in /usr/sbin. "
                    + "Install it (Debian's package nginx) to run the registry-behind-TLS-and-basic-auth tests.");
        }
    }

    private static Optional<Path> nginx() {
        // Debian installs it in /usr/sbin, which is not on an ordinary user's PATH.
        return Stream.concat(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/sbin"))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, "nginx")).filter(Files::isExecutable).findFirst();
    }

    @BeforeAll
    static void startProxy(EmbeddedSchemaRegistry registry) throws Exception {
        TestCertificates ca = TestCertificates.authority(dir.resolve("tls"));
        truststore = ca.truststore();
        TestCertificates.Pem server = ca.pem("localhost");
        Files.writeString(dir.resolve("htpasswd"), USER + ":" + ssha(PASSWORD) + "\n");
        int port = freePort();
        String upstream = registry.url().replaceFirst("(https?://[^/]+).*", "$1");
        Path conf = dir.resolve("nginx.conf");
        // Everything nginx writes goes under the temporary directory, so it runs unprivileged and
        // touches nothing of the machine's own nginx; one process, in the foreground, is the child we stop.
        Files.writeString(conf, String.join("\n",
                "daemon off;",
                "master_process off;",
                "worker_processes 1;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + " info;",
                "events { worker_connections 64; }",
                "http {",
                "  access_log " + dir.resolve("access.log") + ";",
                "  client_body_temp_path " + dir.resolve("client_body") + ";",
                "  proxy_temp_path " + dir.resolve("proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "  scgi_temp_path " + dir.resolve("scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + " ssl;",
                "    ssl_certificate " + server.certificate() + ";",
                "    ssl_certificate_key " + server.key() + ";",
                "    auth_basic \"Schema registry\";",
                "    auth_basic_user_file " + dir.resolve("htpasswd") + ";",
                "    location / {",
                "      proxy_pass " + upstream + ";",
                "    }",
                "  }",
                "}", ""));
        // -e: the error log before the configuration is read, else nginx tries its compiled-in /var/log path.
        nginx = new ProcessBuilder(nginx().orElseThrow().toString(), "-e", dir.resolve("error.log").toString(),
                "-p", dir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Awaitility.await("nginx listening on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!nginx.isAlive()) {
                        throw new IllegalStateException("nginx exited with " + nginx.exitValue() + ":\n"
                                + Files.readString(dir.resolve("nginx.out")) + read("error.log"));
                    }
                    return accepts(port);
                });
        proxyUrl = "https://localhost:" + port + registry.url().substring(upstream.length());
    }

    @AfterAll
    static void stopProxy() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            // The proxy's own account of what it let through and what it refused, kept for a look after the run.
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, String.join("\n", report) + "\n\nnginx access log:\n" + read("access.log"));
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

        String access = read("access.log");
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
        assertThat(read("error.log")).as("nginx itself refused them").contains("user \"" + USER + "\": password mismatch");
    }

    @Test
    void noCredentialsAreRefusedAtOnceNamingTheRegistry() {
        Throwable refused = timed("no credentials", () -> SchemaRegistries.forConfig(settings(Map.of())).subjects());
        assertThat(refused).isInstanceOfSatisfying(SchemaRegistryException.AccessDenied.class,
                e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("Schema registry " + proxyUrl + " refused a request without credentials")
                .hasMessageContaining("HTTP 401");
        assertThat(read("error.log")).as("nginx itself refused it").contains("no user/password was provided for basic authentication");
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
        given.put(RegistrySettings.TRUSTSTORE_LOCATION, truststore.path().toString());
        given.put(RegistrySettings.TRUSTSTORE_PASSWORD, truststore.password());
        given.put(RegistrySettings.TRUSTSTORE_TYPE, truststore.type());
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

    /** An nginx htpasswd entry in its salted SHA-1 form ({SSHA}): base64(sha1(password + salt) + salt). */
    private static String ssha(String password) throws Exception {
        byte[] salt = new byte[8];
        new SecureRandom().nextBytes(salt);
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(password.getBytes(StandardCharsets.UTF_8));
        sha1.update(salt);
        byte[] digest = sha1.digest();
        byte[] both = Arrays.copyOf(digest, digest.length + salt.length);
        System.arraycopy(salt, 0, both, digest.length, salt.length);
        return "{SSHA}" + Base64.getEncoder().encodeToString(both);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(String log) {
        try {
            Path file = dir.resolve(log);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
