package io.careerstream.app;

import io.careerstream.app.http.HttpSettings;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.pipeline.ops.AclPlan;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Prints the least set of Kafka ACLs the configured installation needs (its topic names, its
 * application id, its processing guarantee), per principal, as a table and as {@code kafka-acls}
 * commands. It reads the settings only: no cluster is contacted.
 */
@Command(name = "acls", mixinStandardHelpOptions = true,
        description = {"Print the Kafka ACLs this installation needs, per principal (the service, a producer of touchpoints, "
                + "a campaign consumer, an operator), as a table and as kafka-acls commands.",
                "Reads the settings (topic names, application.id, processing.guarantee); contacts no cluster. "
                        + "`run` checks the service's share at start-up and names what is missing."})
public final class AclsCommand implements Callable<Integer> {

    /** What to print. */
    enum Format { text, commands, both }

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--service-principal", paramLabel = "PRINCIPAL", defaultValue = "User:careerstream",
            description = "The principal `careerstream run` authenticates as (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(names = "--producer-principal", paramLabel = "PRINCIPAL", defaultValue = "User:touchpoint-producer",
            description = "The principal that writes touchpoints and identity links (default: ${DEFAULT-VALUE}).")
    String producer;

    @Option(names = "--consumer-principal", paramLabel = "PRINCIPAL", defaultValue = "User:campaigns",
            description = "The campaign system that reads the outputs (default: ${DEFAULT-VALUE}).")
    String consumer;

    @Option(names = "--consumer-group", paramLabel = "GROUP", defaultValue = "campaigns",
            description = "The campaign consumer's group (default: ${DEFAULT-VALUE}).")
    String consumerGroup;

    @Option(names = "--operator-principal", paramLabel = "PRINCIPAL", defaultValue = "User:careerstream-operator",
            description = "Who runs tick, erase, lag and model fit --publish (default: ${DEFAULT-VALUE}).")
    String operator;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "both",
            description = "text (a table), commands (kafka-acls) or both (default: ${DEFAULT-VALUE}).")
    Format format;

    @Override
    public Integer call() {
        Map<String, String> settings = new TreeMap<>(kafka.settings());
        // The plan needs names, not a cluster: the settings are validated as `run` would, with a
        // placeholder where no broker or registry is given.
        settings.putIfAbsent(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        settings.putIfAbsent(io.careerstream.registry.RegistrySettings.URL, "mock://acls");
        CareerstreamConfig config = new CareerstreamConfig(settings, HttpSettings.KEYS);
        PipelineSettings pipeline = config.pipeline();
        AclPlan plan = AclPlan.of(pipeline.topics(), pipeline.applicationId(), pipeline.exactlyOnce(),
                new AclPlan.Principals(service, producer, consumer, consumerGroup, operator));
        print(System.out, plan, pipeline, format);
        return 0;
    }

    static void print(PrintStream out, AclPlan plan, PipelineSettings pipeline, Format format) {
        if (format != Format.commands) {
            out.printf("Kafka ACLs for application.id %s (%s), topics named by %s*%n", pipeline.applicationId(),
                    pipeline.exactlyOnce() ? StreamsConfig.EXACTLY_ONCE_V2 : StreamsConfig.AT_LEAST_ONCE,
                    TopicSettings.TOPIC_TOUCHPOINTS.substring(0, TopicSettings.TOPIC_TOUCHPOINTS.lastIndexOf('.') + 1));
            for (AclPlan.Role role : AclPlan.Role.values()) {
                var grants = plan.grants(role);
                out.printf("%n%s, %s%n", grants.get(0).principal(), role.description());
                out.printf("  %-16s %-28s %-8s %-16s %s%n", "RESOURCE", "NAME", "PATTERN", "OPERATION", "WHY");
                for (AclPlan.Grant g : grants) {
                    out.printf("  %-16s %-28s %-8s %-16s %s%n", g.type(), g.name(), g.pattern(), g.operation(), g.why());
                }
            }
            out.println();
            out.println("No cluster permission is needed: idempotent producers need only WRITE on a topic (Kafka 2.8+, KIP-679).");
        }
        if (format == Format.both) {
            out.println();
        }
        if (format != Format.text) {
            out.println("# Run as an admin; admin.properties holds its connection settings, BOOTSTRAP the brokers.");
            for (AclPlan.Role role : AclPlan.Role.values()) {
                out.println("# " + role.description());
                plan.grants(role).forEach(g -> out.println(g.command()));
            }
        }
    }
}
