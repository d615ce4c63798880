package io.careerstream.app;

import io.careerstream.pipeline.config.CareerstreamConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the pipeline against an existing Kafka cluster until stopped (Ctrl-C or SIGTERM). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline against a Kafka cluster until stopped. Topics must exist (see README).")
public final class RunCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "Properties file: bootstrap.servers plus any careerstream.* or Kafka Streams key.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting (repeatable).")
    java.util.Map<String, String> overrides = new java.util.HashMap<>();

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
        KafkaStreams streams = PipelineRunner.start(config, Duration.ofMinutes(2));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close(Duration.ofSeconds(30));
            stopped.countDown();
        }, "careerstream-shutdown"));
        System.out.println("careerstream running: reading " + config.topics().touchpoints() + ", Ctrl-C to stop");
        stopped.await();
        return 0;
    }
}
