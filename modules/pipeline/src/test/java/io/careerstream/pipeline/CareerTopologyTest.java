package io.careerstream.pipeline;

import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.topics.Topics;
import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.inquiry;
import static io.careerstream.pipeline.Touchpoints.mention;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerState;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.topics.TickProtocol;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CareerTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path stateDir;
    private TopologyFixture fixture;
    private TopologyTestDriver driver;
    private TestInputTopic<String, TouchpointEvent> touchpoints;
    private TestInputTopic<byte[], byte[]> rawTouchpoints;
    private StageTransitions transitions;
    private ChurnAlerts alerts;
    private TestOutputTopic<String, CustomerProfile> profiles;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    @BeforeEach
    void startDriver() {
        startDriver(DAY);
    }

    private void startDriver(Duration punctuationInterval) {
        fixture = new TopologyFixture(stateDir, Map.of(
                PipelineSettings.PUNCTUATION_INTERVAL_MS, punctuationInterval.toMillis(),
                ChurnSettings.CHURN_RULE, "CADENCE")); // the rules these expectations are written for
        driver = fixture.driver;
        Topics topics = fixture.topics;
        touchpoints = fixture.touchpoints;
        rawTouchpoints = fixture.rawTouchpoints;
        transitions = new StageTransitions(fixture.output(topics.transitions(), StageTransition.class));
        alerts = new ChurnAlerts(fixture.output(topics.alerts(), ChurnAlert.class));
        profiles = fixture.output(topics.profiles(), CustomerProfile.class);
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void closeDriver() {
        fixture.close();
    }

    private void send(TouchpointEvent event) {
        fixture.send(event);
    }

    private void tick(Instant at) {
        fixture.tick(at);
    }

    private List<String> stagePath() {
        return transitions.readValuesToList().stream().map(t -> t.getFrom() + "->" + t.getTo()).toList();
    }

    @Test
    void touchpointWithoutPurchaseMakesAProspect() {
        send(email("c1", T0, EmailAction.OPEN));

        StageTransition t = transitions.readValue();
        assertThat(t.getFrom()).isNull();
        assertThat(t.getTo()).isEqualTo("PROSPECT");
        assertThat(t.getSuggestedAction()).isEqualTo("NURTURE");
        assertThat(t.getTriggeringEventId()).startsWith("e-");
        assertThat(transitions.isEmpty()).isTrue();
    }

    @Test
    void buyersMoveFromNewToActiveToLoyalOnlyOnRealChange() {
        send(email("c1", T0, EmailAction.OPEN));
        send(purchase("c1", "o1", T0.plus(DAY), 1000));
        send(email("c1", T0.plus(DAY.multipliedBy(2)), EmailAction.CLICK)); // no stage change
        send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(20)), 1000));
        send(purchase("c1", "o3", T0.plus(DAY.multipliedBy(40)), 1000));
        send(purchase("c1", "o4", T0.plus(DAY.multipliedBy(60)), 1000));

        List<StageTransition> all = transitions.readValuesToList();
        assertThat(all).extracting(StageTransition::getTo).containsExactly("PROSPECT", "NEW", "ACTIVE", "LOYAL");
        StageTransition loyal = all.get(3);
        assertThat(loyal.getRule()).isEqualTo("LOYAL");
        assertThat(loyal.getEvidence()).contains(entry("purchaseDays", "4"), entry("meanIntervalDays", "19.667"),
                entry("mainCategory", "music"), entry("categories", "{music={daysSinceLastPurchase=0.500, intervalCv=0.024, "
                        + "meanIntervalDays=19.667, purchaseDays=4.000, spend=40.000}}"));
        assertThat(loyal.getMapVersion()).isNotBlank();
        assertThat(loyal.getSuggestedAction()).isEqualTo("LOYALTY_REWARD");
    }

    @Test
    void silenceDrivenByStreamTimeRaisesAtRiskThenLapsedOnceEach() {
        send(purchase("c1", "o1", T0, 1000));
        send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(10)), 1000));
        transitions.readValuesToList();
        // Own interval 10 days: at risk after 20 silent days, lapsed after 40.
        tick(T0.plus(DAY.multipliedBy(35)));
        assertThat(stagePath()).containsExactly("ACTIVE->AT_RISK");
        ChurnAlert atRisk = alerts.readValue();
        assertThat(atRisk.getLevel()).isEqualTo(ChurnLevel.AT_RISK);
        assertThat(atRisk.getAt()).isEqualTo(T0.plus(DAY.multipliedBy(30)));
        assertThat(atRisk.getExpectedIntervalDays()).isEqualTo(10.0);
        assertThat(atRisk.getSuggestedAction()).isEqualTo("RETENTION_OFFER");

        tick(T0.plus(DAY.multipliedBy(45)));
        tick(T0.plus(DAY.multipliedBy(80)));
        tick(T0.plus(DAY.multipliedBy(200)));
        assertThat(stagePath()).containsExactly("AT_RISK->LAPSED");
        List<ChurnAlert> later = alerts.readValuesToList();
        assertThat(later).extracting(ChurnAlert::getLevel).containsExactly(ChurnLevel.LAPSED);
        assertThat(later.get(0).getAt()).isEqualTo(T0.plus(DAY.multipliedBy(50)));
        assertThat(later.get(0).getDaysSinceLastPurchase()).isEqualTo(40.0);
    }

    @Test
    void aTickSettlesExactlyWhatIsDueUpToItsTimeWhateverThePunctuationSchedule() {
        closeDriver();
        startDriver(Duration.ofDays(3650)); // the scheduled punctuation will not run in this test
        send(purchase("c1", "o1", T0, 1000));
        send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(10)), 1000));
        transitions.readValuesToList();
        tick(T0.plus(DAY.multipliedBy(30)).minusMillis(1));
        assertThat(alerts.isEmpty()).isTrue();
        tick(T0.plus(DAY.multipliedBy(30)));
        assertThat(alerts.readValue().getLevel()).isEqualTo(ChurnLevel.AT_RISK);
        assertThat(stagePath()).containsExactly("ACTIVE->AT_RISK");
    }

    @Test
    void purchaseAfterLapseIsAReactivationAndReArmsTheAlerts() {
        send(purchase("c1", "o1", T0, 1000));
        tick(T0.plus(DAY.multipliedBy(400))); // default interval 90 days: lapsed after 360
        assertThat(stagePath()).containsExactly("null->NEW", "NEW->AT_RISK", "AT_RISK->LAPSED");
        assertThat(alerts.readValuesToList()).hasSize(2);

        send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(401)), 1000));
        StageTransition back = transitions.readValue();
        assertThat(back.getTo()).isEqualTo("REACTIVATED");
        assertThat(back.getSuggestedAction()).isEqualTo("WELCOME_BACK");

        tick(T0.plus(DAY.multipliedBy(2100))); // own interval now 401 days: lapsed after 1604 more
        assertThat(alerts.readValuesToList()).extracting(ChurnAlert::getLevel)
                .containsExactly(ChurnLevel.AT_RISK, ChurnLevel.LAPSED);
    }

    @Test
    void aSilenceThatEndsInAPurchaseIsSettledBeforeThePurchaseEvenWithoutATimer() {
        send(purchase("c1", "o1", T0, 1000));
        send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(400)), 1000));
        assertThat(stagePath()).containsExactly("null->NEW", "NEW->AT_RISK", "AT_RISK->LAPSED", "LAPSED->REACTIVATED");
    }

    @Test
    void careerTracksAreTheirOwnDimension() {
        send(purchase("c1", "o1", T0, 1000));
        send(mention("c1", T0.plus(DAY), Sentiment.POSITIVE));
        send(mention("c1", T0.plus(DAY.multipliedBy(2)), Sentiment.POSITIVE));
        List<StageTransition> tracks = transitions.tracks();
        assertThat(tracks).singleElement().satisfies(t -> {
            assertThat(t.getFrom()).isEqualTo("NONE");
            assertThat(t.getTo()).isEqualTo("AMBASSADOR");
            assertThat(t.getSuggestedAction()).isEqualTo("AMBASSADOR_PROGRAMME");
            assertThat(t.getEvidence()).containsEntry("positiveMentions", "2");
        });
        assertThat(profiles.readKeyValuesToMap().get("c1").getTrack()).isEqualTo("AMBASSADOR");
        assertThat(stagePath()).containsExactly("null->NEW");
    }

    @Test
    void aResentPurchaseCountsOnce() {
        TouchpointEvent first = purchase("c1", "o1", T0, 1000);
        send(first);
        send(first); // same event resent
        send(purchase("c1", "o1", T0.plusSeconds(5), 1000)); // same order, new event id
        KeyValueStore<String, CustomerState> store = driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
        assertThat(store.get("c1").purchases()).isEqualTo(1);
        assertThat(store.get("c1").totalSpendMinor()).isEqualTo(1000);
        assertThat(profiles.readValuesToList()).hasSize(1);
        assertThat(stagePath()).containsExactly("null->NEW");
    }

    @Test
    void anOpenComplaintPutsABuyerAtRiskWithServiceRecoveryAndDoNotContact() {
        send(purchase("c1", "o1", T0, 1000));
        send(inquiry("c1", T0.plus(DAY), InquiryKind.COMPLAINT, false));
        transitions.readValue();
        StageTransition souring = transitions.readValue();
        assertThat(souring.getTo()).isEqualTo("AT_RISK");
        assertThat(souring.getRule()).isEqualTo("AT_RISK");
        assertThat(souring.getEvidence()).containsEntry("openComplaints", "1");
        assertThat(souring.getSuggestedAction()).isEqualTo("SERVICE_RECOVERY");
        assertThat(souring.getDoNotContact()).isTrue();
        assertThat(souring.getDoNotContactReasons()).containsExactly("OPEN_COMPLAINT");

        send(inquiry("c1", T0.plus(DAY.multipliedBy(2)), InquiryKind.COMPLAINT, true));
        assertThat(transitions.readValue().getTo()).isEqualTo("NEW");
    }

    @Test
    void negativeVoiceAndOptOutsSuppressMarketing() {
        send(purchase("c1", "o1", T0, 1000));
        send(email("c1", T0.plus(DAY), EmailAction.UNSUBSCRIBE));
        tick(T0.plus(DAY.multipliedBy(200)));
        ChurnAlert alert = alerts.readValue();
        assertThat(alert.getDoNotContact()).isTrue();
        assertThat(alert.getDoNotContactReasons()).containsExactly("UNSUBSCRIBED");
        assertThat(alert.getSuggestedAction()).isEqualTo("NO_CONTACT");

        send(purchase("c2", "o9", T0, 1000));
        send(mention("c2", T0.plus(DAY), Sentiment.NEGATIVE));
        List<StageTransition> c2 = transitions.readValuesToList().stream()
                .filter(t -> t.getCustomerId().equals("c2")).toList();
        assertThat(c2.get(c2.size() - 1).getDoNotContactReasons()).containsExactly("NEGATIVE_SENTIMENT");
    }

    @Test
    void profileSnapshotCarriesTheState() {
        send(purchase("c1", "o1", T0, 1500));
        send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(30)), 500));
        CustomerProfile profile = profiles.readKeyValuesToMap().get("c1");
        assertThat(profile.getStage()).isEqualTo("ACTIVE");
        assertThat(profile.getPurchaseDays()).isEqualTo(2);
        assertThat(profile.getTotalSpendMinor()).isEqualTo(2000);
        assertThat(profile.getMeanIntervalDays()).isEqualTo(30.0);
        assertThat(profile.getNextCheckAt()).isEqualTo(T0.plus(DAY.multipliedBy(90)));
    }

    enum BadInput {
        MISSING_CUSTOMER_ID("MISSING_CUSTOMER_ID"),
        KEY_MISMATCH("KEY_MISMATCH"),
        NEGATIVE_AMOUNT("NEGATIVE_AMOUNT"),
        INVALID_CURRENCY("INVALID_CURRENCY"),
        FUTURE_TIMESTAMP("FUTURE_TIMESTAMP"),
        FUTURE_TICK("FUTURE_TIMESTAMP"),
        TICK_WITH_VALUE("TICK_WITH_VALUE"),
        EMPTY_VALUE("EMPTY_VALUE");

        final String reason;

        BadInput(String reason) {
            this.reason = reason;
        }
    }

    @ParameterizedTest
    @EnumSource(BadInput.class)
    void badInputGoesToTheDeadLetterTopicAndTheNextGoodRecordIsStillProcessed(BadInput bad) {
        switch (bad) {
            case MISSING_CUSTOMER_ID -> touchpoints.pipeInput("", purchase("", "o1", T0, 100), T0);
            case KEY_MISMATCH -> touchpoints.pipeInput("someone-else", purchase("c1", "o1", T0, 100), T0);
            case NEGATIVE_AMOUNT -> send(purchase("c1", "o1", T0, -5));
            case INVALID_CURRENCY -> {
                TouchpointEvent e = purchase("c1", "o1", T0, 100);
                ((Purchase) e.getPayload()).setCurrency("DOLLARS");
                send(e);
            }
            case FUTURE_TIMESTAMP -> send(purchase("c1", "o1", Instant.now().plus(Duration.ofDays(30)), 100));
            case FUTURE_TICK -> tick(Instant.now().plus(Duration.ofDays(30)));
            case TICK_WITH_VALUE -> touchpoints.pipeInput(new TestRecord<>("c1", purchase("c1", "o1", T0, 100), tickHeaders(), T0));
            case EMPTY_VALUE -> rawTouchpoints.pipeInput("c1".getBytes(StandardCharsets.UTF_8), null, T0);
        }
        send(purchase("c1", "o-good", T0.plusSeconds(60), 100));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo(bad.reason);
        assertThat(header(dead, "__streams.errors.topic")).isEqualTo("touchpoints");
        assertThat(header(dead, "__streams.errors.offset")).isEqualTo("0");
        assertThat(header(dead, "__streams.errors.message")).isNotBlank();
        assertThat(deadLetters.isEmpty()).isTrue();
        KeyValueStore<String, CustomerState> store = driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
        assertThat(store.get("c1").purchases()).isEqualTo(1);
        assertThat(stagePath()).containsExactly("null->NEW");
    }

    /**
     * TopologyTestDriver does not capture the dead-letter records of the deserialization handler
     * (it sends them outside the processing it observes); the handler's records are asserted in
     * DeadLetterHandlersTest and on the real broker in CareerPipelineIT.
     */
    @Test
    void undeserializableInputIsSkippedAndTheNextGoodRecordIsStillProcessed() {
        rawTouchpoints.pipeInput("c1".getBytes(StandardCharsets.UTF_8), "not avro".getBytes(StandardCharsets.UTF_8), T0);
        rawTouchpoints.pipeInput("c1".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0x7f, 0x7f, 2, 4}, T0);
        send(purchase("c1", "o-good", T0.plusSeconds(60), 100));
        KeyValueStore<String, CustomerState> store = driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
        assertThat(store.get("c1").purchases()).isEqualTo(1);
        assertThat(stagePath()).containsExactly("null->NEW");
    }

    @Test
    void aRecordFarInTheFutureDoesNotDragStreamTimeAndFireTimers() {
        send(purchase("c1", "o1", T0, 1000));
        send(purchase("c2", "o2", Instant.now().plus(Duration.ofDays(3650)), 1000));
        send(email("c3", T0.plus(DAY), EmailAction.OPEN));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(deadLetters.readValuesToList()).hasSize(1);
    }

    @Test
    void aTickFurtherAheadOfTheClockThanTheSkewIsDeadLetteredAndMovesNothing() {
        send(purchase("c1", "o1", T0, 1000));
        send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(10)), 1000));
        transitions.readValuesToList();
        // Beyond the default skew (15 minutes); a broker with the default limit would refuse what it triggered.
        Instant future = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        tick(future);

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("FUTURE_TIMESTAMP");
        assertThat(header(dead, "__streams.errors.message")).contains("tick at " + future,
                PipelineSettings.MAX_FUTURE_SKEW_MS, "stream time was not moved");
        assertThat(header(dead, TouchpointTimestampExtractor.FUTURE_TICK_HEADER)).isEqualTo(future.toString());
        // Stream time stayed at the last purchase: the dead letter is stamped with it, and nothing was settled
        // (a tick an hour from now would otherwise have made c1 at risk and lapsed, stamped in the future).
        assertThat(dead.getRecordTime()).isEqualTo(T0.plus(DAY.multipliedBy(10)));
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(stagePath()).isEmpty();

        tick(T0.plus(DAY.multipliedBy(35)));
        assertThat(stagePath()).containsExactly("ACTIVE->AT_RISK");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aTickAheadOfTheClockButWithinTheSkewSettlesAsUsual() {
        send(purchase("c1", "o1", T0, 1000));
        transitions.readValuesToList();
        tick(Instant.now().plus(Duration.ofMinutes(5)));

        assertThat(alerts.readValuesToList()).extracting(ChurnAlert::getLevel).containsExactly(ChurnLevel.AT_RISK, ChurnLevel.LAPSED);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aTickWithAKeyIsATickForTheWholePartitionItsKeyIgnored() {
        send(purchase("c1", "o1", T0, 1000));
        send(purchase("c2", "o2", T0, 1000));
        transitions.readValuesToList();
        rawTouchpoints.pipeInput(new TestRecord<>("c1".getBytes(StandardCharsets.UTF_8), null, tickHeaders(),
                T0.plus(DAY.multipliedBy(200))));

        assertThat(alerts.readValuesToList()).extracting(ChurnAlert::getCustomerId).containsExactlyInAnyOrder("c1", "c2");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aPurchaseCarryingTheTickHeaderIsDeadLetteredNotDropped() {
        send(purchase("c1", "o1", T0, 1000));
        transitions.readValuesToList();
        TouchpointEvent mislabelled = purchase("c1", "o2", T0.plus(DAY.multipliedBy(400)), 2500);
        touchpoints.pipeInput(new TestRecord<>("c1", mislabelled, tickHeaders(), mislabelled.getOccurredAt()));

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.REASON_HEADER)).isEqualTo("TICK_WITH_VALUE");
        assertThat(header(dead, "__streams.errors.message")).contains("a tick must have no value",
                "eventId=" + mislabelled.getEventId());
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("c1");
        // The purchase's original bytes, to fix and resend.
        assertThat(fixture.decode(fixture.topics.touchpoints(), TouchpointEvent.class, dead.value())).isEqualTo(mislabelled);
        // Neither counted as a purchase nor taken as a tick: stream time did not move to its occurredAt.
        KeyValueStore<String, CustomerState> store = driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
        assertThat(store.get("c1").purchases()).isEqualTo(1);
        assertThat(dead.getRecordTime()).isEqualTo(T0);
        assertThat(alerts.isEmpty()).isTrue();
        assertThat(stagePath()).isEmpty();
    }

    private static Headers tickHeaders() {
        return new RecordHeaders().add(TickProtocol.TICK_HEADER, "1".getBytes(StandardCharsets.UTF_8));
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
