package io.careerstream.examples.campaign;

import io.careerstream.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the example campaign consumer against a running pipeline and prints what it would do (README.md beside the pom). */
@Command(name = "campaign-consumer", mixinStandardHelpOptions = true,
        description = "Read churn-alerts and customer-stage-transitions (read_committed) and print the campaign flows "
                + "a campaign system following docs/consuming.md would start and stop. Ctrl-C stops it.")
public final class Main implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,...]", description = "Kafka brokers.")
    String bootstrapServers;

    @Option(names = "--schema-registry-url", required = true, paramLabel = "URL", description = "The schema registry the pipeline writes its schemas to.")
    String registryUrl;

    @Option(names = "--group-id", defaultValue = "campaign-consumer-example", description = "Consumer group (default: ${DEFAULT-VALUE}).")
    String groupId;

    @Option(names = "--topic-prefix", defaultValue = "", description = "Prefix of the pipeline's topic names (default: none).")
    String topicPrefix;

    @Option(names = "--max-alert-age", paramLabel = "DURATION",
            description = "Start no flow for an alert whose at is further behind this machine's clock, ISO-8601 "
                    + "(for example PT24H): a replay or backfill of old data is history, not news (default: no limit, "
                    + "so that the demo's 1997 data shows flows).")
    Duration maxAlertAge;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        CampaignConsumer consumer = new CampaignConsumer(
                Map.of("bootstrap.servers", bootstrapServers, "group.id", groupId),
                Map.of("schema.registry.url", registryUrl), Topics.DEFAULT.prefixed(topicPrefix),
                new CampaignRules(new InMemoryCampaignSystem(System.out), maxAlertAge, Clock.systemUTC()), new CareerRecord());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                consumer.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        consumer.run();
        return 0;
    }
}
