package io.careerstream.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How to reach a schema registry, read from the same config keys Confluent's clients use, so an
 * existing client configuration works unchanged. Invalid values fail with a message naming the key.
 *
 * @param urls one or more base URLs; requests fail over between them on retries
 * @param authorization the value of the Authorization header, if any
 * @param truststore the certificate authorities trusted for https URLs; empty: the JVM's default trust store
 */
public record RegistrySettings(List<URI> urls, Optional<String> authorization, Duration requestTimeout,
                               int maxRetries, Duration retryBackoff, Optional<Truststore> truststore) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    // Confluent's client names: the registry's CA is often not the brokers' (ssl.truststore.*), nor the JVM's.
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";

    /** Every key that belongs to the registry client (they are not Kafka Streams settings). */
    public static final List<String> KEYS = List.of(URL, BASIC_AUTH_SOURCE, BASIC_AUTH_USER_INFO, BEARER_AUTH_SOURCE,
            BEARER_AUTH_TOKEN, REQUEST_TIMEOUT_MS, MAX_RETRIES, RETRY_BACKOFF_MS, TRUSTSTORE_LOCATION, TRUSTSTORE_PASSWORD,
            TRUSTSTORE_TYPE);

    /**
     * A trust store file: its certificate authorities are the only ones trusted for the registry.
     * Kept as its location (not as a loaded {@link SSLContext}) so that equal settings stay equal and
     * share one client.
     */
    public record Truststore(Path location, String password, String type) {

        /** A TLS context that trusts this store's authorities; failures name the key to fix. */
        public SSLContext sslContext() {
            KeyStore store;
            try {
                store = KeyStore.getInstance(type);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("Invalid value '" + type + "' for " + TRUSTSTORE_TYPE + ": " + e.getMessage());
            }
            try (InputStream in = Files.newInputStream(location)) {
                store.load(in, password == null ? null : password.toCharArray());
                TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(store);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trust.getTrustManagers(), null);
                return context;
            } catch (IOException | GeneralSecurityException e) {
                // A wrong password shows as an IOException too; the message never carries the password.
                throw new IllegalArgumentException("Cannot read the trust store " + location + " (" + TRUSTSTORE_LOCATION
                        + ", " + TRUSTSTORE_PASSWORD + ", " + TRUSTSTORE_TYPE + "=" + type + "): " + e.getMessage());
            }
        }

        /** Without the password: settings may end up in a log line. */
        @Override
        public String toString() {
            return "Truststore[" + location + ", " + type + "]";
        }
    }

    public static RegistrySettings from(Map<String, ?> config) {
        String url = string(config, URL, null);
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Missing required config " + URL);
        }
        List<URI> urls = new ArrayList<>();
        for (String part : url.split(",")) {
            String trimmed = part.strip().replaceAll("/+$", "");
            try {
                URI uri = URI.create(trimmed);
                if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                        || uri.getHost() == null) {
                    throw new IllegalArgumentException("not an http(s) URL");
                }
                urls.add(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid value '" + trimmed + "' for " + URL + ": " + e.getMessage());
            }
        }
        return new RegistrySettings(urls, authorization(config, urls),
                Duration.ofMillis(positive(config, REQUEST_TIMEOUT_MS, 10_000)),
                (int) nonNegative(config, MAX_RETRIES, 3),
                Duration.ofMillis(nonNegative(config, RETRY_BACKOFF_MS, 200)), truststore(config));
    }

    private static Optional<Truststore> truststore(Map<String, ?> config) {
        String location = string(config, TRUSTSTORE_LOCATION, null);
        if (location == null || location.isBlank()) {
            if (config.get(TRUSTSTORE_PASSWORD) != null || config.get(TRUSTSTORE_TYPE) != null) {
                throw new IllegalArgumentException(TRUSTSTORE_LOCATION + " is required when " + TRUSTSTORE_PASSWORD
                        + " or " + TRUSTSTORE_TYPE + " is set");
            }
            return Optional.empty();
        }
        Truststore truststore = new Truststore(Path.of(location.strip()), string(config, TRUSTSTORE_PASSWORD, null),
                string(config, TRUSTSTORE_TYPE, KeyStore.getDefaultType()).strip());
        truststore.sslContext(); // read it now, so a bad file or password is a settings error naming the key
        return Optional.of(truststore);
    }

    private static Optional<String> authorization(Map<String, ?> config, List<URI> urls) {
        String bearerSource = string(config, BEARER_AUTH_SOURCE, null);
        String token = string(config, BEARER_AUTH_TOKEN, null);
        if (bearerSource != null || token != null) {
            if (bearerSource != null && !bearerSource.equals("STATIC_TOKEN")) {
                throw new IllegalArgumentException("Unsupported " + BEARER_AUTH_SOURCE + " '" + bearerSource
                        + "': only STATIC_TOKEN is supported");
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException(BEARER_AUTH_TOKEN + " is required for bearer authentication");
            }
            return Optional.of("Bearer " + token);
        }
        String userInfo = string(config, BASIC_AUTH_USER_INFO, null);
        String source = string(config, BASIC_AUTH_SOURCE, userInfo == null ? null : "USER_INFO");
        if (source == null) {
            return Optional.empty();
        }
        switch (source) {
            case "USER_INFO" -> {
                if (userInfo == null || !userInfo.contains(":")) {
                    throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must be 'user:password'");
                }
            }
            case "URL" -> userInfo = urls.get(0).getUserInfo();
            default -> throw new IllegalArgumentException("Unsupported " + BASIC_AUTH_SOURCE + " '" + source
                    + "': use USER_INFO or URL");
        }
        if (userInfo == null) {
            throw new IllegalArgumentException(BASIC_AUTH_SOURCE + "=URL but " + URL + " has no user info");
        }
        return Optional.of("Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
    }

    private static String string(Map<String, ?> config, String key, String fallback) {
        Object v = config.get(key);
        return v == null ? fallback : v.toString();
    }

    private static long positive(Map<String, ?> config, String key, long fallback) {
        long v = nonNegative(config, key, fallback);
        if (v == 0) {
            throw new IllegalArgumentException(key + " must be positive");
        }
        return v;
    }

    private static long nonNegative(Map<String, ?> config, String key, long fallback) {
        String v = string(config, key, null);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + key + ": expected a non-negative integer");
        }
    }
}
