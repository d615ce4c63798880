package io.careerstream.embedded;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Debian's nginx in front of an HTTP server, for tests: TLS with a certificate from a
 * {@link TestCertificates} authority made for the run, and {@code auth_basic} with one user, so
 * that credentials are checked by a real component rather than by a fake of ours. It runs as one
 * foreground process, a child of the test, with everything it writes under its directory, so it
 * needs no privileges and leaves the machine's own nginx alone.
 */
public final class NginxProxy implements AutoCloseable {

    /** For a skipped test: what is missing and how to get it. */
    public static final String MISSING = "Skipped: nginx was not found on the PATH nor in /usr/sbin. Install it "
            + "(Debian's package nginx) to run the tests of a registry behind TLS and basic authentication.";

    /**
     * JUnit 5 extension that skips a test class without nginx. Register it before
     * {@link SchemaRegistryExtension}, so that no registry starts for nothing. CI installs nginx
     * (.ci/run), so there these tests always run.
     */
    public static final class Installed implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            Assumptions.assumeTrue(find().isPresent(), MISSING);
        }
    }

    private final Process process;
    private final Path dir;
    private final String url;
    private final TestCertificates.Store truststore;

    private NginxProxy(Process process, Path dir, String url, TestCertificates.Store truststore) {
        this.process = process;
        this.dir = dir;
        this.url = url;
        this.truststore = truststore;
    }

    /** The nginx binary: on the PATH, or in /usr/sbin, where Debian installs it (not on an ordinary user's PATH). */
    public static Optional<Path> find() {
        return Stream.concat(Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
                        Stream.of("/usr/sbin"))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, "nginx")).filter(Files::isExecutable).findFirst();
    }

    /**
     * Starts nginx on a free port of 127.0.0.1, proxying to {@code upstream} (an http URL; its path is
     * kept: {@link #url()} is the same URL through the proxy) for {@code user} with {@code password}.
     */
    public static NginxProxy start(String upstream, Path dir, String user, String password) throws IOException {
        Path nginx = find().orElseThrow(() -> new IllegalStateException(MISSING));
        Files.createDirectories(dir);
        TestCertificates ca = TestCertificates.authority(dir.resolve("tls"));
        TestCertificates.Store truststore = ca.truststore();
        TestCertificates.Pem server = ca.pem("localhost");
        Files.writeString(dir.resolve("htpasswd"), user + ":" + ssha(password) + "\n");
        int port = freePort();
        String origin = upstream.replaceFirst("^(https?://[^/]+).*$", "$1");
        Path conf = dir.resolve("nginx.conf");
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
                "      proxy_pass " + origin + ";",
                "    }",
                "  }",
                "}", ""));
        // -e: where to log before the configuration is read, else nginx tries its compiled-in /var/log path.
        Process process = new ProcessBuilder(nginx.toString(), "-e", dir.resolve("error.log").toString(),
                "-p", dir.toString(), "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        NginxProxy proxy = new NginxProxy(process, dir, "https://localhost:" + port + upstream.substring(origin.length()),
                truststore);
        try {
            Awaitility.await("nginx listening on " + port).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n"
                                    + proxy.read("nginx.out") + proxy.errorLog());
                        }
                        return accepts(port);
                    });
        } catch (RuntimeException e) {
            proxy.close();
            throw e;
        }
        return proxy;
    }

    /** The upstream URL through the proxy: https, on localhost (the name the certificate is for). */
    public String url() {
        return url;
    }

    /** A trust store holding the authority that signed the proxy's certificate. */
    public TestCertificates.Store truststore() {
        return truststore;
    }

    /** nginx's access log so far: each request with its user ("-" for none) and status. */
    public String accessLog() {
        return read("access.log");
    }

    /** nginx's error log so far: it says why it refused credentials. */
    public String errorLog() {
        return read("error.log");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private String read(String name) {
        try {
            Path file = dir.resolve(name);
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An htpasswd entry in nginx's salted SHA-1 form ({SSHA}): base64(sha1(password + salt) + salt). */
    private static String ssha(String password) {
        try {
            byte[] salt = new byte[8];
            new SecureRandom().nextBytes(salt);
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            sha1.update(salt);
            byte[] digest = sha1.digest();
            byte[] both = Arrays.copyOf(digest, digest.length + salt.length);
            System.arraycopy(salt, 0, both, digest.length, salt.length);
            return "{SSHA}" + Base64.getEncoder().encodeToString(both);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
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
}
