package io.careerstream.pipeline;

import static io.careerstream.pipeline.Touchpoints.mention;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An erasure on a real broker, with aliases in several partitions: afterwards no compacted topic
 * (the pipeline's compacted topics and every changelog of the application) holds the customer id
 * or an alias as the latest record of a key. Compaction itself is not awaited: a key whose latest
 * record is a tombstone is what compaction removes.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class ErasureNoTraceIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final String APP = "erasure-no-trace-it";
    private static final int PARTITIONS = 3;
    private static final String ERASED = "erased-customer-7";
    /** Enough aliases that some live in other partitions than the customer (keyed by alias). */
    private static final List<String> ALIASES = List.of("@erased-a", "@erased-b", "@erased-c", "@erased-d");

    @Test
    void noCompactedTopicKeepsTheErasedCustomerOrTheirAliases(EmbeddedKafkaBroker broker) throws Exception {
        Topics topics = Topics.DEFAULT.prefixed("no-trace-");
        broker.createTopics(topics.newTopics(PARTITIONS));
        CareerstreamConfig config = new CareerstreamConfig(LocalSettings.of(broker.bootstrapServers(), topics, APP,
                Files.createTempDirectory("erasure-no-trace-it-"), "mock://erasure-no-trace-it-" + UUID.randomUUID()));
        var touchpoints = config.careerTopics().touchpoints();
        var links = config.careerTopics().identityLinks();
        List<String> needles = new ArrayList<>(ALIASES);
        needles.add(ERASED);
        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofMinutes(2));
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            send(producer, topics.touchpoints(), ERASED, touchpoints.valueSerializer().serialize(topics.touchpoints(),
                    purchase(ERASED, "o1", T0, 1000)), T0);
            send(producer, topics.touchpoints(), "stays", touchpoints.valueSerializer().serialize(topics.touchpoints(),
                    purchase("stays", "o2", T0, 1000)), T0);
            for (int i = 0; i < ALIASES.size(); i++) {
                String alias = ALIASES.get(i);
                send(producer, topics.identityLinks(), alias, links.valueSerializer().serialize(topics.identityLinks(),
                        new IdentityLink(alias, ERASED, T0)), T0);
                TouchpointEvent aliased = mention("", T0.plus(Duration.ofDays(i + 1)), Sentiment.POSITIVE);
                aliased.setAlias(alias);
                send(producer, topics.touchpoints(), alias, touchpoints.valueSerializer().serialize(topics.touchpoints(),
                        aliased), aliased.getOccurredAt());
            }
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(traces(broker, topics, needles))
                    .as("before the erasure, the scan finds the customer and every alias")
                    .containsKeys(topics.profiles(), topics.identityLinks(),
                            APP + "-" + CareerTopology.IDENTITY_LINKS_STORE + "-changelog",
                            APP + "-" + CareerTopology.ALIAS_CLOCKS_STORE + "-changelog",
                            APP + "-" + CareerTopology.CUSTOMER_STATE_STORE + "-changelog"));
            assertThat(traces(broker, topics, needles).get(topics.identityLinks())).containsExactlyInAnyOrderElementsOf(ALIASES);

            send(producer, topics.erasureRequests(), ERASED, "request".getBytes(StandardCharsets.UTF_8), Instant.now());

            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(traces(broker, topics, needles))
                    .as("the latest record of every key that named the erased customer or an alias").isEmpty());
            assertThat(traces(broker, topics, List.of("stays"))).as("the customer who stays keeps a profile")
                    .containsKey(topics.profiles());
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, String key, byte[] value, Instant at)
            throws Exception {
        producer.send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key.getBytes(StandardCharsets.UTF_8), value)).get();
    }

    /** Compacted topic → the keys whose latest record is a value naming one of the needles. */
    private static Map<String, List<String>> traces(EmbeddedKafkaBroker broker, Topics topics, List<String> needles)
            throws Exception {
        TreeSet<String> compacted = new TreeSet<>();
        for (Topics.Spec spec : topics.specs(PARTITIONS)) {
            if (TopicConfig.CLEANUP_POLICY_COMPACT.equals(spec.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG))) {
                compacted.add(spec.name());
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            admin.listTopics().names().get().stream()
                    .filter(name -> name.startsWith(APP + "-") && name.endsWith("-changelog")).forEach(compacted::add);
        }
        Map<String, List<String>> found = new HashMap<>();
        for (String topic : compacted) {
            latest(broker, topic).forEach((key, value) -> {
                if (value != null && (contains(key.getBytes(StandardCharsets.ISO_8859_1), needles) || contains(value, needles))) {
                    found.computeIfAbsent(topic, t -> new ArrayList<>()).add(key);
                }
            });
        }
        return found;
    }

    /** The latest record per key (key as ISO-8859-1 text; null for a tombstone), committed records only. */
    private static Map<String, byte[]> latest(EmbeddedKafkaBroker broker, String topic) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, byte[]> latest = new HashMap<>();
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    latest.put(r.key() == null ? "" : new String(r.key(), StandardCharsets.ISO_8859_1), r.value());
                }
            }
        }
        return latest;
    }

    private static boolean contains(byte[] haystack, List<String> needles) {
        String text = new String(haystack, StandardCharsets.ISO_8859_1);
        return needles.stream().anyMatch(needle -> text.contains(
                new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
    }
}
