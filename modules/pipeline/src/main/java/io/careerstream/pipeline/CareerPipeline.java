package io.careerstream.pipeline;

import io.careerstream.registry.RegistrySettings;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.errors.ThreadFailurePolicy;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.pipeline.metrics.InputLagGauges;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Properties;
import io.careerstream.pipeline.ops.AccessCheck;
import io.careerstream.pipeline.ops.AclPlan;
import io.careerstream.pipeline.ops.TopicSettingsCheck;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.registry.SchemaRegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
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

    private CareerPipeline(CareerstreamConfig config, CareerMap careerMap, CareerMetrics metrics) {
        this.config = config;
        this.careerMap = careerMap;
        this.metrics = metrics;
        Properties properties = config.streamsProperties();
        properties.put(CareerMetrics.CONFIG_KEY, metrics); // for the exception handlers Kafka Streams creates
        this.streams = new KafkaStreams(CareerTopology.build(config, careerMap, metrics), properties);
        ThreadFailurePolicy threadFailures = new ThreadFailurePolicy(config.pipeline().threadReplacementsMax(),
                config.pipeline().threadReplacementsWindow());
        streams.setUncaughtExceptionHandler(e -> {
            ThreadFailurePolicy.Decision decision = threadFailures.onFailure(e);
            if (decision.response() == StreamThreadExceptionResponse.REPLACE_THREAD) {
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
        StartupPhases phases = new StartupPhases();
        // The career map first: an invalid one is an error in the settings (naming the key), found
        // before anything reaches the network.
        CareerMap careerMap = config.map().compile();
        // The checks wait on the network, building the topology and clients on the CPU: side by side
        // they shorten every (re)start, which is what a supervisor restarting after a crash waits for.
        CompletableFuture<Void> checks = CompletableFuture.runAsync(() -> {
            checkAccess(config);
            checkRegistry(config);
            checkTopics(config);
        });
        CareerPipeline pipeline = new CareerPipeline(config, careerMap, new CareerMetrics(registry).declare(careerMap));
        RestoredRecords restored = new RestoredRecords();
        pipeline.streams.setGlobalStateRestoreListener(restored);
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
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pipeline.streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || pipeline.failure.isDone()) {
                KafkaStreams.State state = pipeline.streams.state();
                Throwable cause = pipeline.failure.getNow(null);
                pipeline.close();
                throw new IllegalStateException("Pipeline did not reach RUNNING within " + timeout + " (state " + state
                        + (cause == null ? "" : ": " + rootMessage(cause)) + ")", cause);
            }
            Thread.sleep(50);
        }
        phases.done("group join and state restoration");
        // One line that says where a slow (re)start spent its time: ops read it after a crash.
        LOG.info("Pipeline RUNNING in {} ({} state records restored)", phases, restored.count());
        return pipeline;
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
        InputLagGauges.register(streams, config.pipeline().topics().touchpoints(), metrics);
    }

    /** Completes with the cause when processing has stopped for good (the instance is in ERROR). */
    public CompletableFuture<Throwable> failure() {
        return failure;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
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
