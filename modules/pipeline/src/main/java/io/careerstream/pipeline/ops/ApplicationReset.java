package io.careerstream.pipeline.ops;

import io.careerstream.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * What it takes to process an installation's input again from the beginning (or from a moment),
 * as one plan: planned first and printed ({@link #plan}), then carried out ({@link #execute}).
 *
 * <ul>
 *   <li>refused while the group has members: a running instance would write its state back;
 *   <li>the offsets of the input the tasks read: touchpoints and erasure requests to the beginning
 *       (or to the first record at or after the moment), identity links always to the beginning
 *       (every link is needed to rebuild the alias store), resolved touchpoints to their end (the
 *       replay writes them again);
 *   <li>the application's internal topics deleted (changelogs and repartition topics: the customer
 *       state, the timer index, the counts, the identity stores), recreated empty at the next start;
 *   <li>the RFM sketches on their topic tombstoned, so that the replay's boundaries are its own;
 *   <li>this machine's local state of the application deleted (other machines: see the note).
 * </ul>
 *
 * Kafka ships a streams resetter ({@code kafka-streams-application-reset}), but in its tools jar
 * with the broker's libraries, which the production distribution must not carry; and it knows
 * neither the resolved touchpoints nor the RFM sketches. Hence this, with the admin API.
 */
public final class ApplicationReset {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One step of the plan, as printed. */
    public record Step(String description) {
    }

    /** Everything the reset will do. */
    public record Plan(Map<TopicPartition, Long> offsets, List<String> internalTopics, List<byte[]> rfmKeys,
                       Path localState, List<Step> steps) {
    }

    private final Admin admin;
    private final Map<String, Object> clientSettings;
    private final String applicationId;
    private final Topics topics;
    private final Path stateDir;

    public ApplicationReset(Admin admin, Map<String, Object> clientSettings, String applicationId, Topics topics,
                            Path stateDir) {
        this.admin = admin;
        this.clientSettings = Map.copyOf(clientSettings);
        this.applicationId = applicationId;
        this.topics = topics;
        this.stateDir = stateDir;
    }

    /**
     * @param from the moment to process again from; null: the beginning
     * @throws IllegalStateException when the group has members (naming them)
     */
    public Plan plan(Instant from) throws InterruptedException, ExecutionException, TimeoutException {
        requireNoMembers();
        List<Step> steps = new ArrayList<>();
        Map<TopicPartition, Long> offsets = new HashMap<>();
        offsets.putAll(positions(topics.touchpoints(), from == null ? OffsetSpec.earliest() : OffsetSpec.forTimestamp(
                from.toEpochMilli())));
        offsets.putAll(positions(topics.erasureRequests(), from == null ? OffsetSpec.earliest()
                : OffsetSpec.forTimestamp(from.toEpochMilli())));
        offsets.putAll(positions(topics.identityLinks(), OffsetSpec.earliest()));
        offsets.putAll(positions(topics.resolvedTouchpoints(), OffsetSpec.latest()));
        for (String topic : List.of(topics.touchpoints(), topics.erasureRequests(), topics.identityLinks(),
                topics.resolvedTouchpoints())) {
            long count = offsets.keySet().stream().filter(tp -> tp.topic().equals(topic)).count();
            String where = topic.equals(topics.resolvedTouchpoints()) ? "to its end (the replay writes them again)"
                    : topic.equals(topics.identityLinks()) || from == null ? "to the beginning" : "to " + from;
            steps.add(new Step("reset the offsets of " + topic + " (" + count + " partitions) " + where));
        }
        List<String> internal = admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(name -> name.startsWith(applicationId + "-")
                        && (name.endsWith("-changelog") || name.endsWith("-repartition")))
                .sorted().toList();
        internal.forEach(name -> steps.add(new Step("delete internal topic " + name)));
        List<byte[]> rfmKeys = keysOf(topics.rfmSketches());
        steps.add(new Step("tombstone the " + rfmKeys.size() + " RFM sketches on " + topics.rfmSketches()));
        Path local = stateDir == null ? null : stateDir.resolve(applicationId);
        steps.add(new Step(local != null && Files.exists(local) ? "delete the local state " + local
                : "no local state of " + applicationId + " on this machine"));
        return new Plan(offsets, internal, rfmKeys, local, steps);
    }

    /** Carries the plan out; the group must still have no members. */
    public void execute(Plan plan) throws InterruptedException, ExecutionException, TimeoutException {
        requireNoMembers();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        plan.offsets().forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
        admin.alterConsumerGroupOffsets(applicationId, offsets).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!plan.internalTopics().isEmpty()) {
            admin.deleteTopics(plan.internalTopics()).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!plan.rfmKeys().isEmpty()) {
            Map<String, Object> settings = new HashMap<>(clientSettings);
            settings.put(ProducerConfig.ACKS_CONFIG, "all");
            try (var producer = new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
                for (byte[] key : plan.rfmKeys()) {
                    producer.send(new ProducerRecord<>(topics.rfmSketches(), key, null)).get(TIMEOUT.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
            }
        }
        if (plan.localState() != null && Files.exists(plan.localState())) {
            deleteRecursively(plan.localState());
        }
    }

    private void requireNoMembers() throws InterruptedException, ExecutionException, TimeoutException {
        ConsumerGroupDescription group;
        try {
            group = admin.describeConsumerGroups(List.of(applicationId)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(applicationId);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return;
            }
            throw e;
        }
        if (group != null && !group.members().isEmpty()) {
            Set<String> hosts = new HashSet<>();
            group.members().forEach(m -> hosts.add(m.host()));
            throw new IllegalStateException("application " + applicationId + " has " + group.members().size()
                    + " running members (on " + String.join(", ", hosts.stream().sorted().toList())
                    + "): stop every instance first");
        }
    }

    private Map<TopicPartition, Long> positions(String topic, OffsetSpec spec)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResultInfo> found = admin.listOffsets(request).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        partitions.forEach(tp -> ends.put(tp, OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResultInfo> latest = admin.listOffsets(ends).all()
                .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition tp : partitions) {
            long offset = found.get(tp).offset();
            // No record at or after the moment: nothing of this partition is processed again.
            positions.put(tp, offset < 0 ? latest.get(tp).offset() : offset);
        }
        return positions;
    }

    /** Every key on a (compacted) topic, read once from the beginning. */
    private List<byte[]> keysOf(String topic) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Map<String, byte[]> keys = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, TIMEOUT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, TIMEOUT);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.key() != null) {
                        String id = new String(r.key(), java.nio.charset.StandardCharsets.ISO_8859_1);
                        if (r.value() == null) {
                            keys.remove(id);
                        } else {
                            keys.put(id, r.key());
                        }
                    }
                });
            }
        }
        return new ArrayList<>(keys.values());
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
