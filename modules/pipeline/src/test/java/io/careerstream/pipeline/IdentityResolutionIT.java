package io.careerstream.pipeline;

import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.mention;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerState;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedKafkaExtension;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.TickProtocol;
import io.careerstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Identity resolution across partitions on a real broker: touchpoints keyed by social handles,
 * whose partitions differ from their customers', end in the same customer states as the same
 * touchpoints sent with customer ids, and none is refused as late for the detour. The even
 * customers' links come first and their mentions take the detour while their purchases and email
 * opens come directly (two paths, put back in event-time order); the odd customers' touchpoints all
 * take the detour and wait for links that come after them.
 */
@ExtendWith(EmbeddedKafkaExtension.class)
class IdentityResolutionIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final int PARTITIONS = 3;
    private static final int CUSTOMERS = 12;

    @Test
    void aliasedTouchpointsEndInTheStatesTheirCustomerIdsWouldGive(EmbeddedKafkaBroker broker) throws Exception {
        List<TouchpointEvent> history = history();
        int crossing = 0;
        for (int c = 0; c < CUSTOMERS; c++) {
            crossing += partition(customer(c)) != partition(handle(c)) ? 1 : 0;
        }
        assertThat(crossing).as("handles on other partitions than their customers").isGreaterThanOrEqualTo(4);

        Map<String, CustomerState> direct = run(broker, "direct-", history, false);
        Map<String, CustomerState> aliased = run(broker, "aliased-", history, true);

        assertThat(direct).hasSize(CUSTOMERS);
        assertThat(direct.values()).allSatisfy(s -> assertThat(s.purchases()).isPositive());
        assertThat(aliased).usingRecursiveComparison().isEqualTo(direct);
    }

    /**
     * Each customer: purchases, email opens and mentions over two years; all of them in time order,
     * as a replay of history sends them (the detour keeps the order of partitions that are in order).
     */
    private static List<TouchpointEvent> history() {
        Random random = new Random(7);
        List<TouchpointEvent> events = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            Instant at = T0.plus(Duration.ofDays(random.nextInt(30)));
            for (int i = 0; i < 8; i++) {
                at = at.plus(Duration.ofDays(1 + random.nextInt(60)));
                events.add(switch (random.nextInt(3)) {
                    case 0 -> purchase(customer(c), "o-" + c + "-" + i, at, 500 + random.nextInt(5000));
                    case 1 -> email(customer(c), at, EmailAction.OPEN);
                    default -> mention(customer(c), at, random.nextBoolean() ? Sentiment.POSITIVE : Sentiment.NEGATIVE);
                });
            }
        }
        events.sort(java.util.Comparator.comparing(TouchpointEvent::getOccurredAt));
        return events;
    }

    /**
     * Runs a fresh pipeline on topics of its own over {@code history}: keyed by customer id, or
     * (aliased) with the customer id removed and keyed by the customer's handle, the links of the
     * even customers sent first and those of the odd ones after their touchpoints.
     */
    private static Map<String, CustomerState> run(EmbeddedKafkaBroker broker, String prefix, List<TouchpointEvent> history,
                                                  boolean aliased) throws Exception {
        Topics topics = Topics.DEFAULT.prefixed(prefix);
        broker.createTopics(topics.newTopics(PARTITIONS));
        Map<String, Object> settings = LocalSettings.of(broker.bootstrapServers(), topics, prefix + "app",
                Files.createTempDirectory("careerstream-identity-it-"), "mock://identity-it-" + UUID.randomUUID());
        // No scheduled settling while the history streams in: the states then depend only on each
        // customer's touchpoints, in order, which both paths keep (docs/architecture.md).
        settings.put(PipelineSettings.PUNCTUATION_INTERVAL_MS, Duration.ofDays(365L * 100).toMillis());
        // The odd customers' links come after their whole history: the touchpoints must wait that long.
        settings.put(PipelineSettings.IDENTITY_PENDING_MS, Duration.ofDays(365L * 10).toMillis());
        CareerstreamConfig config = new CareerstreamConfig(settings);
        try (KafkaStreams streams = new KafkaStreams(CareerTopology.build(config), config.streamsProperties());
             var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                     broker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            streams.start();
            var touchpoints = config.careerTopics().touchpoints().valueSerializer();
            var links = config.careerTopics().identityLinks().valueSerializer();
            if (aliased) {
                for (int c = 0; c < CUSTOMERS; c += 2) {
                    producer.send(link(topics, links, c)).get();
                }
                // Known before the touchpoints they resolve: read (and their customers' tasks told) first.
                try (var admin = broker.admin()) {
                    var lag = new io.careerstream.pipeline.ops.LagReport(admin, Map.of(), Duration.ofSeconds(30));
                    await().atMost(Duration.ofSeconds(60)).until(() -> lag.total(prefix + "app", topics.identityLinks()) == 0);
                }
            }
            for (TouchpointEvent original : history) {
                TouchpointEvent event = TouchpointEvent.newBuilder(original).build();
                String key = event.getCustomerId();
                int c = Integer.parseInt(key.substring(1));
                if (aliased && (c % 2 == 1 || event.getPayload() instanceof io.careerstream.contracts.SocialMention)) {
                    key = handle(c);
                    event.setCustomerId("");
                    event.setAlias(key);
                }
                producer.send(new ProducerRecord<>(topics.touchpoints(), null, event.getOccurredAt().toEpochMilli(),
                        bytes(key), touchpoints.serialize(topics.touchpoints(), event))).get();
            }
            if (aliased) {
                for (int c = 1; c < CUSTOMERS; c += 2) {
                    producer.send(link(topics, links, c)).get();
                }
            }
            // Closing ticks, as a replay ends: once everything before them is processed, the touchpoints
            // released by the late links included (docs/architecture.md, "Identity links"), every
            // partition's progress passes the last touchpoint.
            try (var admin = broker.admin()) {
                var lag = new io.careerstream.pipeline.ops.LagReport(admin, Map.of(), Duration.ofSeconds(30));
                await().atMost(Duration.ofSeconds(120)).until(() -> lag.total(prefix + "app", topics.touchpoints())
                        + lag.total(prefix + "app", topics.identityLinks())
                        + lag.total(prefix + "app", topics.resolvedTouchpoints()) == 0);
            }
            long end = history.stream().mapToLong(e -> e.getOccurredAt().toEpochMilli()).max().orElseThrow() + 1;
            for (var tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(), PARTITIONS, end)) {
                producer.send(tick).get();
            }
            await().atMost(Duration.ofSeconds(120)).until(() -> snapshot(streams).values().stream()
                    .mapToLong(s -> s.purchases() + s.emailOpens() + s.positiveMentions() + s.negativeMentions())
                    .sum() == history.size());
            assertThat(deadLetters(broker, topics)).as("no touchpoint refused for the detour").isZero();
            Map<String, CustomerState> states = snapshot(streams);
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return states;
        }
    }

    private static ProducerRecord<byte[], byte[]> link(Topics topics,
                                                       org.apache.kafka.common.serialization.Serializer<IdentityLink> links,
                                                       int c) {
        return new ProducerRecord<>(topics.identityLinks(), bytes(handle(c)), links.serialize(topics.identityLinks(),
                new IdentityLink(handle(c), customer(c), Instant.now())));
    }

    private static Map<String, CustomerState> snapshot(KafkaStreams streams) {
        Map<String, CustomerState> states = new TreeMap<>();
        if (streams.state() != KafkaStreams.State.RUNNING) {
            return states;
        }
        try {
            ReadOnlyKeyValueStore<String, CustomerState> store = streams.store(StoreQueryParameters.fromNameAndType(
                    CareerTopology.CUSTOMER_STATE_STORE, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, CustomerState> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, CustomerState> next = all.next();
                    states.put(next.key, next.value);
                }
            }
        } catch (InvalidStateStoreException rebalancing) {
            return new TreeMap<>(); // not queryable this moment: asked again
        }
        return states;
    }

    private static long deadLetters(EmbeddedKafkaBroker broker, Topics topics) {
        long[] count = {0};
        io.careerstream.pipeline.ops.TopicScan.readAll(broker.bootstrapServers(), topics.deadLetters(), total -> { },
                r -> count[0]++);
        return count[0];
    }

    private static String customer(int c) {
        return "c" + c;
    }

    private static String handle(int c) {
        return "@fan-" + (c * 7 + 3);
    }

    /** The partition the producer's default partitioner chooses for a key. */
    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(bytes(key))) % PARTITIONS;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
