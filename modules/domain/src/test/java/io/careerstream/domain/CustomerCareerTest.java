package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import io.careerstream.domain.map.CareerMapLoader;
import org.junit.jupiter.api.Test;

class CustomerCareerTest {

    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private final CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
            CareerMapLoader.loadDefault(), LookAhead.DEFAULT);

    private static Touchpoint.Purchase purchase(String order, long at) {
        return new Touchpoint.Purchase("e-" + order, "c", at, order, 1000, "USD", 1, List.of());
    }

    private CustomerState buy(CustomerState state, String order, long at) {
        return career.onTouchpoint(state, purchase(order, at)).state();
    }

    @Test
    void samedayPurchasesMergeIntoOnePurchaseDayButAllCountAsOrders() {
        CustomerState s = buy(null, "o1", T0);
        s = buy(s, "o2", T0 + 3_600_000);
        assertThat(s.purchases()).isEqualTo(2);
        assertThat(s.purchaseDays()).isEqualTo(1);
        assertThat(s.stage()).isEqualTo("NEW");
        assertThat(s.totalSpendMinor()).isEqualTo(2000);
    }

    @Test
    void expectedIntervalIsTheOwnMeanFlooredOrTheDefaultForOneTimeBuyers() {
        ChurnMaths rules = career.churnMaths();
        CustomerState once = buy(null, "o1", T0);
        assertThat(rules.expectedIntervalDays(once)).isEqualTo(90.0);
        CustomerState twice = buy(once, "o2", T0 + 30 * DAY);
        assertThat(rules.expectedIntervalDays(twice)).isEqualTo(30.0);
        CustomerState burst = buy(once, "o3", T0 + 2 * DAY);
        assertThat(rules.expectedIntervalDays(burst)).isEqualTo(7.0);
        assertThat(twice.nextCheckAt()).isEqualTo(T0 + 30 * DAY + 60 * DAY);
    }

    @Test
    void timerBeforeItIsDueChangesNothingAndAtItsTimeAlertsOnce() {
        CustomerState s = buy(buy(null, "o1", T0), "o2", T0 + 10 * DAY);
        CareerOutcome early = career.onTimer(s, "c", T0 + 29 * DAY);
        assertThat(early.stageChanges()).isEmpty();
        assertThat(early.churnSignals()).isEmpty();

        CareerOutcome due = career.onTimer(s, "c", T0 + 30 * DAY);
        assertThat(due.churnSignals()).singleElement().satisfies(signal -> {
            assertThat(signal.level()).isEqualTo(AlertLevel.AT_RISK);
            assertThat(signal.alertId()).isEqualTo("c:" + (T0 + 10 * DAY) + ":AT_RISK");
        });
        CareerOutcome again = career.onTimer(due.state(), "c", T0 + 31 * DAY);
        assertThat(again.churnSignals()).isEmpty();
        assertThat(due.state().nextCheckAt()).isEqualTo(T0 + 50 * DAY);
    }

    @Test
    void aLateEventWithinTheGraceDoesNotMoveTheStageBackInTime() {
        CustomerState s = buy(buy(null, "o1", T0), "o2", T0 + 10 * DAY);
        s = career.onTimer(s, "c", T0 + 60 * DAY).state();
        assertThat(s.stage()).isEqualTo("LAPSED");
        Touchpoint open = new Touchpoint.EmailEngagement("late", "c", T0 + 60 * DAY - 3_600_000L, Touchpoint.EmailAction.OPEN);
        assertThat(career.arrival(s, open)).isEqualTo(ArrivalPolicy.Arrival.NEW);
        CareerOutcome late = career.onTouchpoint(s, open);
        assertThat(late.stageChanges()).isEmpty();
        assertThat(late.state().stage()).isEqualTo("LAPSED");
        assertThat(late.state().emailOpens()).isEqualTo(1);
    }

    @Test
    void duplicateReturnsThePriorStateUnchanged() {
        CustomerState s = buy(null, "o1", T0);
        CareerOutcome dup = career.onTouchpoint(s, purchase("o1", T0));
        assertThat(dup.duplicate()).isTrue();
        assertThat(dup.state()).isSameAs(s);
    }

    @Test
    void priorStateIsNeverModified() {
        CustomerState s = buy(null, "o1", T0);
        CustomerState copy = s.copy();
        career.onTouchpoint(s, purchase("o2", T0 + 5 * DAY));
        career.onTimer(s, "c", T0 + 400 * DAY);
        assertThat(s).isEqualTo(copy);
    }

    @Test
    void policyRejectsInconsistentThresholds() {
        assertThatThrownBy(() -> new LifecyclePolicy(3.0, 2.0, 90, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lapsedFactor");
        assertThatThrownBy(() -> new LifecyclePolicy(2.0, 4.0, 0, 7))
                .hasMessageContaining("defaultIntervalDays");
    }
}
