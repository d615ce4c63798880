package io.careerstream.app;

import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the pipeline against an existing Kafka cluster until stopped (Ctrl-C or SIGTERM). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline against a Kafka cluster until stopped (topics: see --create-topics).")
public final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "Properties file: bootstrap.servers plus any careerstream.* or Kafka Streams key.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    Map<String, String> overrides = new java.util.HashMap<>();

    @Option(names = "--create-topics", paramLabel = "PARTITIONS",
            description = "Create missing topics first, with this many partitions (replication: the broker default).")
    Integer createTopicsPartitions;

    @Override
    public Integer call() throws Exception {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(configFile)) {
            props.load(in);
        } catch (IOException e) {
            System.err.println("Cannot read config file " + configFile + ": " + e.getMessage());
            return 2;
        }
        props.putAll(overrides);
        CareerstreamConfig config;
        try {
            config = new CareerstreamConfig(props);
        } catch (ConfigException e) {
            System.err.println("Invalid configuration in " + configFile + ": " + e.getMessage());
            return 2;
        }
        if (createTopicsPartitions != null) {
            createMissingTopics(config, createTopicsPartitions);
        }
        CareerPipeline pipeline;
        try {
            pipeline = CareerPipeline.start(config, Duration.ofMinutes(2));
        } catch (IllegalStateException e) {
            System.err.println("careerstream: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            stopped.countDown();
        }, "careerstream-shutdown"));
        // A failure that stops processing ends the process with a non-zero code, so a supervisor
        // restarts it; it never sits alive in ERROR.
        pipeline.failure().thenAccept(cause -> stopped.countDown());
        System.out.println("careerstream running: reading " + config.topics().touchpoints() + ", Ctrl-C to stop");
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
        String bootstrap = String.join(",", config.getList(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = config.topics().newTopics(partitions).stream()
                    .filter(topic -> !existing.contains(topic.name()))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                System.out.println("Created topics: " + missing.stream().map(NewTopic::name).toList());
            }
        }
    }
}
