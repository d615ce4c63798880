package io.careerstream.app;

import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.pipeline.ops.BrokerProbe;
import io.careerstream.topics.Topics;
import io.careerstream.topics.TickProtocol;
import io.careerstream.pipeline.ops.TopicSettingsCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Moves stream time forward on every partition, so silence is checked when input is quiet.
 * Nothing is lost quietly: an {@code --at} the broker would refuse is refused before anything is
 * sent, every send is checked, and the exit status says whether every partition got its tick.
 */
@Command(name = "tick", mixinStandardHelpOptions = true,
        description = {"Send a tick to every partition of the touchpoints topic: stream time advances to --at "
                + "and due silence checks run, even with no new touchpoints (for example at the end of a backfill).",
                "",
                "Brokers refuse a record timestamp more than the topic's message.timestamp.after.max.ms (default 1 hour) "
                        + "ahead of their clock, or more than its message.timestamp.before.max.ms behind; an --at outside "
                        + "those limits is refused before anything is sent. The pipeline dead-letters (FUTURE_TIMESTAMP) a "
                        + "tick more than careerstream.validation.max.future.skew.ms (default 15 minutes) ahead of its clock.",
                "",
                "Needs bootstrap.servers only: a tick has no value, so no schema registry is involved.",
                "",
                "Exit status: 0 when every partition got its tick; 1 when a tick was not written (each failure is "
                        + "printed) or the broker could not be asked; 2 when nothing was sent (unknown topic, --at refused, "
                        + "a setting missing or invalid)."})
