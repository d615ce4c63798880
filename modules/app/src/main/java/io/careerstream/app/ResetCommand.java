package io.careerstream.app;

import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.pipeline.ops.ApplicationReset;
import io.careerstream.pipeline.ops.BrokerProbe;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Makes an installation process its input again: offsets, internal topics, RFM sketches, local state. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Prepare the application (application.id) to process its input again, from the beginning or "
                + "from a moment: reset the input offsets, delete the internal topics (customer state, timer index, "
                + "counts, identity stores), tombstone the RFM sketches and delete this machine's local state. "
                + "Refused while any instance runs. Without --execute it only prints what it would do.",
                "",
                "The output topics are not touched: the replay writes the same records (same alertId and "
                        + "transitionId) again, which consumers de-duplicate. Exit status: 0 done (or planned), 1 refused "
                        + "or failed, 2 when a setting is wrong."})
public final class ResetCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--to-datetime", paramLabel = "ISO-8601",
            description = "Process the touchpoints and erasure requests again from this moment (event time) instead "
                    + "of the beginning; customers' history before it is forgotten.")
    Instant from;

    @Option(names = "--execute", description = "Do it (default: print the plan only).")
    boolean execute;

    @Override
    public Integer call() throws Exception {
        Map<String, String> settings = kafka.settings();
        Map<String, Object> client = KafkaOptions.clientSettings(settings);
        String applicationId = settings.getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, "careerstream");
        // Kafka Streams' own default when none is set: <tmp>/kafka-streams.
        String stateDir = settings.getOrDefault(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString());
        try {
            BrokerProbe.requireReachable(client);
            try (Admin admin = Admin.create(client)) {
                ApplicationReset reset = new ApplicationReset(admin, client, applicationId,
                        new TopicSettings(settings).topics(), Path.of(stateDir));
                ApplicationReset.Plan plan = reset.plan(from);
                System.out.println((execute ? "Resetting " : "Would reset (dry run; --execute does it) ") + applicationId + ":");
                plan.steps().forEach(step -> System.out.println("  " + step.description()));
                if (execute) {
                    reset.execute(plan);
                    System.out.println("Done. Start the instances to process the input again; on other machines delete "
                            + "their local state of " + applicationId + " first (or they rebuild it: Kafka Streams finds "
                            + "it ahead of its deleted changelogs and wipes it).");
                }
            }
        } catch (IllegalStateException e) {
            System.err.println("careerstream reset: " + e.getMessage() + ". Nothing changed.");
            return 1;
        } catch (ExecutionException e) {
            System.err.println("careerstream reset: " + (e.getCause() == null ? e : e.getCause()));
            return 1;
        }
        return 0;
    }
}
