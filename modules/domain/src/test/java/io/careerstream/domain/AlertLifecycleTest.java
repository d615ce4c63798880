package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.domain.ChurnSignal.EndReason;
import io.careerstream.domain.ChurnSignal.Status;
import io.careerstream.domain.map.CareerMapLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every alert that opens also ends, with its reason; what an alert suggests is the map's. */
class AlertLifecycleTest {

    private static final long T0 = Instant.parse("1997-01-01T12:00:00Z").toEpochMilli();
    private static final long DAY = CustomerState.DAY_MS;

    private ChurnModelParameters parameters = ChurnModelParameters.CDNOW;
    private final CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT,
            SilencePolicy.DEFAULT, () -> parameters), CareerMapLoader.loadDefault(), LookAhead.DEFAULT);

    private static Touchpoint.Purchase purchase(String order, long at) {
        return new Touchpoint.Purchase("e-" + order, "c", at, order, 1000, "USD", 1, List.of());
    }

    @Test
    void atRiskOpensLapsedSupersedesItAndAPurchaseEndsTheEpisode() {
        List<ChurnSignal> signals = new ArrayList<>();
        CareerOutcome first = career.onTouchpoint(null, purchase("o1", T0));
        CareerOutcome second = career.onTouchpoint(first.state(), purchase("o2", T0 + 30 * DAY));
        CustomerState s = second.state();
        long lapsedAt = career.churnMaths().lapsedAt(s);
        CareerOutcome silence = career.onTimer(s, "c", lapsedAt);
        signals.addAll(silence.churnSignals());
        CareerOutcome back = career.onTouchpoint(silence.state(), purchase("o3", lapsedAt + 10 * DAY));
        signals.addAll(back.churnSignals());

        assertThat(signals).extracting(ChurnSignal::status, ChurnSignal::level, ChurnSignal::endReason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Status.OPENED, AlertLevel.AT_RISK, null),
                org.assertj.core.groups.Tuple.tuple(Status.ENDED, AlertLevel.AT_RISK, EndReason.SUPERSEDED),
                org.assertj.core.groups.Tuple.tuple(Status.OPENED, AlertLevel.LAPSED, null),
                org.assertj.core.groups.Tuple.tuple(Status.ENDED, AlertLevel.LAPSED, EndReason.PURCHASE));
        // An end refers to the alert it ends; every record has an id of its own.
        assertThat(signals.get(1).openedAlertId()).isEqualTo(signals.get(0).alertId());
        assertThat(signals.get(3).openedAlertId()).isEqualTo(signals.get(2).alertId());
        assertThat(signals).extracting(ChurnSignal::alertId).doesNotHaveDuplicates();
        assertThat(signals.get(3).at()).isEqualTo(lapsedAt + 10 * DAY);
        assertThat(back.state().alertOpen()).isFalse();
        // Each opening says what the map says, and why.
        ChurnSignal atRisk = signals.get(0);
        assertThat(atRisk.suggestedAction()).isEqualTo("RETENTION_OFFER");
        assertThat(atRisk.rule()).startsWith("alerts.AT_RISK: P(alive) below 0.2");
        assertThat(atRisk.evidence()).containsKeys("probabilityAlive", "daysOverdue", "purchaseDays");
        assertThat(atRisk.mapVersion()).isEqualTo(CareerMapLoader.loadDefault().version());
        assertThat(signals.get(2).suggestedAction()).isEqualTo("WIN_BACK");
    }

    @Test
    void theStageTransitionOfTheSameSilenceIsNamedOnItsAlert() {
        CustomerState s = career.onTouchpoint(career.onTouchpoint(null, purchase("o1", T0)).state(),
                purchase("o2", T0 + 30 * DAY)).state();
        CareerOutcome atRisk = career.onTimer(s, "c", career.churnMaths().atRiskAt(s));
        assertThat(atRisk.stageChanges()).extracting(StageChange::to).contains("AT_RISK");
        StageChange toAtRisk = atRisk.stageChanges().stream().filter(c -> c.to().equals("AT_RISK")).findFirst().orElseThrow();
        assertThat(atRisk.churnSignals()).singleElement().extracting(ChurnSignal::transitionId)
                .isEqualTo(toAtRisk.transitionId());
    }

    @Test
    void anAlertANewModelNoLongerSupportsEndsAndIsNotOpenedAgainInTheEpisode() {
        CustomerState s = career.onTouchpoint(career.onTouchpoint(null, purchase("o1", T0)).state(),
                purchase("o2", T0 + 30 * DAY)).state();
        CareerOutcome atRisk = career.onTimer(s, "c", career.churnMaths().atRiskAt(s));
        assertThat(atRisk.state().alertOpen()).isTrue();
        long then = atRisk.state().evaluatedAt();
        // A model of far more patient buyers: the customer is no longer at risk.
        parameters = new ChurnModelParameters(parameters.r(), parameters.alpha(), parameters.a() / 100, parameters.b() * 100,
                parameters.p(), parameters.q(), parameters.gamma(), 1, List.of());
        CareerOutcome later = career.onTouchpoint(atRisk.state(), new Touchpoint.EmailEngagement("e-open", "c", then + DAY,
                Touchpoint.EmailAction.OPEN));
        assertThat(later.churnSignals()).singleElement().satisfies(end -> {
            assertThat(end.status()).isEqualTo(Status.ENDED);
            assertThat(end.endReason()).isEqualTo(EndReason.NO_LONGER_CROSSED);
            assertThat(end.openedAlertId()).isEqualTo(atRisk.churnSignals().get(0).alertId());
        });
        assertThat(later.state().alertOpen()).isFalse();
        assertThat(later.state().alertLevel()).as("still alerted this episode: not opened again").isEqualTo(AlertLevel.AT_RISK);
    }

    @Test
    void erasingACustomerWithAnOpenAlertEndsIt() {
        CustomerState s = career.onTouchpoint(null, purchase("o1", T0)).state();
        CareerOutcome atRisk = career.onTimer(s, "c", career.churnMaths().atRiskAt(s));
        assertThat(career.erased(atRisk.state(), "c", T0 + 400 * DAY)).hasValueSatisfying(end -> {
            assertThat(end.endReason()).isEqualTo(EndReason.ERASED);
            assertThat(end.openedAlertId()).isEqualTo(atRisk.churnSignals().get(0).alertId());
        });
        assertThat(career.erased(s, "c", T0 + 400 * DAY)).as("nothing open").isEmpty();
    }

    @Test
    void theCoffeeMapsAlertSaysCheckInWithItsRuleAndEvidence() {
        CustomerCareer coffee = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT,
                () -> ChurnModelParameters.CDNOW), CareerMapLoader.load(Path.of("../../config/examples/coffee-subscription.yaml")),
                LookAhead.DEFAULT);
        CustomerState s = coffee.onTouchpoint(null, new Touchpoint.Purchase("e1", "c", T0, "o1", 1200, "USD", 1,
                List.of("coffee"))).state();
        CareerOutcome silence = coffee.onTimer(s, "c", coffee.churnMaths().atRiskAt(s));
        ChurnSignal alert = silence.churnSignals().get(0);
        assertThat(alert.suggestedAction()).isEqualTo("CHECK_IN");
        assertThat(alert.rule()).startsWith("alerts.AT_RISK");
        assertThat(alert.evidence()).containsOnlyKeys("purchaseDays", "mainCategory").containsEntry("mainCategory", "coffee");
        assertThat(alert.mapVersion()).isEqualTo("coffee-2026-11-28.1");
    }
}
