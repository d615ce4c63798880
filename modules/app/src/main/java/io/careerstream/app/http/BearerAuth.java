package io.careerstream.app.http;

import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token check of the customer endpoints (RFC 6750). The scheme is matched without
 * regard to case, as RFC 7235 says of every authentication scheme; the token is compared in
 * constant time over SHA-256 digests, so neither its content nor its length can be learnt from
 * response times. A failed attempt is counted ({@value #METRIC}), logged at most once per
 * {@link #LOG_INTERVAL} with the count since the last line (a flood must not fill the disk), and
 * answered only after {@link #DELAY}, which turns a guessing loop of thousands of tries a second
 * into a few per connection.
 */
public final class BearerAuth {

    /** Failed authentications, as Prometheus shows them: careerstream_http_auth_failures_total. */
    public static final String METRIC = "careerstream.http.auth.failures";
    static final Duration DELAY = Duration.ofMillis(250);
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(BearerAuth.class);
    private static final String SCHEME = "bearer";

    private final byte[] expected;
    private final String key;
    private final Counter failures;
    private final AtomicLong unlogged = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(Long.MIN_VALUE);
    private final Duration delay;

    /** @param token the configured token of the customer endpoints, or null: then every request is refused */
    public BearerAuth(String token, MeterRegistry metrics) {
        this(token, HttpSettings.HTTP_TOKEN, metrics, DELAY);
    }

    /**
     * @param token the configured token, or null: then every request is refused
     * @param key   the setting that holds it, named in the 401 answer
     */
    public BearerAuth(String token, String key, MeterRegistry metrics) {
        this(token, key, metrics, DELAY);
    }

    BearerAuth(String token, MeterRegistry metrics, Duration delay) {
        this(token, HttpSettings.HTTP_TOKEN, metrics, delay);
    }

    private BearerAuth(String token, String key, MeterRegistry metrics, Duration delay) {
        this.expected = token == null ? null : sha256(token);
        this.key = key;
        this.failures = Counter.builder(METRIC).description("Requests refused for a missing or wrong bearer token")
                .register(metrics);
        this.delay = delay;
    }

    /** Lets the request through, or ends it with 401 (no token) or 403 (a wrong one). */
    public void authorize(Context ctx) {
        String token = tokenOf(ctx.header("Authorization"));
        if (token == null) {
            fail(ctx, "no bearer token");
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse("a bearer token is required (" + key + ")");
        }
        if (expected == null || !MessageDigest.isEqual(sha256(token), expected)) {
            fail(ctx, "a wrong bearer token");
            throw new ForbiddenResponse("the bearer token is not valid");
        }
    }

    /** The token of an {@code Authorization: Bearer TOKEN} header, the scheme in any case; null if none. */
    static String tokenOf(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space <= 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals(SCHEME)) {
            return null;
        }
        String token = value.substring(space + 1).strip();
        return token.isEmpty() ? null : token;
    }

    private void fail(Context ctx, String what) {
        failures.increment();
        unlogged.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if ((last == Long.MIN_VALUE || now - last >= LOG_INTERVAL.toNanos()) && lastLog.compareAndSet(last, now)) {
            long since = unlogged.getAndSet(0);
            // The client's address, the path and what was wrong: never the token given.
            LOG.warn("HTTP API: {} for {} from {} ({} failed authentication{} since the last such line)", what,
                    ctx.path(), ctx.ip(), since, since == 1 ? "" : "s");
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
