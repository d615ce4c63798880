package io.careerstream.app.http;

import io.careerstream.domain.CareerFigures;
import io.careerstream.domain.CustomerState;
import io.careerstream.pipeline.LiveCustomers;
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.career.CareerCounts;
import io.javalin.Javalin;
import org.slf4j.LoggerFactory;
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
     * Starts serving on {@code careerstream.http.host}:{@code careerstream.http.port} (port 0: a
     * free one) of the pipeline's configuration. The data endpoints need the bearer token of
     * {@code careerstream.http.token} (none configured: they answer 401 to everyone). With several
     * instances, {@code application.server} is this API's address as the others reach it.
     */
    public static CareerstreamApi start(CareerPipeline pipeline, HttpSettings http) {
        if (!(pipeline.metrics().registry() instanceof PrometheusMeterRegistry metrics)) {
            throw new IllegalArgumentException("the pipeline must record into a Prometheus registry: start it with "
                    + "CareerstreamApi.newRegistry()");
        }
        CareerstreamConfig config = pipeline.config();
        if (!http.authRequired()) {
            LoggerFactory.getLogger(CareerstreamApi.class).warn("{}=none: the customer endpoints answer anyone who "
                    + "reaches {}:{} without a token", HttpSettings.HTTP_AUTH, http.host(), http.port());
        }
        String token = http.token();
        HostInfo self = config.pipeline().applicationServer();
        KafkaStreams streams = pipeline.streams();
        LiveCustomers customers = new LiveCustomers(streams, config, pipeline.careerMap());
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        Javalin server = Javalin.create(c -> c.showJavalinBanner = false)
                .get("/health/live", ctx -> health(ctx, !pipeline.failure().isDone(),
                        pipeline.failure().isDone() ? "FAILED" : "ALIVE"))
                .get("/health/ready", ctx -> health(ctx, streams.state() == KafkaStreams.State.RUNNING
                        && !pipeline.failure().isDone(), streams.state().name()))
                .get("/metrics", ctx -> {
                    pipeline.refreshMetrics();
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
                })
                .get("/status", ctx -> ctx.json(InstanceStatus.of(pipeline, self)))
                .get("/stages", ctx -> counts(ctx, streams, self, CareerCounts.STAGE, "/stages"))
                .get("/tracks", ctx -> counts(ctx, streams, self, CareerCounts.TRACK, "/tracks"))
                .before("/customers/*", ctx -> {
                    if (http.authRequired()) {
                        authorize(ctx, token);
                    }
                })
                .get("/customers/{id}", ctx -> customer(ctx, streams, customers, self, ctx.pathParam("id"), "",
                        state -> profile(ctx.pathParam("id"), state, customers.figures(state))))
                .get("/customers/{id}/explain", ctx -> customer(ctx, streams, customers, self, ctx.pathParam("id"), "/explain",
                        state -> customers.explain(state, at(ctx, state))))
                .exception(IllegalArgumentException.class, (e, ctx) ->
                        ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())));
        TouchpointIngestion.register(server, config, http);
        server.start(http.host(), http.port());
        return new CareerstreamApi(server, metrics, streamsMetrics);
    }

    /** The registry to start the pipeline with, so that /metrics shows its careerstream_* metrics. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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

    /**
     * Answers for one customer: here if this instance holds the customer's partition, else by
     * asking the instance that does. 404 for a customer no one holds; 503 with Retry-After while the
     * store restores or the partitions move.
     */
    private static void customer(Context ctx, KafkaStreams streams, LiveCustomers customers, HostInfo self, String id, String subPath,
                                 Function<CustomerState, Object> answer) throws Exception {
        if (self != null && ctx.header(FORWARDED) == null) {
            KeyQueryMetadata owner = streams.queryMetadataForKey(CareerTopology.CUSTOMER_STATE_STORE, id,
                    Serdes.String().serializer());
            if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
                unavailable(ctx, streams);
                return;
            }
            if (!owner.activeHost().equals(self)) {
                forward(ctx, owner.activeHost(), "/customers/" + CustomerPaths.segment(id) + subPath);
                return;
            }
        }
        Optional<CustomerState> state;
        try {
            state = customers.state(id);
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, streams);
            return;
        }
        if (state.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no customer " + id));
            return;
        }
        try {
            ctx.json(answer.apply(state.get()));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, streams);
        }
    }

    /** The moment to explain: {@code ?at=} (ISO-8601), else the customer's latest evaluation, which decided the stored stage. */
    private static long at(Context ctx, CustomerState state) {
        String at = ctx.queryParam("at");
        if (at == null) {
            return state.evaluatedAt();
        }
        try {
            return Instant.parse(at).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("at=" + at + " is not an ISO-8601 instant, e.g. 1998-06-30T00:00:00Z");
        }
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
    private static void forward(Context ctx, HostInfo owner, String path) throws Exception {
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + owner.host() + ":" + owner.port()
                        + path + query))
                .timeout(java.time.Duration.ofSeconds(10)).header(FORWARDED, "1");
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        ctx.status(answer.statusCode()).contentType("application/json").result(answer.body());
        answer.headers().firstValue("Retry-After").ifPresent(v -> ctx.header("Retry-After", v));
    }

    /**
     * The profile as the customer-profiles topic carries it (the same fields, the same figures),
     * plus the moment of the latest evaluation and the stage entered last. Figures that do not
     * exist yet (P(alive) of someone who never bought) are null.
     */
    static Map<String, Object> profile(String id, CustomerState s, CareerFigures f) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("customerId", id);
        p.put("stage", s.stage());
        p.put("stageSince", time(s.stageSince()));
        p.put("track", s.track());
        p.put("churnLevel", s.alertLevel().name());
        p.put("doNotContactReasons", new TreeSet<>(f.doNotContactReasons()));
        p.put("probabilityAlive", number(f.probabilityAlive()));
        p.put("expectedPurchases30d", number(f.expectedPurchases30d()));
        p.put("expectedPurchases90d", number(f.expectedPurchases90d()));
        p.put("expectedValue90d", number(f.expectedValue90d()));
        p.put("meanIntervalDays", number(f.meanIntervalDays()));
        p.put("expectedIntervalDays", number(f.expectedIntervalDays()));
        p.put("lastTransition", s.stageSince() <= 0 ? null
                : Map.of("dimension", "STAGE", "to", s.stage(), "at", time(s.stageSince())));
        p.put("purchaseDays", s.purchaseDays());
        p.put("purchases", s.purchases());
        p.put("totalSpendMinor", s.totalSpendMinor());
        p.put("firstPurchaseAt", time(s.firstPurchaseAt()));
        p.put("lastPurchaseAt", time(s.lastPurchaseAt()));
        p.put("lastTouchpointAt", time(s.lastTouchpointAt()));
        p.put("evaluatedAt", time(s.evaluatedAt()));
        p.put("nextCheckAt", time(s.nextCheckAt()));
        p.put("inquiries", s.inquiries());
        p.put("openComplaints", s.openComplaints());
        p.put("emailOpens", s.emailOpens());
        p.put("emailClicks", s.emailClicks());
        p.put("positiveMentions", s.positiveMentions());
        p.put("negativeMentions", s.negativeMentions());
        p.put("referrals", s.referrals());
        p.put("unsubscribed", s.unsubscribed());
        p.put("spamReported", s.spamReported());
        return p;
    }

    private static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
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
