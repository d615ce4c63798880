package io.careerstream.examples.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.careerstream.contracts.AlertEndReason;
import io.careerstream.contracts.AlertStatus;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Held-out alerts and alerts older than the maximum age start nothing; old ends still stop what runs. */
class CampaignRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final InMemoryCampaignSystem campaigns =
            new InMemoryCampaignSystem(new PrintStream(printed, true, StandardCharsets.UTF_8));
    private final CampaignRules rules = new CampaignRules(campaigns, Duration.ofDays(1), CLOCK);

    @Test
    void anAlertWithinTheMaximumAgeStartsItsFlow() {
        assertEquals(CampaignRules.Outcome.STARTED, rules.onAlert(opened("ann", NOW.minus(Duration.ofHours(23)))));
        assertEquals(List.of("ann"), campaigns.flows().stream().map(InMemoryCampaignSystem.Flow::customerId).toList());
    }

    @Test
    void anAlertOlderThanTheMaximumAgeStartsNothing() {
        assertEquals(CampaignRules.Outcome.TOO_OLD, rules.onAlert(opened("ann", NOW.minus(Duration.ofHours(25)))));
        assertTrue(campaigns.flows().isEmpty());
        assertEquals("", printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anOldEndStillStopsTheFlowItsAlertStarted() {
        ChurnAlert alert = opened("ann", NOW.minus(Duration.ofHours(1)));
        rules.onAlert(alert);
        ChurnAlert end = ChurnAlert.newBuilder(alert).setAlertId(alert.getAlertId() + "/ended")
                .setStatus(AlertStatus.ENDED).setEndReason(AlertEndReason.PURCHASE)
                .setEndsAlertId(alert.getAlertId()).setSuggestedAction("NONE")
                .setAt(NOW.minus(Duration.ofDays(30))).build();
        assertEquals(CampaignRules.Outcome.STOPPED, rules.onAlert(end));
        assertEquals("PURCHASE", campaigns.flows().get(0).stoppedBecause());
    }

    @Test
    void withoutAMaximumAgeEveryAlertCounts() {
        CampaignRules unlimited = new CampaignRules(campaigns);
        assertEquals(CampaignRules.Outcome.STARTED, unlimited.onAlert(opened("bob", Instant.parse("1997-06-01T00:00:00Z"))));
    }

    @Test
    void aHeldOutAlertIsLeftAloneAndAnotherStartsItsFlow() {
        ChurnAlert heldOut = ChurnAlert.newBuilder(opened("c1", NOW.minus(Duration.ofHours(1)))).setHeldOut(true).build();
        assertEquals(CampaignRules.Outcome.HELD_OUT, rules.onAlert(heldOut));
        assertEquals(CampaignRules.Outcome.STARTED, rules.onAlert(opened("c2", NOW.minus(Duration.ofHours(1)))));
        assertEquals(List.of("c2"), campaigns.flows().stream().map(InMemoryCampaignSystem.Flow::customerId).toList());
    }

    @Test
    void aNegativeMaximumAgeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CampaignRules(campaigns, Duration.ofHours(-1), CLOCK));
    }

    private static ChurnAlert opened(String customerId, Instant at) {
        Instant lastPurchase = at.minus(Duration.ofDays(40));
        return ChurnAlert.newBuilder()
                .setAlertId(customerId + ":" + lastPurchase.toEpochMilli() + ":AT_RISK")
                .setCustomerId(customerId).setLevel(ChurnLevel.AT_RISK).setAt(at).setLastPurchaseAt(lastPurchase)
                .setDaysSinceLastPurchase(40.0).setExpectedIntervalDays(20.0).setPurchaseDays(3)
                .setSuggestedAction("RETENTION_OFFER").build();
    }
}
