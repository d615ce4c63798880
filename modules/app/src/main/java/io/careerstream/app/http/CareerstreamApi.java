package io.careerstream.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.careerstream.app.http.console.AlertFeed;
import io.careerstream.app.http.console.Console;
import io.careerstream.app.http.console.ConsoleEndpoints;
import io.careerstream.app.http.console.ConsoleFlows;
import io.careerstream.app.http.console.ConsoleMap;
import io.careerstream.app.http.console.ConsoleOps;
import io.careerstream.domain.CareerFigures;
import io.careerstream.domain.CustomerState;
import io.careerstream.pipeline.LiveCustomers;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.function.Function;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.career.CareerCounts;
import io.careerstream.pipeline.lift.CampaignLift;
import io.careerstream.domain.ReportingCurrency;
import io.careerstream.domain.lift.LiftArm;
import io.careerstream.domain.lift.LiftCounts;
import io.careerstream.domain.lift.LiftReport;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.HashMap;
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
    /** Seconds a client is asked to wait before it asks again while partitions move or the pipeline starts. */
    static final String RETRY_AFTER_SECONDS = "5";
    private static final Logger LOG = LoggerFactory.getLogger(CareerstreamApi.class);
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** What the data endpoints need once the pipeline is there. */
    private record Serving(CareerPipeline pipeline, KafkaStreams streams, LiveCustomers customers, HostInfo self,
            TouchpointIngestion ingestion, AlertFeed alerts) {
    }

    private final Javalin server;
    private final PrometheusMeterRegistry metrics;
    private final HttpSettings http;
    private final boolean https;
    private final OtherInstances otherInstances;
    private final RateLimitedLog quietly = new RateLimitedLog(LOG, java.time.Duration.ofSeconds(30));
    private volatile Serving serving;
    private KafkaStreamsMetrics streamsMetrics;

    private CareerstreamApi(PrometheusMeterRegistry metrics, HttpSettings http) {
        this.metrics = metrics;
        this.http = http;
        // The security pieces live in classes of their own (BearerAuth, SecurityHeaders): headers, limits,
        // error bodies without internals, the token check with its metric, log and delay.
        BearerAuth auth = new BearerAuth(http.token(), metrics);
        this.https = http.tlsKeystore().isPresent();
        this.otherInstances = new OtherInstances(scheme());
        ConsoleEndpoints consoleEndpoints = new ConsoleEndpoints(otherInstances);
        Javalin app = Javalin.create(c -> {
            c.showJavalinBanner = false;
            SecurityHeaders.configure(c);
            HttpsConnector.configure(c, http);
            Console.configure(c);
        });
        SecurityHeaders.install(app);
        // The endpoints careerstream.http.open.endpoints leaves out need the reader's token too.
        app.before(ctx -> {
            HttpSettings.Endpoints group = group(ctx.path());
            if (group != null && !http.open(group)) {
                auth.authorize(ctx);
            }
        });
        this.server = app
                .get("/health/live", ctx -> {
                    Serving s = serving;
                    boolean alive = s == null || !s.pipeline().failure().isDone();
                    health(ctx, alive, s == null ? "STARTING" : alive ? "ALIVE" : "FAILED");
                })
                .get("/health/ready", ctx -> {
                    Serving s = serving;
                    health(ctx, s != null && s.streams().state() == KafkaStreams.State.RUNNING
                            && !s.pipeline().failure().isDone(), s == null ? "STARTING" : s.streams().state().name());
                })
                .get("/metrics", ctx -> {
                    Serving s = serving;
                    if (s != null) {
                        s.pipeline().refreshMetrics();
                    }
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
                })
                .get("/status", ctx -> whenServing(ctx, s -> ctx.json(InstanceStatus.of(s.pipeline(), s.self()))))
                .get("/stages", ctx -> whenServing(ctx, s -> counts(ctx, s, CareerCounts.STAGE, "/stages")))
                .get("/tracks", ctx -> whenServing(ctx, s -> counts(ctx, s, CareerCounts.TRACK, "/tracks")))
                .get("/lift", ctx -> whenServing(ctx, s -> lift(ctx, s)))
                .before("/customers/*", ctx -> {
                    if (http.authRequired()) {
                        auth.authorize(ctx);
                    }
                })
                // The console (Console): the loaded map to draw, open as the counts are; the alert feed names
                // customers, so it needs the reader's token as their profiles do.
                .get(Console.MAP_PATH, ctx -> whenServing(ctx, s -> ctx.json(ConsoleMap.of(s.pipeline().careerMap()))))
                // The console's flows, trends and operations (ConsoleEndpoints), summed over the instances.
                .get(ConsoleFlows.SHARE_PATH, ctx -> whenServing(ctx, s -> consoleEndpoints.share(ctx, s.pipeline())))
                .get(ConsoleFlows.FLOWS_PATH, ctx -> whenServing(ctx, s -> consoleEndpoints.flows(ctx, s.pipeline(), s.self(), ConsoleFlows::flows)))
                .get(ConsoleFlows.TRENDS_PATH, ctx -> whenServing(ctx, s -> consoleEndpoints.flows(ctx, s.pipeline(), s.self(), ConsoleFlows::trends)))
                .get(ConsoleOps.PATH, ctx -> whenServing(ctx, s -> consoleEndpoints.ops(ctx, s.pipeline(), s.self(),
                        InstanceStatus.of(s.pipeline(), s.self()))))
                .before(Console.ALERTS_PATH, ctx -> {
                    if (http.authRequired()) {
                        auth.authorize(ctx);
                    }
                })
                .sse(Console.ALERTS_PATH, client -> {
                    Serving s = serving;
                    if (s == null) {
                        client.sendEvent("state", "starting"); // the console asks again
                        client.close();
                    } else {
                        s.alerts().connect(client);
                    }
                })
                .get("/customers/{id}", ctx -> whenServing(ctx, s -> customer(ctx, s, ctx.pathParam("id"), "",
                        state -> profile(ctx.pathParam("id"), state, s.customers().figures(state)))))
                .get("/customers/{id}/explain", ctx -> whenServing(ctx, s -> customer(ctx, s, ctx.pathParam("id"),
                        "/explain", state -> s.customers().explain(state, at(ctx, state)))))
                // The console's customer story (CustomerStory), behind the token like the profile.
                .get("/customers/{id}" + CustomerStory.PATH, ctx -> whenServing(ctx, s -> customer(ctx, s,
                        ctx.pathParam("id"), CustomerStory.PATH, state -> CustomerStory.of(ctx.pathParam("id"), state,
                                s.customers().figures(state), s.customers().explain(state, at(ctx, state)),
                                s.customers().aliveCurve(state, at(ctx, state)), at(ctx, state)))))
                // Its own token and limits (TouchpointIngestion); it writes, so it waits for the pipeline's settings.
                .post(TouchpointIngestion.PATH, ctx -> whenServing(ctx, s -> s.ingestion().post(ctx)))
                .exception(IllegalArgumentException.class, (e, ctx) ->
                        ctx.status(HttpStatus.BAD_REQUEST).json(Map.of("error", e.getMessage())))
                .exception(Exception.class, (e, ctx) -> {
                    // One line per kind of failure and half minute, never a stack trace per request.
                    // The body names no class or detail (SecurityHeaders); the log has it.
                    quietly.warn(e.getClass().getName(), "{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
                    SecurityHeaders.headers(ctx);
                    ctx.status(HttpStatus.INTERNAL_SERVER_ERROR).json(Map.of("error", "internal error; see the instance's log"));
                });
        if (!http.ingestCorsOrigins().isEmpty()) {
            server.options(TouchpointIngestion.PATH, ctx -> whenServing(ctx, s -> s.ingestion().preflight(ctx)));
        }
        if (!http.authRequired()) {
            LOG.warn("{}=none: the customer endpoints answer anyone who reaches {}:{} without a token",
                    HttpSettings.HTTP_AUTH, http.host(), http.port());
        }
    }

    /**
     * Listens on {@code careerstream.http.host}:{@code careerstream.http.port} (port 0: a free one)
     * before there is a pipeline: liveness answers at once, readiness and the data endpoints 503
     * (with Retry-After) until {@link #serve} hands the pipeline over. So a port already taken is
     * found before the pipeline joins its group, and a supervisor's liveness probe is answered
     * during a long restore.
     *
     * @param metrics where the pipeline will record (its registry), scraped by /metrics
     * @throws IllegalStateException naming the address and {@code careerstream.http.port} when it cannot listen
     */
    public static CareerstreamApi listen(HttpSettings http, PrometheusMeterRegistry metrics) {
        CareerstreamApi api = new CareerstreamApi(metrics, http);
        try {
            if (api.https) {
                api.server.start(); // the HTTPS connector holds host and port
            } else {
                api.server.start(http.host(), http.port());
            }
        } catch (RuntimeException e) {
            api.server.stop();
            throw new IllegalStateException("the HTTP API cannot listen on " + http.host() + ":" + http.port() + " ("
                    + HttpSettings.HTTP_PORT + "): " + CareerPipeline.rootMessage(e), e);
        }
        return api;
    }

    /**
     * Serves {@code pipeline} from now on. The data endpoints need the bearer token of
     * {@code careerstream.http.token} (none configured: they answer 401 to everyone). With several
     * instances, {@code application.server} is this API's address as the others reach it.
     */
    public CareerstreamApi serve(CareerPipeline pipeline) {
        if (pipeline.metrics().registry() != metrics) {
            throw new IllegalArgumentException("the pipeline must record into this API's registry: launch it with the "
                    + "registry given to CareerstreamApi.listen");
        }
        KafkaStreams streams = pipeline.streams();
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(metrics);
        serving = new Serving(pipeline, streams, new LiveCustomers(streams, pipeline.config(), pipeline.careerMap()),
                pipeline.config().pipeline().applicationServer(), TouchpointIngestion.create(pipeline.config(), http, metrics),
                AlertFeed.start(pipeline));
        return this;
    }

    /** {@link #listen} and {@link #serve} at once, for a pipeline that runs already. */
    public static CareerstreamApi start(CareerPipeline pipeline, HttpSettings http) {
        if (!(pipeline.metrics().registry() instanceof PrometheusMeterRegistry metrics)) {
            throw new IllegalArgumentException("the pipeline must record into a Prometheus registry: start it with "
                    + "CareerstreamApi.newRegistry()");
        }
        return listen(http, metrics).serve(pipeline);
    }

    /** The registry to start the pipeline with, so that /metrics shows its careerstream_* metrics. */
    public static PrometheusMeterRegistry newRegistry() {
        return newRegistry(KafkaMetricsFilter.Detail.SUMMARY);
    }

    /** As {@link #newRegistry()}, with Kafka's own metrics in the given detail. */
    public static PrometheusMeterRegistry newRegistry(KafkaMetricsFilter.Detail detail) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        if (detail == KafkaMetricsFilter.Detail.SUMMARY) {
            registry.config().meterFilter(new KafkaMetricsFilter());
        }
        return registry;
    }

    public int port() {
        return server.port();
    }

    /** The group of {@code careerstream.http.open.endpoints} a path belongs to; null for the others. */
    static HttpSettings.Endpoints group(String path) {
        if (path.startsWith("/health/")) {
            return HttpSettings.Endpoints.HEALTH;
        }
        return switch (path) {
            case "/metrics" -> HttpSettings.Endpoints.METRICS;
            case "/status" -> HttpSettings.Endpoints.STATUS;
            case "/stages", "/tracks", "/lift", Console.MAP_PATH, ConsoleFlows.FLOWS_PATH, ConsoleFlows.TRENDS_PATH,
                    ConsoleFlows.SHARE_PATH -> HttpSettings.Endpoints.COUNTS;
            case ConsoleOps.PATH -> HttpSettings.Endpoints.STATUS; // instances and their addresses, as /status
            default -> null;
        };
    }

    /** Whether the API serves HTTPS. */
    public boolean https() {
        return https;
    }

    /**
     * How this instance calls the others: the instances of an installation share their settings, so
     * HTTPS here is HTTPS there (the JVM's trust store must then hold their certificate authority).
     */
    private String scheme() {
        return https ? "https://" : "http://";
    }

    /** An endpoint's answer once the pipeline is there; before, 503 with Retry-After. */
    private interface Handler {
        void handle(Serving serving) throws Exception;
    }

    private static void whenServing(Context ctx, Serving serving, Handler handler) throws Exception {
        if (serving == null) {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS).status(HttpStatus.SERVICE_UNAVAILABLE)
                    .json(Map.of("error", "the pipeline is starting", "state", "STARTING"));
            return;
        }
        handler.handle(serving);
    }

    private void whenServing(Context ctx, Handler handler) throws Exception {
        whenServing(ctx, serving, handler);
    }

    private static void health(Context ctx, boolean up, String state) {
        ctx.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", up ? "UP" : "DOWN", "state", state));
    }

    /**
     * Answers for one customer: here if this instance holds the customer's partition, else by
     * asking the instance that does. 404 for a customer no one holds; 503 with Retry-After while the
     * store restores or the partitions move.
     */
    private void customer(Context ctx, Serving s, String id, String subPath, Function<CustomerState, Object> answer)
            throws Exception {
        KafkaStreams streams = s.streams();
        HostInfo self = s.self();
        OptionalInt partition = OptionalInt.empty();
        if (self != null) {
            KeyQueryMetadata owner = streams.queryMetadataForKey(CareerTopology.CUSTOMER_STATE_STORE, id,
                    Serdes.String().serializer());
            if (owner == null || owner == KeyQueryMetadata.NOT_AVAILABLE) {
                unavailable(ctx, streams);
                return;
            }
            if (!owner.activeHost().equals(self) && ctx.header(FORWARDED) == null) {
                forward(ctx, owner.activeHost(), "/customers/" + CustomerPaths.segment(id) + subPath);
                return;
            }
            partition = OptionalInt.of(owner.partition());
        }
        Optional<CustomerState> state;
        try {
            state = s.customers().state(id, partition);
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
        return at(ctx.queryParam("at"), state.evaluatedAt());
    }

    /**
     * {@code ?at=} as epoch milliseconds, {@code otherwise} without one.
     *
     * @throws IllegalArgumentException (400) saying what is wrong with it
     */
    static long at(String at, long otherwise) {
        if (at == null) {
            return otherwise;
        }
        try {
            return Instant.parse(at).toEpochMilli();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("at=" + at + " is out of range: give an instant within a few million years");
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("at=" + at + " is not an ISO-8601 instant, e.g. 1998-06-30T00:00:00Z");
        }
    }

    /**
     * Customers per stage or track across the cluster: this instance's counters plus every other
     * instance's ({@code ?scope=local}), so the numbers add up to the number of customers.
     */
    private void counts(Context ctx, Serving s, String prefix, String path) throws Exception {
        KafkaStreams streams = s.streams();
        HostInfo self = s.self();
        Map<String, Long> counts;
        try {
            ReadOnlyKeyValueStore<String, Long> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CareerTopology.CAREER_COUNTS_STORE, QueryableStoreTypes.keyValueStore()));
            counts = new java.util.TreeMap<>(CareerCounts.read(store, prefix));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, streams);
            return;
        }
        if (!OtherInstances.localOnly(ctx.queryParam("scope"))) {
            try {
                for (JsonNode other : otherInstances.others(streams, self, path, ctx.header("Authorization"))) {
                    other.path("counts").fields().forEachRemaining(e -> counts.merge(e.getKey(), e.getValue().asLong(), Long::sum));
                }
            } catch (OtherInstances.NotAnswering e) {
                notAnswering(ctx, e);
                return;
            }
        }
        ctx.json(Map.of("counts", counts, "total", counts.values().stream().mapToLong(Long::longValue).sum()));
    }

    /**
     * Lift across the installation (docs/lift.md): this instance's sums per arm plus every other
     * instance's ({@code ?scope=local}), and the report the domain computes from the total.
     */
    private void lift(Context ctx, Serving s) throws Exception {
        KafkaStreams streams = s.streams();
        Map<LiftArm, LiftCounts> sums;
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CareerTopology.LIFT_COUNTS_STORE, QueryableStoreTypes.keyValueStore()));
            sums = new HashMap<>(CampaignLift.read(store));
        } catch (InvalidStateStoreException e) {
            unavailable(ctx, streams);
            return;
        }
        if (!OtherInstances.localOnly(ctx.queryParam("scope"))) {
            try {
                for (JsonNode other : otherInstances.others(streams, s.self(), "/lift", ctx.header("Authorization"))) {
                    LiftJson.counts(other).forEach((arm, c) -> sums.merge(arm, c, LiftCounts::plus));
                }
            } catch (OtherInstances.NotAnswering e) {
                notAnswering(ctx, e);
                return;
            }
        }
        var config = s.pipeline().config();
        String currency = config.currency().money().code();
        ctx.json(LiftJson.of(LiftReport.of(sums, ReportingCurrency.fractionDigits(currency)), currency,
                config.lift().window()));
    }

    private static void unavailable(Context ctx, KafkaStreams streams) {
        ctx.header("Retry-After", RETRY_AFTER_SECONDS).status(HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("error", "the customer store is not queryable now (" + streams.state() + ")"));
    }

    /**
     * Another instance does not answer: it has probably just died, and its partitions are moving to
     * the instances left. 503 with Retry-After, and one log line per instance and half minute.
     */
    /** Another instance did not answer its share: 503, and a warning only when it is unreachable (it may be gone). */
    private void notAnswering(Context ctx, OtherInstances.NotAnswering e) {
        if (e.unreachable()) {
            notAnswering(ctx, e.instance(), (Exception) e.getCause());
        } else {
            ctx.header("Retry-After", RETRY_AFTER_SECONDS).status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error", e.getMessage()));
        }
    }

    private void notAnswering(Context ctx, HostInfo instance, Exception e) {
        quietly.warn("instance " + instance, "Instance {} does not answer ({}); its partitions are expected to move",
                InstanceStatus.address(instance), e.toString());
        ctx.header("Retry-After", RETRY_AFTER_SECONDS).status(HttpStatus.SERVICE_UNAVAILABLE).json(Map.of("error",
                "instance " + InstanceStatus.address(instance) + " does not answer; its partitions are moving"));
    }

    /** Asks the instance that holds the customer, once: a forwarded request is answered where it lands. */
    private void forward(Context ctx, HostInfo owner, String path) throws Exception {
        String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(scheme() + owner.host() + ":" + owner.port()
                        + path + query))
                .timeout(java.time.Duration.ofSeconds(5)).header(FORWARDED, "1");
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> answer;
        try {
            answer = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            notAnswering(ctx, owner, e);
            return;
        }
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
        Serving s = serving;
        if (s != null) {
            s.alerts().close(); // first: its open event streams would hold the server's stop
        }
        server.stop();
        if (s != null) {
            s.ingestion().close();
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        metrics.close();
    }
}
