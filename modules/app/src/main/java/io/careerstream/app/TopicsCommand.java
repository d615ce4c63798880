package io.careerstream.app;

import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.pipeline.ops.BrokerProbe;
import io.careerstream.pipeline.ops.TopicCreation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The installation's topics: created before the first start (a Kubernetes Job, a Compose one-shot). */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create the installation's topics.",
        subcommands = TopicsCommand.Create.class)
public final class TopicsCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create every topic of the installation that does not exist yet, with its partitions and "
                    + "retention (event logs kept, profiles, links, parameters and sketches compacted); existing "
                    + "topics are left as they are. Safe to run again.",
                    "",
                    "Needs bootstrap.servers only. Exit status: 0 done, 1 failed, 2 when a setting is wrong."})
    static final class Create implements Callable<Integer> {

        @Mixin
        KafkaOptions kafka;

        @Option(names = "--partitions", required = true, paramLabel = "N",
                description = "Partitions of the touchpoints topic and of every topic co-partitioned with it: the upper "
                        + "bound on instances doing work, which cannot be changed later without re-keying.")
        int partitions;

        @Option(names = "--replication-factor", paramLabel = "R", description = "Replicas of each topic (default: the cluster's).")
        Short replicationFactor;

        @Override
        public Integer call() throws Exception {
            if (partitions < 1) {
                System.err.println("--partitions must be at least 1");
                return 2;
            }
            Map<String, String> settings = kafka.settings();
            Map<String, Object> client = KafkaOptions.clientSettings(settings);
            try {
                BrokerProbe.requireReachable(client);
                try (Admin admin = Admin.create(client)) {
                    List<String> created = TopicCreation.createMissing(admin, new TopicSettings(settings).topics(), partitions,
                            Optional.ofNullable(replicationFactor));
                    System.out.println(created.isEmpty() ? "Every topic exists already." : "Created topics: " + created);
                }
            } catch (IllegalStateException e) {
                System.err.println("careerstream topics create: " + e.getMessage());
                return 1;
            } catch (ExecutionException e) {
                System.err.println("careerstream topics create: " + (e.getCause() == null ? e : e.getCause()));
                return 1;
            }
            return 0;
        }
    }
}
