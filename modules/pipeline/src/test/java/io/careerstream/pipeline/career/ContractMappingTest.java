package io.careerstream.pipeline.career;

import io.careerstream.domain.LookAhead;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.CustomerProfile;
import io.careerstream.domain.CareerFigures;
import io.careerstream.domain.CareerOutcome;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMapLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The profile is a copy of the domain's outcome: its state and the figures the domain computed. */
class ContractMappingTest {

    private static final long T0 = Instant.parse("1997-01-01T12:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final CustomerCareer CAREER = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
            CareerMapLoader.loadDefault(), LookAhead.DEFAULT);

    private static CustomerState twoPurchases() {
        CustomerState s = CAREER.onTouchpoint(null, new Touchpoint.Purchase("e1", "c1", T0, "o1", 1250, "USD", 1, List.of()))
                .state();
        return CAREER.onTouchpoint(s, new Touchpoint.Purchase("e2", "c1", T0 + 20 * DAY, "o2", 750, "USD", 1, List.of()))
                .state();
    }

    @Test
    void theProfileCopiesTheOutcomesFiguresAndComputesNone() {
        CustomerState state = twoPurchases();
        // Figures no churn maths would give for this state: only a copy can publish them.
        CareerFigures figures = new CareerFigures(11.5, 33.25, 0.4242, 0.125, 0.375, 17.5,
                Set.of("UNSUBSCRIBED", "OPEN_COMPLAINT"));

        CustomerProfile profile = ContractMapping.profile("c1", new CareerOutcome(state, List.of(), List.of(), 0, false, figures), "USD", "test-map");

        assertThat(profile.getMeanIntervalDays()).isEqualTo(11.5);
        assertThat(profile.getExpectedIntervalDays()).isEqualTo(33.25);
        assertThat(profile.getProbabilityAlive()).isEqualTo(0.4242);
        assertThat(profile.getExpectedPurchases30d()).isEqualTo(0.125);
        assertThat(profile.getExpectedPurchases90d()).isEqualTo(0.375);
        assertThat(profile.getExpectedValue90d()).isEqualTo(17.5);
        assertThat(profile.getDoNotContactReasons()).containsExactly("OPEN_COMPLAINT", "UNSUBSCRIBED");
        // ... and the state as it is.
        assertThat(profile.getCustomerId()).isEqualTo("c1");
        assertThat(profile.getStage()).isEqualTo(state.stage()).isEqualTo("ACTIVE");
        assertThat(profile.getPurchaseDays()).isEqualTo(2);
        assertThat(profile.getPurchases()).isEqualTo(2);
        assertThat(profile.getTotalSpendMinor()).isEqualTo(2000);
        assertThat(profile.getFirstPurchaseAt()).isEqualTo(Instant.ofEpochMilli(T0));
        assertThat(profile.getLastPurchaseAt()).isEqualTo(Instant.ofEpochMilli(T0 + 20 * DAY));
        assertThat(profile.getNextCheckAt()).isEqualTo(Instant.ofEpochMilli(state.nextCheckAt()));
    }

    @Test
    void theDomainsOwnFiguresArePublishedAsTheyAre() {
        CareerOutcome outcome = CAREER.onTouchpoint(twoPurchases(),
                new Touchpoint.EmailEngagement("e3", "c1", T0 + 25 * DAY, Touchpoint.EmailAction.UNSUBSCRIBE));
        CareerFigures figures = outcome.figures();

        CustomerProfile profile = ContractMapping.profile("c1", outcome, "USD", "test-map");

        assertThat(profile.getMeanIntervalDays()).isEqualTo(figures.meanIntervalDays()).isEqualTo(20.0);
        assertThat(profile.getExpectedIntervalDays()).isEqualTo(figures.expectedIntervalDays()).isEqualTo(20.0);
        assertThat(profile.getProbabilityAlive()).isEqualTo(figures.probabilityAlive());
        assertThat(profile.getExpectedPurchases30d()).isEqualTo(figures.expectedPurchases30d());
        assertThat(profile.getExpectedPurchases90d()).isEqualTo(figures.expectedPurchases90d());
        assertThat(profile.getExpectedValue90d()).isEqualTo(figures.expectedValue90d());
        assertThat(profile.getDoNotContactReasons()).containsExactly("UNSUBSCRIBED");
    }

    @Test
    void figuresThatDoNotExistForTheCustomerArePublishedAsNull() {
        CareerOutcome prospect = CAREER.onTouchpoint(null,
                new Touchpoint.EmailEngagement("e1", "p1", T0, Touchpoint.EmailAction.OPEN));

        CustomerProfile profile = ContractMapping.profile("p1", prospect, "USD", "test-map");

        assertThat(profile.getStage()).isEqualTo("PROSPECT");
        assertThat(profile.getMeanIntervalDays()).isNull();
        assertThat(profile.getProbabilityAlive()).isNull();
        assertThat(profile.getExpectedPurchases30d()).isNull();
        assertThat(profile.getExpectedPurchases90d()).isNull();
        assertThat(profile.getExpectedValue90d()).isNull();
        assertThat(profile.getExpectedIntervalDays()).isEqualTo(prospect.figures().expectedIntervalDays()).isEqualTo(90.0);
        assertThat(profile.getFirstPurchaseAt()).isNull();
        assertThat(profile.getDoNotContactReasons()).isEmpty();
    }

