package io.careerstream.app;

import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ops.TopicCreation;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Runs the pipeline against an existing Kafka cluster until stopped (Ctrl-C or SIGTERM). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the pipeline against a Kafka cluster until stopped (topics: see --create-topics).",
                "Needs bootstrap.servers and schema.registry.url (a registry server: mock:// is refused); "
                        + "every other key has a default."})
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--create-topics", paramLabel = "PARTITIONS",
            description = "Create missing topics first, with this many partitions (replication: the broker default).")
    Integer createTopicsPartitions;

    @Override
    public Integer call() throws Exception {
        CareerstreamConfig config = kafka.config(); // a ConfigException names the key: one line, exit 2
        HttpSettings http = new HttpSettings(config.originals());
        for (String key : config.unknownKeys()) {
            // Passed on all the same (a newer Kafka may know it), but a misspelt key must not go unnoticed.
            String warning = key + " is not a setting of Careerstream, Kafka Streams or its clients; passed to Kafka "
                    + "Streams as given";
            LOG.warn(warning);
            System.err.println("careerstream: warning: " + warning);
        }
        // Everything that can be checked is, before the pipeline joins its group: a join that ends in
        // an error makes the others rebalance twice for nothing. First the port: listening now also
        // answers liveness probes during a long restore.
        PrometheusMeterRegistry registry = CareerstreamApi.newRegistry(http.kafkaMetricsDetail());
        CareerstreamApi api;
        try {
            api = http.enabled() ? CareerstreamApi.listen(http, registry) : null;
        } catch (IllegalStateException e) {
            System.err.println("careerstream: " + e.getMessage());
            return 1;
        }
        if (createTopicsPartitions != null) {
            createMissingTopics(config, createTopicsPartitions);
        }
        CareerPipeline pipeline;
        try {
            pipeline = CareerPipeline.launch(config, registry); // the broker, registry and topic checks, then the join
        } catch (IllegalStateException e) {
            if (api != null) {
                api.close();
            }
            System.err.println("careerstream: " + e.getMessage());
            return 1;
        }
        if (api != null) {
            api.serve(pipeline);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (api != null) {
                api.close();
            }
            pipeline.close();
            stopped.countDown();
        }, "careerstream-shutdown"));
        try {
            pipeline.awaitRunning(null); // a large restore takes as long as it takes; /health/ready says so meanwhile
        } catch (IllegalStateException e) {
            System.err.println("careerstream: " + e.getMessage());
            return 1;
        }
        if (api != null) {
            System.out.println("HTTP API on port " + api.port() + ": /health/live, /health/ready, /metrics, /status, /stages, "
                    + "/tracks, /customers/{id}, /customers/{id}/explain, POST /touchpoints"
                    + (http.token() == null ? " (no " + HttpSettings.HTTP_TOKEN + ": customer lookups answer 401)" : "")
                    + (http.authRequired() && http.ingestToken() == null ? " (no " + HttpSettings.INGEST_TOKEN + ": POST /touchpoints answers 401)" : ""));
        }
        // A failure that stops processing ends the process with a non-zero code, so a supervisor
        // restarts it; it never sits alive in ERROR.
        pipeline.failure().thenAccept(cause -> stopped.countDown());
        System.out.println("careerstream running: reading " + config.pipeline().topics().touchpoints() + ", Ctrl-C to stop");
        stopped.await();
        Throwable failure = pipeline.failure().getNow(null);
        if (failure != null) {
            System.err.println("careerstream stopped: " + CareerPipeline.rootMessage(failure)
                    + " (details in the log)");
            return 1;
        }
        return 0;
    }

    private static void createMissingTopics(CareerstreamConfig config, int partitions) throws Exception {
        try (Admin admin = Admin.create(config.pipeline().clientSettings())) {
            List<String> created = TopicCreation.createMissing(admin, config.pipeline().topics(), partitions, Optional.empty());
            if (!created.isEmpty()) {
                System.out.println("Created topics: " + created);
            }
        }
    }
}
