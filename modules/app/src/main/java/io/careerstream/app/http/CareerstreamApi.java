package io.careerstream.app.http;

import io.careerstream.domain.CustomerState;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What a running instance serves over HTTP (Javalin): health for the supervisor, Prometheus
 * metrics for ops, and a customer's profile for campaign tools. The profile is personal data, so
 * its endpoint needs the bearer token of {@code careerstream.http.token}; without one configured
 * it answers 401 to everyone. Answers for customers whose state another instance holds are not
 * forwarded yet: they are 404 with the owner's address when {@code application.server} is set.
 */
public final class CareerstreamApi implements AutoCloseable {

    private final Javalin server;
    private final PrometheusMeterRegistry metrics;
    private final KafkaStreamsMetrics streamsMetrics;

    private CareerstreamApi(Javalin server, PrometheusMeterRegistry metrics, KafkaStreamsMetrics streamsMetrics) {
        this.server = server;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
    }

    /**
     * Starts serving on {@code host}:{@code port} (port 0: a free one).
     *
     * @param token the bearer token of the data endpoints, or null to refuse every request to them
     */
    public static CareerstreamApi start(CareerPipeline pipeline, String host, int port, String token) {
        KafkaStreams streams = pipeline.streams();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        Javalin server = Javalin.create(config -> config.showJavalinBanner = false)
                .get("/health/live", ctx -> health(ctx, !pipeline.failure().isDone(), "failed"))
                .get("/health/ready", ctx -> health(ctx, streams.state() == KafkaStreams.State.RUNNING
                        && !pipeline.failure().isDone(), streams.state().name()))
                .get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()))
                .before("/customers/*", ctx -> authorize(ctx, token))
                .get("/customers/{id}", ctx -> customer(ctx, streams, ctx.pathParam("id")))
                .start(host, port);
        return new CareerstreamApi(server, metrics, streamsMetrics);
    }

    public int port() {
        return server.port();
    }

    private static void health(Context ctx, boolean up, String state) {
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", up ? "UP" : "DOWN", "state", state));
    }

    /** Constant-time comparison, so the token cannot be guessed from response times. */
    private static void authorize(Context ctx, String token) {
        String header = ctx.header("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new UnauthorizedResponse("a bearer token is required (careerstream.http.token)");
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        if (token == null || !MessageDigest.isEqual(given, token.getBytes(StandardCharsets.UTF_8))) {
            throw new ForbiddenResponse("the bearer token is not valid");
        }
    }

    private static void customer(Context ctx, KafkaStreams streams, String id) {
        CustomerState state;
        try {
            ReadOnlyKeyValueStore<String, CustomerState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CareerTopology.CUSTOMER_STATE_STORE, QueryableStoreTypes.keyValueStore()));
            state = store.get(id);
        } catch (InvalidStateStoreException e) {
            ctx.header("Retry-After", "5").status(HttpStatus.SERVICE_UNAVAILABLE)
                    .json(Map.of("error", "the customer store is not queryable now (" + streams.state() + ")"));
            return;
        }
        if (state == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no customer " + id + " on this instance"));
            return;
        }
        ctx.json(profile(id, state));
    }

    static Map<String, Object> profile(String id, CustomerState s) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("customerId", id);
        p.put("stage", s.stage());
        p.put("stageSince", time(s.stageSince()));
        p.put("track", s.track());
        p.put("churnLevel", s.alertLevel().name());
        p.put("purchaseDays", s.purchaseDays());
        p.put("purchases", s.purchases());
        p.put("totalSpendMinor", s.totalSpendMinor());
        p.put("firstPurchaseAt", time(s.firstPurchaseAt()));
        p.put("lastPurchaseAt", time(s.lastPurchaseAt()));
        p.put("lastTouchpointAt", time(s.lastTouchpointAt()));
        p.put("nextCheckAt", time(s.nextCheckAt()));
        p.put("openComplaints", s.openComplaints());
        p.put("unsubscribed", s.unsubscribed());
        p.put("spamReported", s.spamReported());
        return p;
    }

    private static String time(long epochMillis) {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }

    @Override
    public void close() {
        server.stop();
        streamsMetrics.close();
        metrics.close();
    }
}