    @Test
    void anAlertSaysWhichModelJudgedHowSureItWasAndHowLateTheCustomerIs() {
        io.careerstream.domain.ChurnSignal signal = new io.careerstream.domain.ChurnSignal("c1",
                io.careerstream.domain.AlertLevel.AT_RISK, io.careerstream.domain.ChurnSignal.Status.OPENED, null,
                T0 + 60 * DAY, T0 + 20 * DAY, 40.0, 14.0, 5, 0.18, 0.9, 45.0, "RETENTION_OFFER", java.util.Set.of(),
                "MBG/CNBD-3", 3, 26.0, "alerts.AT_RISK: P(alive) below 0.2 under MBG/CNBD-3",
                java.util.Map.of("probabilityAlive", "0.180"), "2026-11-28.1", "c1:STAGE:" + (T0 + 60 * DAY) + ":AT_RISK");

        io.careerstream.contracts.ChurnAlert alert = ContractMapping.alert(signal, "EUR");

        assertThat(alert.getModel()).isEqualTo("MBG/CNBD-3");
        assertThat(alert.getRegularity()).isEqualTo(3);
        assertThat(alert.getProbabilityAlive()).isEqualTo(0.18);
        assertThat(alert.getDaysOverdue()).isEqualTo(26.0);
        assertThat(alert.getDaysSinceLastPurchase()).isEqualTo(40.0);
        assertThat(alert.getExpectedIntervalDays()).isEqualTo(14.0);
        assertThat(alert.getStatus()).isEqualTo(io.careerstream.contracts.AlertStatus.OPENED);
        assertThat(alert.getEndReason()).isNull();
        assertThat(alert.getEndsAlertId()).isNull();
        assertThat(alert.getRule()).startsWith("alerts.AT_RISK");
        assertThat(alert.getEvidence()).containsEntry("probabilityAlive", "0.180");
        assertThat(alert.getMapVersion()).isEqualTo("2026-11-28.1");
        assertThat(alert.getTransitionId()).isEqualTo("c1:STAGE:" + (T0 + 60 * DAY) + ":AT_RISK");
        assertThat(alert.getReportingCurrency()).isEqualTo("EUR");

        io.careerstream.contracts.ChurnAlert end = ContractMapping.alert(io.careerstream.domain.ChurnSignal.ended("c1",
                io.careerstream.domain.AlertLevel.AT_RISK, T0 + 20 * DAY, T0 + 70 * DAY,
                io.careerstream.domain.ChurnSignal.EndReason.PURCHASE, 50.0, 14.0, 5, 0.1, "alerts.AT_RISK", "v"), "EUR");
        assertThat(end.getStatus()).isEqualTo(io.careerstream.contracts.AlertStatus.ENDED);
        assertThat(end.getEndReason()).isEqualTo(io.careerstream.contracts.AlertEndReason.PURCHASE);
        assertThat(end.getEndsAlertId()).isEqualTo(alert.getAlertId());
        assertThat(end.getAlertId()).isEqualTo(alert.getAlertId() + "/ended");
    }

    @Test
    void alertsAndTransitionsCarryTheirCustomersHoldOutFlagOfTheirAction() {
        io.careerstream.domain.lift.HoldOutGroups everyone = new io.careerstream.domain.lift.HoldOutGroups("s", 1.0,
                java.util.Map.of());
        io.careerstream.domain.ChurnSignal opened = new io.careerstream.domain.ChurnSignal("c1",
                io.careerstream.domain.AlertLevel.AT_RISK, io.careerstream.domain.ChurnSignal.Status.OPENED, null,
                T0 + 60 * DAY, T0 + 20 * DAY, 40.0, 14.0, 5, 0.18, 0.9, 45.0, "RETENTION_OFFER", java.util.Set.of(),
                "MBG/NBD", 1, 26.0, "alerts.AT_RISK", java.util.Map.of(), "v", null);
        io.careerstream.domain.ChurnSignal ended = io.careerstream.domain.ChurnSignal.ended("c1",
                io.careerstream.domain.AlertLevel.AT_RISK, T0 + 20 * DAY, T0 + 70 * DAY,
                io.careerstream.domain.ChurnSignal.EndReason.PURCHASE, 50.0, 14.0, 5, 0.1, "alerts.AT_RISK", "v");
        io.careerstream.domain.StageChange winBack = new io.careerstream.domain.StageChange("c1",
                io.careerstream.domain.StageChange.Dimension.STAGE, "ACTIVE", "LAPSED", T0, "r", java.util.Map.of(), "timer",
                "WIN_BACK", Set.of(), "v");
        io.careerstream.domain.StageChange none = new io.careerstream.domain.StageChange("c1",
                io.careerstream.domain.StageChange.Dimension.TRACK, null, "NONE", T0, "r", java.util.Map.of(), "e1",
                "NONE", Set.of(), "v");

        assertThat(ContractMapping.alert(opened, "USD", everyone).getHeldOut()).isTrue();
        assertThat(ContractMapping.alert(opened, "USD").getHeldOut()).as("without hold-out groups").isFalse();
        assertThat(ContractMapping.alert(ended, "USD", everyone).getHeldOut()).as("an end").isFalse();
        assertThat(ContractMapping.transition(winBack, everyone).getHeldOut()).isTrue();
        assertThat(ContractMapping.transition(none, everyone).getHeldOut()).as("no action, nobody held out").isFalse();
        // The flag is the groups' answer for this customer and action, nothing else.
        io.careerstream.domain.lift.HoldOutGroups half = new io.careerstream.domain.lift.HoldOutGroups("s", 0.5,
                java.util.Map.of());
        assertThat(ContractMapping.transition(winBack, half).getHeldOut()).isEqualTo(half.heldOut("c1", "WIN_BACK"));
        assertThat(ContractMapping.alert(opened, "USD", half).getHeldOut()).isEqualTo(half.heldOut("c1", "RETENTION_OFFER"));
    }
}
