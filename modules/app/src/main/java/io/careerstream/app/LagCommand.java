package io.careerstream.app;

import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.pipeline.ops.BrokerProbe;
import io.careerstream.pipeline.ops.LagReport;
import io.careerstream.topics.Topics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** What ops watch: how far the pipeline is behind its input, per partition. */
@Command(name = "lag", mixinStandardHelpOptions = true,
        description = {"Print how far the pipeline's consumer group (application.id) is behind on each partition of "
                + "the touchpoints topic: committed and end offsets, records behind, and the event time still to "
                + "process (the next record's timestamp to the newest one's); and the records behind on the other "
                + "topics it reads (resolved touchpoints, identity links, erasure requests).",
                "",
                "Needs bootstrap.servers only. Exit status: 0 when every record is processed, 1 when some are not yet "
                        + "(or input was deleted before it was processed), 2 when the settings are wrong."})
public final class LagCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    KafkaOptions kafka;

    @Override
    public Integer call() throws Exception {
        Map<String, String> settings = kafka.settings();
        Map<String, Object> client = KafkaOptions.clientSettings(settings);
        String group = settings.getOrDefault(StreamsConfig.APPLICATION_ID_CONFIG, "careerstream");
        Topics topics = new TopicSettings(settings).topics();
        String topic = topics.touchpoints();
        Map<String, Object> adminConfig = new HashMap<>(client);
        adminConfig.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
        List<LagReport.PartitionLag> partitions;
        Map<String, String> others = new LinkedHashMap<>();
        boolean othersBehind = false;
        try {
            BrokerProbe.requireReachable(client);
            try (Admin admin = Admin.create(adminConfig); LagReport report = new LagReport(admin, client, TIMEOUT)) {
                partitions = report.of(group, topic);
                // The other topics the tasks read: the identity detour and erasures, in records.
                for (String other : List.of(topics.resolvedTouchpoints(), topics.identityLinks(), topics.erasureRequests())) {
                    try {
                        long behind = report.total(group, other);
                        othersBehind |= behind > 0;
                        others.put(other, String.format("%,d records behind", behind));
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                            throw e;
                        }
                        // Not fatal for a report: say so, and let `run` refuse to start on it.
                        others.put(other, "does not exist");
                    }
                }
            }
        } catch (IllegalStateException e) {
            System.err.println("careerstream lag: " + e.getMessage());
            return 1;
        } catch (ExecutionException e) {
            System.err.println("careerstream lag: " + (e.getCause() == null ? e : e.getCause()));
            return 1;
        }
        print(System.out, group, topic, partitions);
        System.out.println("Other inputs: " + String.join(", ", others.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList()));
        boolean behind = partitions.stream().anyMatch(p -> p.lag() > 0 || p.deletedUnprocessed() > 0) || othersBehind;
        return behind ? 1 : 0;
    }

    static void print(PrintStream out, String group, String topic, List<LagReport.PartitionLag> partitions) {
        out.printf("Group %s on topic %s%n", group, topic);
        out.printf("%-9s %12s %12s %12s %12s  %-24s %s%n", "partition", "log start", "committed", "end", "lag",
                "next to process (event)", "behind (event time)");
        long total = 0;
        for (LagReport.PartitionLag p : partitions) {
            total += p.lag();
            out.printf("%-9d %,12d %12s %,12d %,12d  %-24s %s%n", p.partition(), p.logStart(),
                    p.committed().map(c -> String.format("%,d", c)).orElse("-"), p.logEnd(), p.lag(),
                    p.nextToProcess().map(Object::toString).orElse("-"), p.behind().map(LagCommand::human).orElse("-"));
            if (p.deletedUnprocessed() > 0) {
                out.printf("          DATA LOSS: %,d records were deleted before they were processed "
                        + "(committed %,d, log start %,d); see careerstream.on.data.loss%n", p.deletedUnprocessed(),
                        p.committed().orElseThrow(), p.logStart());
            }
        }
        out.printf("Total lag %,d records%n", total);
    }

    static String human(Duration d) {
        long days = d.toDays();
        return days > 0 ? String.format("%dd %dh", days, d.toHoursPart()) : String.format("%dh %dm %ds", d.toHours(),
                d.toMinutesPart(), d.toSecondsPart());
    }
}
