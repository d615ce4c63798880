package io.careerstream.pipeline;

import static io.careerstream.pipeline.Touchpoints.event;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.lift.LiftArm;
import io.careerstream.domain.lift.LiftCounts;
import io.careerstream.pipeline.config.LiftSettings;
import io.careerstream.pipeline.lift.CampaignLift;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the lift node counts: purchases in the window after a campaign touchpoint or an alert, per arm. */
class CampaignLiftTopologyTest {

    private static final Instant SEND = Instant.parse("2026-03-02T09:00:00Z");
    private static final LiftArm OFFER = LiftArm.campaign("spring", "offer", false);
    private static final LiftArm CONTROL = LiftArm.campaign("spring", "control", true);

    @TempDir
    Path stateDir;

    @Test
    void purchasesInTheWindowAfterTheCampaignTouchpointCountForTheCustomersArm() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            fixture.send(purchase("a", "old", SEND.minus(Duration.ofDays(30)), 9_999)); // before: not counted
            fixture.send(campaign("a", SEND, "offer", false));
            fixture.send(campaign("a", SEND.plus(Duration.ofHours(1)), "offer", false)); // the same send again
            fixture.send(purchase("a", "o1", SEND.plus(Duration.ofDays(2)), 2_000));
            fixture.send(purchase("a", "o1", SEND.plus(Duration.ofDays(2)), 2_000)); // a resent order
            fixture.send(purchase("a", "o2", SEND.plus(Duration.ofDays(13)), 1_000));
            fixture.send(purchase("a", "o3", SEND.plus(Duration.ofDays(14)), 50_000)); // the window is over
            fixture.send(campaign("b", SEND, "offer", false)); // never buys
            fixture.send(event("d", SEND, "esp", new EmailEngagement("", EmailAction.DELIVERED, "offer", false))); // no campaign
            fixture.send(purchase("d", "o9", SEND.plus(Duration.ofDays(1)), 7_000));
            fixture.send(campaign("c", SEND, "control", true));
            fixture.send(purchase("c", "o4", SEND.plus(Duration.ofDays(1)), 3_000));

            Map<LiftArm, LiftCounts> counts = counts(fixture);
            assertThat(counts.get(OFFER)).isEqualTo(new LiftCounts(2, 1, 2, 3_000, 3_000.0 * 3_000));
            assertThat(counts.get(CONTROL)).isEqualTo(new LiftCounts(1, 1, 1, 3_000, 3_000.0 * 3_000));
            assertThat(counts).as("an email without a campaign id is no exposure").containsOnlyKeys(OFFER, CONTROL);
        }
    }

    @Test
    void aPurchaseTheStreamSawBeforeTheCampaignTouchpointIsNotCounted() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            fixture.send(purchase("a", "o1", SEND.plus(Duration.ofDays(1)), 2_000));
            fixture.send(campaign("a", SEND, "offer", false));

            assertThat(counts(fixture).get(OFFER)).isEqualTo(new LiftCounts(1, 0, 0, 0, 0.0));
        }
    }

    @Test
    void theWindowIsASetting() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(LiftSettings.WINDOW_MS,
                Duration.ofDays(3).toMillis()))) {
            fixture.send(campaign("a", SEND, "offer", false));
            fixture.send(purchase("a", "o1", SEND.plus(Duration.ofDays(2)), 2_000));
            fixture.send(purchase("a", "o2", SEND.plus(Duration.ofDays(4)), 2_000));

            assertThat(counts(fixture).get(OFFER).purchases()).isEqualTo(1);
        }
    }

    @Test
    void anExposureLeavesTheStoreOnceItsWindowAndTheLateGraceHavePassedAndTheCountsStay() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            fixture.send(campaign("a", SEND, "offer", false));
            fixture.send(purchase("a", "o1", SEND.plus(Duration.ofDays(1)), 2_000));
            KeyValueStore<String, byte[]> exposures = fixture.driver.getKeyValueStore(CareerTopology.LIFT_EXPOSURES_STORE);
            KeyValueStore<Bytes, byte[]> expiry = fixture.driver.getKeyValueStore(CareerTopology.LIFT_EXPIRY_STORE);
            assertThat(exposures.get("a")).isNotNull();

            fixture.tick(SEND.plus(Duration.ofDays(60)));

            assertThat(exposures.get("a")).isNull();
            assertThat(expiry.approximateNumEntries()).isZero();
            assertThat(counts(fixture).get(OFFER)).isEqualTo(new LiftCounts(1, 1, 1, 2_000, 2_000.0 * 2_000));
        }
    }

    @Test
    void anErasedCustomersExposuresGoAndTheirPurchasesNoLongerCount() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            TestInputTopic<String, String> erasures = fixture.driver.createInputTopic(fixture.topics.erasureRequests(),
                    new StringSerializer(), new StringSerializer());
            fixture.send(campaign("gone", SEND, "offer", false));
            erasures.pipeInput("gone", "request-1");
            fixture.send(purchase("gone", "o1", SEND.plus(Duration.ofDays(1)), 2_000));

            KeyValueStore<String, byte[]> exposures = fixture.driver.getKeyValueStore(CareerTopology.LIFT_EXPOSURES_STORE);
            KeyValueStore<Bytes, byte[]> expiry = fixture.driver.getKeyValueStore(CareerTopology.LIFT_EXPIRY_STORE);
            assertThat(exposures.get("gone")).isNull();
            assertThat(expiry.approximateNumEntries()).isZero();
            assertThat(counts(fixture).get(OFFER)).isEqualTo(new LiftCounts(1, 0, 0, 0, 0.0));
        }
    }

    @Test
    void anOpenedAlertWithAnActionIsAnExposureOfItsLevelAndActionContactedOrHeldOut() {
        // Everyone held out: every alert's customers are the control of its level and action.
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of("careerstream.holdout.share", "1.0"))) {
            Instant first = Instant.parse("2024-01-01T00:00:00Z");
            for (int i = 0; i < 5; i++) {
                fixture.send(purchase("a", "o" + i, first.plus(Duration.ofDays(10L * i)), 1_000));
            }
            // Silence, a day at a time, until the first alert opens.
            var alerts = fixture.output(fixture.topics.alerts(), ChurnAlert.class);
            List<ChurnAlert> opened = List.of();
            for (int day = 41; day < 400 && opened.isEmpty(); day++) {
                fixture.tick(first.plus(Duration.ofDays(day)));
                opened = alerts.readValuesToList().stream()
                        .filter(a -> a.getStatus() == io.careerstream.contracts.AlertStatus.OPENED).toList();
            }
            assertThat(opened).hasSize(1).allSatisfy(a -> assertThat(a.getHeldOut()).isTrue());
            ChurnAlert last = opened.get(0);
            fixture.send(purchase("a", "back", last.getAt().plus(Duration.ofDays(1)), 4_000));

            LiftArm arm = LiftArm.alert(last.getLevel().name(), last.getSuggestedAction(), true);
            assertThat(counts(fixture).get(arm)).isEqualTo(new LiftCounts(1, 1, 1, 4_000, 4_000.0 * 4_000));
        }
    }

    private static Map<LiftArm, LiftCounts> counts(TopologyFixture fixture) {
        return CampaignLift.read(fixture.driver.getKeyValueStore(CareerTopology.LIFT_COUNTS_STORE));
    }

    static TouchpointEvent campaign(String customerId, Instant at, String variant, boolean heldOut) {
        return event(customerId, at, "esp", new EmailEngagement("spring", EmailAction.DELIVERED, variant, heldOut));
    }
}
