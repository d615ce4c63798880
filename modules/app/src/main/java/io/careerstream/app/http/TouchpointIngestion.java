package io.careerstream.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.app.ingest.EventIds;
import io.careerstream.app.ingest.TouchpointChecks;
import io.careerstream.app.ingest.TouchpointSink;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.errors.InvalidTouchpointException;
import io.careerstream.topics.RejectionReason;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code POST /touchpoints}: webhooks and services feed touchpoints over HTTP. The body is one
 * TouchpointEvent in Avro's JSON encoding, or an array of up to {@code careerstream.http.ingest.max.events}.
 * Every event is checked as the pipeline checks it; if any fails, the answer is 400 with each bad
 * event and why, and nothing is sent. Otherwise every event is sent (keyed by customer id or alias,
 * event time as timestamp, its id or one derived from its content, an idempotent producer with
 * acks=all) and the answer, 202 with the event ids, comes only once the broker has all of them: a
 * caller that gets no 202 sends the same events again, and the ids make the resend count once.
 *
 * <p>Its own bearer token ({@code careerstream.http.ingest.token}), not the reader's; a body size
 * limit (413), a rate limit for all callers together (429 with Retry-After); CORS only for the
 * origins configured.
 */
public final class TouchpointIngestion {

    /** The route. */
    public static final String PATH = "/touchpoints";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpSettings http;
    private final TouchpointChecks checks;
    private final TouchpointSink sink;
    private final EventRateLimit rate;
    private final BearerAuth auth;

    private TouchpointIngestion(HttpSettings http, TouchpointChecks checks, TouchpointSink sink, MeterRegistry metrics) {
        this.http = http;
        this.auth = new BearerAuth(http.ingestToken(), HttpSettings.INGEST_TOKEN, metrics);
        this.checks = checks;
        this.sink = sink;
        this.rate = new EventRateLimit(http.ingestRateLimit(), http.ingestMaxEvents());
    }

    /**
     * The route's handler, producing to the touchpoints topic of {@code config}; {@link #close} closes
     * the producer. Without a producer token (and with auth on), the route answers 401 to everyone
     * and no producer is made.
     */
    public static TouchpointIngestion create(CareerstreamConfig config, HttpSettings http, MeterRegistry metrics) {
        boolean open = !http.authRequired() || http.ingestToken() != null;
        TouchpointSink sink = open ? new TouchpointSink(config, "careerstream-http-ingest", 5, 10_000) : null;
        return new TouchpointIngestion(http, TouchpointChecks.of(config), sink, metrics);
    }

    /** Closes the producer, if there is one. */
    public void close() {
        if (sink != null) {
            sink.close();
        }
    }

