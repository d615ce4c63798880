package io.careerstream.pipeline;

import io.careerstream.registry.RegistrySettings;
import io.careerstream.topics.Topics;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.errors.ThreadFailurePolicy;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.pipeline.metrics.InputLag;
import io.careerstream.pipeline.metrics.InstanceHealth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import io.careerstream.pipeline.ops.AccessCheck;
import io.careerstream.pipeline.ops.AclPlan;
import io.careerstream.pipeline.ops.BrokerProbe;
import io.careerstream.pipeline.ops.TopicSettingsCheck;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.registry.SchemaRegistryClient;
import io.careerstream.registry.SchemaRegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline as a running service: checks what it depends on, starts Kafka Streams with our
 * handlers, and turns any failure that stops processing into a visible end rather than a process
 * that sits alive doing nothing.
 *
 * <p>Failure policy (docs/architecture.md, "When something fails"): bad input never reaches here
 * (it is dead-lettered). Anything else that kills a stream thread — an output the registry or the
 * broker refused, deleted input under {@code careerstream.on.data.loss=FAIL}, a defect — stops
 * this instance: with exactly-once its open transaction is aborted, so no state change is kept
 * without its outputs, and {@link #failure()} completes so the command can exit non-zero and a
 * supervisor restart it from the last commit.
 */
public final class CareerPipeline implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CareerPipeline.class);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);

    private final CareerstreamConfig config;
    private final CareerMap careerMap;
    private final KafkaStreams streams;
    private final CareerMetrics metrics;
    private final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    private final InputLag inputLag;
    private final InstanceHealth health;
    /** Measurements and probes away from the stream threads: input lag, the registry's health. */
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "careerstream-background");
        t.setDaemon(true);
        return t;
    });
    private boolean registryFailing;
    private final RestoredRecords restored = new RestoredRecords();
    private StartupPhases phases = new StartupPhases();
    private SchemaRegistryClient registryClient;

    private CareerPipeline(CareerstreamConfig config, CareerMap careerMap, CareerMetrics metrics) {
        this.config = config;
        this.careerMap = careerMap;
        this.metrics = metrics;
        Properties properties = config.streamsProperties();
        properties.put(CareerMetrics.CONFIG_KEY, metrics); // for the exception handlers Kafka Streams creates
        this.streams = new KafkaStreams(CareerTopology.build(config, careerMap, metrics), properties);
        Topics topics = config.pipeline().topics();
        this.inputLag = new InputLag(streams, List.of(topics.touchpoints(), topics.resolvedTouchpoints(),
                topics.identityLinks(), topics.erasureRequests()), config.pipeline().applicationId(),
                config.pipeline().clientSettings(), metrics.registry());
        this.health = new InstanceHealth(metrics.registry(),
                () -> streams.state() == KafkaStreams.State.RUNNING && !failure.isDone(), streams::state,
                config.pipeline().punctuationInterval(), careerMap.version());
        ThreadFailurePolicy threadFailures = new ThreadFailurePolicy(config.pipeline().threadReplacementsMax(),
                config.pipeline().threadReplacementsWindow());
        streams.setUncaughtExceptionHandler(e -> {
            ThreadFailurePolicy.Decision decision = threadFailures.onFailure(e);
            if (decision.response() == StreamThreadExceptionResponse.REPLACE_THREAD) {
                health.threadReplaced();
                LOG.warn(decision.message(), e);
                return decision.response();
            }
            LOG.error(decision.message(), e);
            failure.complete(e);
            return decision.response();
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR) {
                failure.complete(new IllegalStateException("Kafka Streams went from " + before + " to ERROR"));
            }
        });
    }

    /**
     * Checks the registry and the topics, starts the pipeline and waits until it processes.
     *
     * @throws IllegalStateException naming what is wrong when a check fails or the pipeline does
     *                               not reach RUNNING within {@code timeout}
     */
    public static CareerPipeline start(CareerstreamConfig config, Duration timeout) throws InterruptedException {
        return start(config, timeout, new SimpleMeterRegistry());
    }

    /** As {@link #start(CareerstreamConfig, Duration)}, recording our metrics ({@link CareerMetrics}) in {@code registry}. */
    public static CareerPipeline start(CareerstreamConfig config, Duration timeout, MeterRegistry registry)
            throws InterruptedException {
        return launch(config, registry).awaitRunning(timeout);
    }

    /**
     * Checks the registry and the topics and starts the pipeline, without waiting for it to
     * process: it joins the group and restores its state meanwhile ({@link #awaitRunning}). What
     * serves health checks can be up during that time.
     *
     * @throws IllegalStateException naming what is wrong when a check fails
     */
    public static CareerPipeline launch(CareerstreamConfig config, MeterRegistry registry) {
        StartupPhases phases = new StartupPhases();
        // The career map first: an invalid one is an error in the settings (naming the key), found
        // before anything reaches the network.
        CareerMap careerMap = config.map().compile();
        // The checks wait on the network, building the topology and clients on the CPU: side by side
        // they shorten every (re)start, which is what a supervisor restarting after a crash waits for.
        CompletableFuture<Void> checks = CompletableFuture.runAsync(() -> {
            // A broker nobody answers is said in seconds, naming bootstrap.servers, before any check waits on it.
            BrokerProbe.requireReachable(config.pipeline().clientSettings());
            checkAccess(config);
            checkRegistry(config);
            checkTopics(config);
        });
        CareerPipeline pipeline = new CareerPipeline(config, careerMap, new CareerMetrics(registry).declare(careerMap));
        pipeline.phases = phases;
        pipeline.streams.setGlobalStateRestoreListener(pipeline.restored);
        phases.done("topology");
        try {
            checks.join();
        } catch (CompletionException e) {
            pipeline.close();
            if (e.getCause() instanceof IllegalStateException failed) {
                throw failed;
            }
            throw e;
        }
        phases.done("registry and topic checks");
        try {
            pipeline.streams.start();
        } catch (RuntimeException e) {
            pipeline.close();
            throw new IllegalStateException("Pipeline failed to start: " + rootMessage(e), e);
        }
        return pipeline;
    }

    /**
     * Waits until the pipeline processes (state RUNNING), then logs where the start went and starts
     * the background measurements.
     *
     * @param timeout how long to wait at most; null: as long as it takes (a large restore)
     * @throws IllegalStateException when processing stopped for good meanwhile, or on the timeout;
     *                               the pipeline is closed then
     */
    public CareerPipeline awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || failure.isDone()) {
                KafkaStreams.State state = streams.state();
                Throwable cause = failure.getNow(null);
                close();
                throw new IllegalStateException("Pipeline did not reach RUNNING" + (timeout == null ? "" : " within " + timeout)
                        + " (state " + state + (cause == null ? "" : ": " + rootMessage(cause)) + ")", cause);
            }
            Thread.sleep(50);
        }
        phases.done("group join and state restoration");
        inputLag.start(background, config.pipeline().lagInterval());
        if (!config.serde().inMemory()) {
            background.scheduleWithFixedDelay(this::probeRegistry, config.pipeline().lagInterval().toMillis(),
                    config.pipeline().lagInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
        // One line that says where a slow (re)start spent its time and what runs: ops read it after a crash.
        LOG.info("Pipeline RUNNING in {} ({} state records restored; career map {})", phases, restored.count(),
                careerMap.version());
        return this;
    }

    /** The registry's health for careerstream_schema_registry_up; a warning once per spell of failures. */
    private void probeRegistry() {
        try {
            if (registryClient == null) {
                registryClient = SchemaRegistries.forConfig(config.serde().serdeConfig());
            }
            registryClient.compatibility(null);
            health.registryAnswered(true);
            registryFailing = false;
        } catch (RuntimeException e) {
            health.registryAnswered(false);
            if (!registryFailing) {
                LOG.warn("Schema registry {} ({}) does not answer: {}", config.serde().registryUrl(), RegistrySettings.URL,
                        e.getMessage());
            }
            registryFailing = true;
        }
    }

    /**
     * Fails fast naming every ACL the service lacks (resource and operation), instead of a stream
     * thread meeting them one by one: a consumer that may not read waits, a producer that may not
     * write fails its task after timeouts. On a cluster without an authorizer this finds nothing.
     */
    private static void checkAccess(CareerstreamConfig config) {
        Map<String, Object> adminConfig = new HashMap<>(config.pipeline().clientSettings());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        AclPlan plan = AclPlan.of(config.pipeline().topics(), config.pipeline().applicationId(),
                config.pipeline().exactlyOnce(), AclPlan.Principals.SERVICE_ONLY);
        List<AccessCheck.Missing> missing;
        try (Admin admin = Admin.create(adminConfig)) {
            missing = new AccessCheck(admin, CHECK_TIMEOUT).check(plan);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Cannot check the service's permissions on "
                    + String.join(",", config.pipeline().bootstrapServers()) + " ("
                    + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + "): " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the service's permissions", e);
        }
        if (!missing.isEmpty()) {
            missing.forEach(m -> LOG.error("Access check: the service may not {}", m));
            throw new IllegalStateException("Refusing to start: the cluster does not allow this service's principal "
                    + String.join("; ", missing.stream().map(AccessCheck.Missing::toString).toList())
                    + ". Grant what `careerstream acls` prints for the service");
        }
    }

    /** Fails fast with one line naming the URL, instead of retrying every record until transactions time out. */
    private static void checkRegistry(CareerstreamConfig config) {
        if (config.serde().inMemory()) {
            return;
        }
        try {
            SchemaRegistries.forConfig(config.serde().serdeConfig()).compatibility(null);
        } catch (SchemaRegistryException e) {
            throw new IllegalStateException("Schema registry " + config.serde().registryUrl() + " ("
                    + RegistrySettings.URL + ") is not usable: " + e.getMessage(), e);
        }
    }

    private static void checkTopics(CareerstreamConfig config) {
        String bootstrap = String.join(",", config.pipeline().bootstrapServers());
        List<TopicSettingsCheck.Finding> findings;
        Map<String, Object> adminConfig = new HashMap<>(config.pipeline().clientSettings());
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CHECK_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(adminConfig)) {
            findings = new TopicSettingsCheck(admin, CHECK_TIMEOUT).check(config.pipeline().topics(),
                    config.pipeline().applicationId(), config.pipeline().maxFutureSkewMs(), config.pipeline().retentionCheck(),
                    Instant.now());
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Cannot check the topics on " + bootstrap + " ("
                    + StreamsConfig.BOOTSTRAP_SERVERS_CONFIG + "): " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking the topics on " + bootstrap, e);
        }
        findings.stream().filter(f -> f.severity() == TopicSettingsCheck.Severity.WARNING)
                .forEach(f -> LOG.warn("Topic check: {}", f));
        List<TopicSettingsCheck.Finding> errors = findings.stream()
                .filter(f -> f.severity() == TopicSettingsCheck.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            errors.forEach(f -> LOG.error("Topic check: {}", f));
            throw new IllegalStateException("Refusing to start: " + String.join("; ",
                    errors.stream().map(TopicSettingsCheck.Finding::toString).toList()));
        }
    }

    public KafkaStreams streams() {
        return streams;
    }

    public CareerstreamConfig config() {
        return config;
    }

    /** The career map in force, compiled when the pipeline started. */
    public CareerMap careerMap() {
        return careerMap;
    }

    public CareerMetrics metrics() {
        return metrics;
    }

    /**
     * Brings the gauges that follow partition ownership up to date (the input lag of the
     * partitions this instance reads now); called before metrics are scraped.
     */
    public void refreshMetrics() {
        inputLag.beforeScrape();
    }

    /** Completes with the cause when processing has stopped for good (the instance is in ERROR). */
    public CompletableFuture<Throwable> failure() {
        return failure;
    }

    @Override
    public void close() {
        background.shutdownNow();
        try {
            // The background thread uses the lag measurement's clients: closed once it has stopped.
            background.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        inputLag.close();
        // An instance without a static identity leaves the group as it stops, so that its partitions
        // move at once rather than after the session timeout; one with group.instance.id stays a
        // member, and takes them back on restart without a rebalance (a rolling restart).
        boolean staticMember = config.originals().get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG) != null;
        streams.close(CloseOptions.groupMembershipOperation(staticMember
                        ? CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP : CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }

    /** The innermost message of a chain: what an operator needs to read first. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " <- " + root;
    }
}