public final class TickCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Option(names = {"-t", "--topic"},
            description = "Touchpoints topic (default: careerstream.topic.touchpoints of the settings, else touchpoints).")
    String topic;

    @Option(names = "--at", description = "Event time to advance to, ISO-8601 (default: now).")
    Instant at;

    /** From the settings: a tick carries no value, so no schema registry is needed. */
    private String bootstrapServers;
    private Map<String, Object> connection;

    @Override
    public Integer call() {
        Map<String, String> settings = kafka.settings();
        bootstrapServers = KafkaOptions.require(settings, CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
        connection = PipelineSettings.connectionSettings(settings);
        if (topic == null) {
            topic = settings.getOrDefault(TopicSettings.TOPIC_TOUCHPOINTS, Topics.DEFAULT.touchpoints());
        }
        Instant time = at == null ? Instant.now().truncatedTo(ChronoUnit.MILLIS) : at;
        if (time.isBefore(Instant.EPOCH)) {
            System.err.println("--at " + time + " is before 1970-01-01T00:00:00Z; Kafka record timestamps cannot be. Nothing sent.");
            return 2;
        }
        TopicFacts facts;
        try {
            Map<String, Object> client = new HashMap<>(connection);
            client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            BrokerProbe.requireReachable(client);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage() + " Nothing sent.");
            return 1;
        }
        try {
            facts = describe();
        } catch (UnknownTopicOrPartitionException e) {
            System.err.println("Topic " + topic + " does not exist on " + bootstrapServers + ". Nothing sent.");
            return 2;
        } catch (Exception e) {
            System.err.println("Could not describe topic " + topic + " on " + bootstrapServers + ": " + describe(e)
                    + ". Nothing sent.");
            return 1;
        }
        String refusal = facts.refusal(time, at != null, Instant.now());
        if (refusal != null) {
            System.err.println(refusal + " Nothing sent.");
            return 2;
        }
        long ahead = time.toEpochMilli() - System.currentTimeMillis();
        if (at != null && ahead > 0) {
            System.err.println("Note: --at is " + human(ahead) + " ahead of this machine's clock; the pipeline dead-letters a tick "
                    + "further ahead of its clock than careerstream.validation.max.future.skew.ms (default 15 minutes).");
        }
        return send(time, facts.partitions());
    }

    private int send(Instant time, int partitions) {
        List<ProducerRecord<byte[], byte[]>> ticks = TickProtocol.ticks(topic, partitions, time.toEpochMilli());
        List<Future<RecordMetadata>> sends = new ArrayList<>(partitions);
        List<String> failures = new ArrayList<>();
        Map<String, Object> producerConfig = new HashMap<>(connection);
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        producerConfig.put(ProducerConfig.CLIENT_ID_CONFIG, "careerstream-tick");
        try (var producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> tick : ticks) {
                try {
                    sends.add(producer.send(tick));
                } catch (RuntimeException e) {
                    sends.add(null);
                    failures.add(failure(tick.partition(), e));
                }
            }
            producer.flush();
            for (int p = 0; p < partitions; p++) {
                Future<RecordMetadata> sent = sends.get(p);
                if (sent == null) {
                    continue;
                }
                try {
                    sent.get();
                } catch (ExecutionException e) {
                    failures.add(failure(p, e.getCause()));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failures.add(failure(p, e));
                }
            }
        }
        if (!failures.isEmpty()) {
            failures.stream().sorted().forEach(System.err::println);
            System.err.println(failures.size() + " of " + partitions + " ticks at " + time + " not written to " + topic
                    + "; stream time did not advance on those partitions.");
            return 1;
        }
        System.out.println("Sent ticks at " + time + " to " + partitions + " partitions of " + topic);
        return 0;
    }

    private String failure(int partition, Throwable cause) {
        return "Tick to " + topic + "-" + partition + " not written: " + describe(cause);
    }

    /** Partition count and the timestamp limits the broker applies to the topic. */
    private TopicFacts describe() throws Exception {
        Map<String, Object> adminConfig = new HashMap<>(connection);
        adminConfig.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(adminConfig)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            return new TopicFacts(topic, partitions,
                    TopicSettingsCheck.longValue(config, TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG, Long.MAX_VALUE),
                    TopicSettingsCheck.longValue(config, TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.MAX_VALUE),
                    config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG) == null ? null
                            : config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** What the broker will accept on the topic, as it reported it. */
    record TopicFacts(String topic, int partitions, long afterMaxMs, long beforeMaxMs, String timestampType) {

        /** Why a tick at {@code time} must not be sent, or null if the broker will take it. */
        String refusal(Instant time, boolean timeGiven, Instant now) {
            long ahead = time.toEpochMilli() - now.toEpochMilli();
            if (timeGiven && TimestampType.LOG_APPEND_TIME.name.equals(timestampType)) {
                return "Topic " + topic + " has " + TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG + "=LogAppendTime: the broker "
                        + "replaces every record timestamp with its own clock, so a tick cannot carry --at " + time + ".";
            }
            if (ahead > afterMaxMs) {
                return "--at " + time + " is " + human(ahead) + " ahead of this machine's clock; the broker refuses record "
                        + "timestamps more than " + afterMaxMs + " ms (" + human(afterMaxMs) + ") ahead of its own ("
                        + TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG + " of topic " + topic + ").";
            }
            if (-ahead > beforeMaxMs) {
                return "--at " + time + " is " + human(-ahead) + " behind this machine's clock; the broker refuses record "
                        + "timestamps more than " + beforeMaxMs + " ms (" + human(beforeMaxMs) + ") behind its own ("
                        + TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG + " of topic " + topic + ").";
            }
            return null;
        }
    }

    /** e.g. "1h", "2d 3h 15m 4s", "500ms"; milliseconds only below a second. */
    static String human(long millis) {
        Duration d = Duration.ofMillis(millis);
        StringBuilder s = new StringBuilder();
        append(s, d.toDaysPart(), "d");
        append(s, d.toHoursPart(), "h");
        append(s, d.toMinutesPart(), "m");
        append(s, d.toSecondsPart(), "s");
        if (millis < 1000) {
            append(s, d.toMillisPart(), "ms");
        }
        return s.length() == 0 ? "0ms" : s.toString();
    }

    private static void append(StringBuilder s, long amount, String unit) {
        if (amount != 0) {
            s.append(s.length() == 0 ? "" : " ").append(amount).append(unit);
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
