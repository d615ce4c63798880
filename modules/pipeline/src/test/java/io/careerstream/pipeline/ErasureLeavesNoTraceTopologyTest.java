package io.careerstream.pipeline;

import static io.careerstream.pipeline.Touchpoints.mention;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.AlertEndReason;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #26 part 6: an erased customer leaves no trace in what the pipeline owns. The customer has
 * identity links, touchpoints that waited for their link and are held for ordering, a pending
 * silence check and an open churn alert; after the erasure, EVERY state store the topology
 * declares (found from its description, so a store added later is scanned too) and every
 * compacted topic (latest record per key: a key whose latest record is a tombstone is gone) is
 * searched for the customer id and the aliases.
 */
class ErasureLeavesNoTraceTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T00:00:00Z");
    private static final String ERASED = "erased-ann";
    private static final String LINKED_ALIAS = "@ann-social";
    private static final String LATE_LINKED_ALIAS = "@ann-late";
    private static final String STAYS = "stays-bob";
    private static final String STAYS_ALIAS = "@bob-social";

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;
    private TestInputTopic<String, IdentityLink> links;
    private TestInputTopic<String, String> erasures;
    /** Every compacted topic as its latest record per key: what compaction leaves. */
    private final Map<String, Map<String, byte[]>> compacted = new HashMap<>();

    @BeforeEach
    void start() {
        // Cadence: an own interval of 20 days is at risk after 40 silent days, lapsed after 80.
        fixture = new TopologyFixture(stateDir, Map.of(ChurnSettings.CHURN_RULE, "CADENCE"));
        links = fixture.input(fixture.topics.identityLinks(), IdentityLink.class);
        erasures = fixture.driver.createInputTopic(fixture.topics.erasureRequests(), new StringSerializer(),
                new StringSerializer());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anErasedCustomerIsInNoStoreAndNoCompactedTopic() {
        ChurnAlerts alerts = new ChurnAlerts(fixture.output(fixture.topics.alerts(), ChurnAlert.class));
        // A buyer with a rhythm, silent long enough for the at-risk alert to open and with the lapsed
        // check pending; a bystander with an alias.
        fixture.send(purchase(ERASED, "o1", T0, 1000));
        fixture.send(purchase(ERASED, "o2", T0.plus(Duration.ofDays(20)), 1000));
        fixture.send(purchase(STAYS, "o3", T0, 500));
        link(STAYS_ALIAS, STAYS);
        fixture.tick(T0.plus(Duration.ofDays(70)));
        assertThat(alerts.readValuesToList()).extracting(ChurnAlert::getCustomerId).contains(ERASED);
        // Linked aliases; a touchpoint that waited for its link; touchpoints held for ordering.
        link(LINKED_ALIAS, ERASED);
        sendAliased(LATE_LINKED_ALIAS, mention("", T0.plus(Duration.ofDays(71)), Sentiment.POSITIVE));
        link(LATE_LINKED_ALIAS, ERASED);
        sendAliased(LINKED_ALIAS, purchase("", "o4", T0.plus(Duration.ofDays(72)), 700));
        sendAliased(STAYS_ALIAS, mention("", T0.plus(Duration.ofDays(72)), Sentiment.NEUTRAL));

        List<String> needles = List.of(ERASED, LINKED_ALIAS, LATE_LINKED_ALIAS);
        Map<String, List<String>> before = traces(needles);
        assertThat(before.keySet()).as("the scan sees the customer wherever the pipeline keeps it").contains(
                "store " + CareerTopology.CUSTOMER_STATE_STORE, "store " + CareerTopology.CHURN_TIMER_STORE,
                "store " + CareerTopology.HELD_TOUCHPOINTS_STORE, "store " + CareerTopology.ALIAS_PARTITIONS_STORE,
                "store " + CareerTopology.IDENTITY_LINKS_STORE, "store " + CareerTopology.CUSTOMER_ALIASES_STORE,
                "store " + CareerTopology.ALIAS_CLOCKS_STORE,
                "topic " + fixture.topics.profiles(), "topic " + fixture.topics.identityLinks());
        assertThat(before.keySet()).as("and in the stores' changelogs")
                .anyMatch(name -> name.endsWith(CareerTopology.CUSTOMER_STATE_STORE + "-changelog"))
                .anyMatch(name -> name.endsWith(CareerTopology.HELD_TOUCHPOINTS_STORE + "-changelog"))
                .anyMatch(name -> name.endsWith(CareerTopology.IDENTITY_LINKS_STORE + "-changelog"));

        erasures.pipeInput(ERASED, "request-1");

        assertThat(traces(needles)).as("what is left of the erased customer").isEmpty();
        assertThat(alerts.ends()).as("the open alert ended").isNotEmpty()
                .allSatisfy(end -> assertThat(end.getEndReason()).isEqualTo(AlertEndReason.ERASED));
        assertThat(traces(List.of(STAYS, STAYS_ALIAS)).keySet()).as("the bystander is untouched").contains(
                "store " + CareerTopology.CUSTOMER_STATE_STORE, "store " + CareerTopology.IDENTITY_LINKS_STORE,
                "store " + CareerTopology.CUSTOMER_ALIASES_STORE, "topic " + fixture.topics.identityLinks());
    }

    @Test
    void anAliasLinkedToSomeoneElseSinceIsNotErasedWithTheCustomer() {
        link(LINKED_ALIAS, ERASED);
        link(LINKED_ALIAS, STAYS); // the handle now belongs to someone else

        erasures.pipeInput(ERASED, "request-1");

        KeyValueStore<String, String> store = fixture.driver.getKeyValueStore(CareerTopology.IDENTITY_LINKS_STORE);
        assertThat(store.get(LINKED_ALIAS)).isEqualTo(STAYS);
        assertThat(traces(List.of(ERASED))).isEmpty();
        assertThat(traces(List.of(LINKED_ALIAS)).keySet()).contains("topic " + fixture.topics.identityLinks());
    }

    /** Where the needles are still found: "store NAME" or "topic NAME" → the entries found. */
    private Map<String, List<String>> traces(List<String> needles) {
        Map<String, List<String>> found = new LinkedHashMap<>();
        for (String name : declaredStores()) {
            KeyValueStore<Object, Object> store = fixture.driver.getKeyValueStore(name);
            if (store == null) {
                org.apache.kafka.streams.state.WindowStore<Object, Object> windows = fixture.driver.getWindowStore(name);
                assertThat(windows).as("store %s is a key-value or window store: teach this scan any other kind", name).isNotNull();
                try (var all = windows.all()) {
                    all.forEachRemaining(entry -> {
                        if (containsAny(bytes(entry.key.key()), needles) || containsAny(bytes(entry.value), needles)) {
                            found.computeIfAbsent("store " + name, n -> new ArrayList<>()).add(entry.key + " = " + entry.value);
                        }
                    });
                }
                continue;
            }
            try (var all = store.all()) {
                all.forEachRemaining(entry -> {
                    if (containsAny(bytes(entry.key), needles) || containsAny(bytes(entry.value), needles)) {
                        found.computeIfAbsent("store " + name, n -> new ArrayList<>()).add(entry.key + " = " + entry.value);
                    }
                });
            }
        }
        readProducedRecords();
        compacted.forEach((topic, latest) -> latest.forEach((key, value) -> {
            if (value != null && (containsAny(key.getBytes(StandardCharsets.ISO_8859_1), needles)
                    || containsAny(value, needles))) {
                found.computeIfAbsent("topic " + topic, n -> new ArrayList<>()).add(key);
            }
        }));
        return found;
    }

    /** Every store of the topology, global ones included, as its description lists them. */
    private Set<String> declaredStores() {
        TopologyDescription description = fixture.topology.describe();
        Set<String> stores = new TreeSet<>();
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Processor processor) {
                    stores.addAll(processor.stores());
                }
            }
        }
        for (TopologyDescription.GlobalStore global : description.globalStores()) {
            stores.addAll(global.processor().stores());
        }
        assertThat(stores).as("the topology's stores, found from its description")
                .contains(CareerTopology.CUSTOMER_STATE_STORE, CareerTopology.IDENTITY_PENDING_STORE);
        return stores;
    }

    /** Adds what the topology wrote since the last call to the compacted topics' latest records. */
    private void readProducedRecords() {
        Set<String> compactedTopics = new TreeSet<>();
        for (Topics.Spec spec : fixture.topics.specs(1)) {
            if (TopicConfig.CLEANUP_POLICY_COMPACT.equals(spec.configs().get(TopicConfig.CLEANUP_POLICY_CONFIG))) {
                compactedTopics.add(spec.name());
            }
        }
        for (String topic : fixture.driver.producedTopicNames()) {
            // Kafka Streams' changelogs are compacted too.
            if (!compactedTopics.contains(topic) && !topic.endsWith("-changelog")) {
                continue;
            }
            var output = fixture.driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            for (TestRecord<byte[], byte[]> record : output.readRecordsToList()) {
                String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.ISO_8859_1);
                compacted.computeIfAbsent(topic, t -> new HashMap<>()).put(key, record.value());
            }
        }
    }

    private void link(String alias, String customerId) {
        links.pipeInput(alias, new IdentityLink(alias, customerId, T0), T0);
        // The links topic holds what producers wrote as well as what the pipeline writes to it.
        compacted.computeIfAbsent(fixture.topics.identityLinks(), t -> new HashMap<>())
                .put(alias, (alias + " -> " + customerId).getBytes(StandardCharsets.UTF_8));
    }

    private void sendAliased(String alias, TouchpointEvent event) {
        event.setCustomerId("");
        event.setAlias(alias);
        fixture.touchpoints.pipeInput(alias, event, event.getOccurredAt());
    }

    private static byte[] bytes(Object value) {
        if (value instanceof byte[] raw) {
            return raw;
        }
        if (value instanceof Bytes raw) {
            return raw.get();
        }
        return String.valueOf(value).getBytes(StandardCharsets.UTF_8);
    }

    private static boolean containsAny(byte[] haystack, List<String> needles) {
        if (haystack == null) {
            return false;
        }
        for (String needle : needles) {
            byte[] n = needle.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int i = 0; i + n.length <= haystack.length; i++) {
                for (int j = 0; j < n.length; j++) {
                    if (haystack[i + j] != n[j]) {
                        continue outer;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