    public void post(Context ctx) throws IOException {
        allowOrigin(ctx);
        if (!authorized(ctx)) {
            return;
        }
        byte[] body = body(ctx);
        if (body == null) {
            return;
        }
        Batch batch = read(body, http.ingestMaxEvents(), checks);
        if (batch.status() != null) {
            ctx.status(batch.status()).json(batch.error());
            return;
        }
        List<TouchpointEvent> events = batch.events();
        List<String> keys = batch.keys();
        long waitMs = rate.take(events.size());
        if (waitMs > 0) {
            ctx.header("Retry-After", Long.toString(Math.max(1, TimeUnit.MILLISECONDS.toSeconds(waitMs + 999))))
                    .status(HttpStatus.TOO_MANY_REQUESTS).json(Map.of("error", "more than " + http.ingestRateLimit()
                            + " touchpoints a second (" + HttpSettings.INGEST_RATE_LIMIT + "); nothing was sent"));
            return;
        }
        List<CompletableFuture<?>> written = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            written.add(sink.send(keys.get(i), events.get(i)));
        }
        List<String> ids = events.stream().map(TouchpointEvent::getEventId).toList();
        ctx.future(() -> CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
                .orTimeout(http.ingestAckTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .handle((done, error) -> {
                    if (error == null) {
                        ctx.status(HttpStatus.ACCEPTED).json(Map.of("accepted", ids.size(), "eventIds", ids));
                    } else {
                        ctx.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5").json(Map.of("error",
                                "not every touchpoint was acknowledged by the broker (" + rootCause(error) + "); send the "
                                        + "same request again: their event ids make a resend count once"));
                    }
                    return null;
                }));
    }

    /**
     * What a request body holds: every event with its record key, or the answer that refuses it
     * (400 not JSON, no touchpoint, or some event that fails a check, each named; 413 too many
     * events). Needs no broker, so it is what {@code TouchpointIngestionFuzzTest} fuzzes.
     */
    record Batch(List<TouchpointEvent> events, List<String> keys, HttpStatus status, Map<String, Object> error) {
        static Batch refused(HttpStatus status, Map<String, Object> error) {
            return new Batch(List.of(), List.of(), status, error);
        }
    }

    static Batch read(byte[] body, int maxEvents, TouchpointChecks checks) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return Batch.refused(HttpStatus.BAD_REQUEST, Map.of("error", "the body is not JSON: " + e.getMessage()));
        }
        List<JsonNode> items = new ArrayList<>();
        if (root != null && root.isArray()) {
            root.forEach(items::add);
        } else if (root != null) {
            items.add(root);
        }
        if (items.isEmpty()) {
            return Batch.refused(HttpStatus.BAD_REQUEST, Map.of("error", "no touchpoint: send one object or an array of them"));
        }
        if (items.size() > maxEvents) {
            return Batch.refused(HttpStatus.CONTENT_TOO_LARGE, Map.of("error", items.size() + " touchpoints in one request; at most "
                    + maxEvents + " (" + HttpSettings.INGEST_MAX_EVENTS + ")"));
        }
        List<TouchpointEvent> events = new ArrayList<>(items.size());
        List<String> keys = new ArrayList<>(items.size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                TouchpointEvent event = EventIds.withId(TouchpointJson.read(items.get(i)));
                keys.add(checks.check(event));
                events.add(event);
            } catch (IllegalArgumentException e) {
                rejected.add(rejection(i, items.get(i).path("eventId").asText(null), RejectionReason.UNDESERIALIZABLE.name(),
                        e.getMessage()));
            } catch (InvalidTouchpointException e) {
                rejected.add(rejection(i, items.get(i).path("eventId").asText(null), e.reason().name(),
                        e.getMessage().substring(e.reason().name().length() + 2)));
            }
        }
        if (!rejected.isEmpty()) {
            return Batch.refused(HttpStatus.BAD_REQUEST, Map.of("error", rejected.size() + " of " + items.size()
                    + " touchpoints refused; nothing was sent", "rejected", rejected));
        }
        return new Batch(events, keys, null, null);
    }

    /** The body, or null when it is larger than the limit (answered with 413 here). */
    private byte[] body(Context ctx) throws IOException {
        int limit = http.ingestMaxRequestBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            tooLarge(ctx, limit);
            return null;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                tooLarge(ctx, limit);
                return null;
            }
            return body;
        }
    }

    private static void tooLarge(Context ctx, int limit) {
        ctx.status(HttpStatus.CONTENT_TOO_LARGE).json(Map.of("error", "the body is larger than " + limit + " bytes ("
                + HttpSettings.INGEST_MAX_REQUEST_BYTES + ")"));
    }

    /**
     * 401 without a bearer token, 403 with another than the producer token (the reader's included):
     * the same check as the customer endpoints' (BearerAuth: constant time, counted, logged, slowed).
     */
    private boolean authorized(Context ctx) {
        if (http.authRequired()) {
            auth.authorize(ctx);
        }
        return true;
    }

    /** CORS preflight: the allowed origins may POST JSON with a bearer token. */
    public void preflight(Context ctx) {
        if (allowOrigin(ctx)) {
            ctx.header("Access-Control-Allow-Methods", "POST")
                    .header("Access-Control-Allow-Headers", "Authorization, Content-Type")
                    .header("Access-Control-Max-Age", "600")
                    .status(HttpStatus.NO_CONTENT);
        } else {
            ctx.status(HttpStatus.FORBIDDEN);
        }
    }

    /** Adds Access-Control-Allow-Origin for an allowed origin; whether it was one. */
    private boolean allowOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        List<String> allowed = http.ingestCorsOrigins();
        if (origin == null || allowed.isEmpty() || !(allowed.contains(origin) || allowed.contains("*"))) {
            return false;
        }
        ctx.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
        return true;
    }

    private static Map<String, Object> rejection(int index, String eventId, String reason, String message) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("index", index);
        r.put("eventId", eventId);
        r.put("reason", reason);
        r.put("message", message);
        return r;
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
