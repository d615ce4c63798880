package io.careerstream.app.http;

import io.careerstream.domain.CustomerState;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.career.CareerCounts;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.UnauthorizedResponse;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * What a running instance serves over HTTP (Javalin): health for the supervisor, Prometheus
 * metrics for ops, and a customer's profile for campaign tools. The profile is personal data, so
 * its endpoint needs the bearer token of {@code careerstream.http.token}; without one configured
 * it answers 401 to everyone. Any instance answers for any customer: when another instance holds
 * the customer's state ({@code queryMetadataForKey}, with {@code application.server} set to each
 * instance's API address), the request is passed to it once, with the caller's token.
 */
public final class CareerstreamApi implements AutoCloseable {

    /** Marks a request one instance passed to another, so that it is never passed on again. */
    static final String FORWARDED = "X-Careerstream-Forwarded";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

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
     * @param self this instance's {@code application.server} (the API's address as the other
     *     instances reach it), or null for a single instance
     */
    public static CareerstreamApi start(CareerPipeline pipeline, String host, int port, String token, HostInfo self) {
        KafkaStreams streams = pipeline.streams();
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        Javalin server = Javalin.create(config -> config.showJavalinBanner = false)
                .get("/health/live", ctx -> health(ctx, !pipeline.failure().isDone(),
                        pipeline.failure().isDone() ? "FAILED" : "ALIVE"))
                .get("/health/ready", ctx -> health(ctx, streams.state() == KafkaStreams.State.RUNNING
                        && !pipeline.failure().isDone(), streams.state().name()))
                .get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()))
                .get("/stages", ctx -> counts(ctx, streams, self, CareerCounts.STAGE, "/stages"))
                .get("/tracks", ctx -> counts(ctx, streams, self, CareerCounts.TRACK, "/tracks"))
                .before("/customers/*", ctx -> authorize(ctx, token))
                .get("/customers/{id}", ctx -> customer(ctx, streams, self, ctx.pathParam("id")))
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

    private static void customer(Context ctx, KafkaStreams streams, HostInfo self, String id) throws Exception {
        if (self != null && ctx.header(FORWARDED) == null) {
            // Several instances: the one that holds the customer's partition answers.
            KeyQueryMetadata owner = streams.queryMetadataForKey(CareerTopology.CUSTOMER_STATE_STORE, id,
                    Serdes.String().serializer());
            if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
                unavailable(ctx, streams);
                return;
            }
            if (!owner.activeHost().equals(self)) {
                forward(ctx, owner.activeHost(), id);
                return;
            }
        }
        CustomerState state;
        try {
            ReadOnlyKeyValueStore<String, CustomerState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CareerTopology.CUSTOMER_STATE_STORE, QueryableStoreTypes.keyValueStore()));
            state = store.get(id);
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, streams);
            return;
        }
        if (state == null) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no customer " + id));
            return;
        }
        ctx.json(profile(id, state));
    }

    /**
     * Customers per stage or track across the cluster: this instance's counters plus every other
     * instance's ({@code ?scope=local}), so the numbers add up to the number of customers.
     */
    private static void counts(Context ctx, KafkaStreams streams, HostInfo self, String prefix, String path)
            throws Exception {
        Map<String, Long> counts;
        try {
            ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CareerTopology.CAREER_COUNTS_STORE, QueryableStoreTypes.keyValueStore()));
            counts = new java.util.TreeMap<>(CareerCounts.read(store, prefix));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, streams);
            return;
        }
        if (self != null && !"local".equals(ctx.queryParam("scope"))) {
            for (var client : streams.metadataForAllStreamsClients()) {
                if (client.hostInfo().equals(self)) {
                    continue;
                }
                HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(URI.create("http://"
                                + client.hostInfo().host() + ":" + client.hostInfo().port() + path + "?scope=local"))
                        .timeout(java.time.Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    ctx.header("Retry-After", "5").status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error",
                            "instance " + client.hostInfo() + " answered " + answer.statusCode()));
                    return;
                }
                JSON.readTree(answer.body()).path("counts").fields().forEachRemaining(
                        e -> counts.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            }
        }
        ctx.json(Map.of("counts", counts, "total", counts.values().stream().mapToLong(Long::longValue).sum()));
    }

    private static void unavailable(Context ctx, KafkaStreams streams) {
        ctx.header("Retry-After", "5").status(HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("error", "the customer store is not queryable now (" + streams.state() + ")"));
    }

    /** Asks the instance that holds the customer, once: a forwarded request is answered where it lands. */
    private static void forward(Context ctx, HostInfo owner, String id) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port()
                        + "/customers/" + java.net.URLEncoder.encode(id, StandardCharsets.UTF_8)))
                .timeout(java.time.Duration.ofSeconds(10)).header(FORWARDED, "1");
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        ctx.status(answer.statusCode()).contentType("application/json").result(answer.body());
        answer.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
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
