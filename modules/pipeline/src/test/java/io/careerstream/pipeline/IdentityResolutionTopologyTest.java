package io.careerstream.pipeline;

import io.careerstream.pipeline.config.PipelineSettings;
import static io.careerstream.pipeline.Touchpoints.mention;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerState;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.topics.RejectionReason;
import io.careerstream.pipeline.metrics.CareerMetrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Touchpoints keyed by an alias, resolved through the identity links: at once when the link is
 * known, on the link's arrival when it is not, to the dead-letter topic as UNRESOLVED_IDENTITY
 * when the wait expires or the pending store is full.
 */
class IdentityResolutionTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T00:00:00Z");
    private static final long PENDING_MS = Duration.ofDays(1).toMillis();

    @TempDir
    Path stateDir;

    private TopologyFixture fixture;
    private TestInputTopic<String, IdentityLink> links;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(int maxEntries) {
        fixture = new TopologyFixture(stateDir, Map.of(PipelineSettings.IDENTITY_PENDING_MS, PENDING_MS,
                PipelineSettings.IDENTITY_PENDING_MAX_ENTRIES, maxEntries));
        links = fixture.input(fixture.topics.identityLinks(), IdentityLink.class);
        deadLetters = fixture.driver.createOutputTopic(fixture.topics.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aTouchpointWithAKnownAliasIsAppliedToItsCustomer() {
        start(100);
        fixture.send(purchase("c1", "o1", T0, 1000));
        link("@ann", "c1");

        sendAliased("@ann", mention("", T0.plus(Duration.ofDays(2)), Sentiment.POSITIVE));
        assertThat(state("c1").positiveMentions()).as("held until every path into the task has moved past it").isZero();
        fixture.tick(T0.plus(Duration.ofDays(2)).plusSeconds(1));

        CustomerState state = state("c1");
        assertThat(state.positiveMentions()).isEqualTo(1);
        assertThat(state.lastTouchpointAt()).isEqualTo(T0.plus(Duration.ofDays(2)).toEpochMilli());
        assertThat(state("@ann")).as("no customer is made of an alias").isNull();
        TestRecord<String, TouchpointEvent> resolved = resolvedTopic().readRecordsToList().stream()
                .filter(r -> r.value() != null).findFirst().orElseThrow();
        assertThat(resolved.key()).isEqualTo("c1");
        assertThat(resolved.value().getCustomerId()).isEqualTo("c1");
        assertThat(resolved.value().getAlias()).isEqualTo("@ann");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void touchpointsWaitingForTheirLinkAreAppliedInArrivalOrderWhenItArrives() {
        start(100);
        TouchpointEvent first = mention("", T0, Sentiment.NEGATIVE);
        TouchpointEvent second = purchase("", "o1", T0.plus(Duration.ofHours(1)), 500);
        sendAliased("@bob", first);
        sendAliased("@bob", second);
        assertThat(state("c2")).isNull();

        link("@bob", "c2");
        fixture.tick(T0.plus(Duration.ofHours(2)));

        assertThat(resolvedTopic().readValuesToList()).filteredOn(java.util.Objects::nonNull)
                .extracting(TouchpointEvent::getEventId).containsExactly(first.getEventId(), second.getEventId());
        CustomerState state = state("c2");
        assertThat(state.negativeMentions()).isEqualTo(1);
        assertThat(state.purchases()).isEqualTo(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aTouchpointWhoseLinkDoesNotArriveInTimeIsDeadLetteredWithItsReasonAndNotAppliedLater() {
        start(100);
        TouchpointEvent lost = mention("", T0, Sentiment.POSITIVE);
        sendAliased("@nobody", lost);
        fixture.send(purchase("c3", "o1", T0.plusMillis(PENDING_MS - 1), 100));
        assertThat(deadLetters.isEmpty()).as("still within its wait").isTrue();

        fixture.send(purchase("c3", "o2", T0.plusMillis(PENDING_MS), 100));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo(RejectionReason.UNRESOLVED_IDENTITY.name());
        assertThat(header(dead, DeadLetters.MESSAGE_HEADER)).contains("@nobody", PipelineSettings.IDENTITY_PENDING_MS);
        assertThat(header(dead, DeadLetters.TOPIC_HEADER)).isEqualTo(fixture.topics.touchpoints());
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("@nobody");
        assertThat(fixture.decode(fixture.topics.touchpoints(), TouchpointEvent.class, dead.value())).isEqualTo(lost);
        assertThat(fixture.metrics.registry().get(CareerMetrics.DEAD_LETTERS)
                .tag("reason", RejectionReason.UNRESOLVED_IDENTITY.name()).counter().count()).isEqualTo(1.0);

        link("@nobody", "c4");
        assertThat(state("c4")).as("an expired touchpoint is not applied when the link comes later").isNull();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aTickSettlesExpiryAndStillSettlesTheCareersDueChecks() {
        start(100);
        link("@ann", "c1");
        sendAliased("@ann", purchase("", "o1", T0, 1000));
        sendAliased("@ann", purchase("", "o2", T0.plus(Duration.ofDays(10)), 1000));
        sendAliased("@stranger", mention("", T0.plus(Duration.ofDays(10)), Sentiment.NEUTRAL));

        fixture.tick(T0.plus(Duration.ofDays(400)));

        assertThat(deadLetters.readValuesToList()).hasSize(1);
        ChurnAlerts alerts = new ChurnAlerts(fixture.output(fixture.topics.alerts(), ChurnAlert.class));
        assertThat(alerts.readValuesToList()).as("the resolved customer's silence was checked at the tick")
                .isNotEmpty().allSatisfy(alert -> assertThat(alert.getCustomerId()).isEqualTo("c1"));
    }

    @Test
    void whenThePendingStoreIsFullTheOldestWaitingTouchpointIsDeadLettered() {
        start(2);
        TouchpointEvent oldest = mention("", T0, Sentiment.POSITIVE);
        sendAliased("@a", oldest);
        sendAliased("@b", mention("", T0.plusSeconds(1), Sentiment.POSITIVE));
        assertThat(deadLetters.isEmpty()).isTrue();

        sendAliased("@c", mention("", T0.plusSeconds(2), Sentiment.POSITIVE));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo(RejectionReason.UNRESOLVED_IDENTITY.name());
        assertThat(header(dead, DeadLetters.MESSAGE_HEADER)).contains("full", PipelineSettings.IDENTITY_PENDING_MAX_ENTRIES);
        assertThat(fixture.decode(fixture.topics.touchpoints(), TouchpointEvent.class, dead.value())).isEqualTo(oldest);
        link("@b", "cb");
        link("@c", "cc");
        fixture.tick(T0.plusSeconds(3));
        assertThat(state("cb").positiveMentions()).isEqualTo(1);
        assertThat(state("cc").positiveMentions()).isEqualTo(1);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneUnlinksTheAlias() {
        start(100);
        link("@ann", "c1");
        sendAliased("@ann", mention("", T0, Sentiment.POSITIVE));
        links.pipeInput("@ann", null, T0);

        sendAliased("@ann", mention("", T0.plusSeconds(1), Sentiment.POSITIVE));
        fixture.tick(T0.plus(Duration.ofDays(2)));

        assertThat(state("c1").positiveMentions()).as("only the touchpoint before the unlink").isEqualTo(1);
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo(RejectionReason.UNRESOLVED_IDENTITY.name());
    }

    @Test
    void aLinkNotKeyedByItsAliasIsDeadLetteredAndLinksNothing() {
        start(100);
        links.pipeInput("@ann", new IdentityLink("@someone-else", "c1", T0), T0);
        links.pipeInput("@bob", new IdentityLink("@bob", "", T0), T0);

        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> header(r, DeadLetters.REASON_HEADER))
                .containsExactly("INVALID_IDENTITY_LINK", "INVALID_IDENTITY_LINK");
        assertThat(dead).extracting(r -> header(r, "__streams.errors.topic")).containsOnly(fixture.topics.identityLinks());
        KeyValueStore<String, String> store = fixture.driver.getKeyValueStore(CareerTopology.IDENTITY_LINKS_STORE);
        assertThat(store.get("@ann")).isNull();
        assertThat(store.get("@bob")).isNull();
    }

    private void link(String alias, String customerId) {
        links.pipeInput(alias, new IdentityLink(alias, customerId, T0), T0);
    }

    private void sendAliased(String alias, TouchpointEvent event) {
        event.setCustomerId("");
        event.setAlias(alias);
        fixture.touchpoints.pipeInput(alias, event, event.getOccurredAt());
    }

    private CustomerState state(String customerId) {
        KeyValueStore<String, CustomerState> store = fixture.driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
        return store.get(customerId);
    }

    private TestOutputTopic<String, TouchpointEvent> resolvedTopic() {
        return fixture.output(fixture.topics.resolvedTouchpoints(), TouchpointEvent.class);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
