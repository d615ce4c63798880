package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.domain.map.CareerMapLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** De-duplication by time and the late-event policy ({@link ArrivalPolicy}). */
class ArrivalTest {

    private static final long T0 = Instant.parse("1997-01-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long SEED = Long.getLong("QT_SEED", 19970701L);

    private static CustomerCareer career(ArrivalPolicy policy) {
        return new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT), CareerMapLoader.loadDefault(),
                LookAhead.DEFAULT, policy);
    }

    private static final CustomerCareer CAREER = career(ArrivalPolicy.DEFAULT);

    private static Touchpoint.Purchase purchase(String order, long at, long amount) {
        return new Touchpoint.Purchase("e-" + order, "c", at, order, amount, "USD", 1, List.of());
    }

    private static CustomerState apply(CustomerCareer career, CustomerState s, Touchpoint t) {
        return career.onTouchpoint(s, t).state();
    }

    @Test
    void aResendIsRecognisedHoweverManyTouchpointsCameBetween() {
        CustomerState s = apply(CAREER, null, purchase("first", T0, 500));
        for (int i = 0; i < 200; i++) {
            s = apply(CAREER, s, new Touchpoint.EmailEngagement("mail-" + i, "c", T0 + i * 60_000L,
                    Touchpoint.EmailAction.OPEN));
        }
        assertThat(CAREER.arrival(s, purchase("first", T0, 500))).isEqualTo(ArrivalPolicy.Arrival.DUPLICATE);
        CareerOutcome resent = CAREER.onTouchpoint(s, purchase("first", T0, 500));
        assertThat(resent.duplicate()).isTrue();
        assertThat(resent.state().purchases()).isEqualTo(1);
        assertThat(resent.state().totalSpendMinor()).isEqualTo(500);
    }

    @Test
    void aKeyIsForgottenOnceTheCustomersClockPassesTheWindowAndAResendIsThenLate() {
        CustomerState s = apply(CAREER, null, purchase("o1", T0, 100));
        s = apply(CAREER, s, purchase("o2", T0 + 6 * DAY, 100));
        assertThat(s.rememberedKeys()).isEqualTo(2);
        assertThat(CAREER.arrival(s, purchase("o1", T0, 100))).isEqualTo(ArrivalPolicy.Arrival.DUPLICATE);
        s = apply(CAREER, s, purchase("o3", T0 + 8 * DAY, 100));
        assertThat(s.rememberedKeys()).as("o1 was seen more than 7 days before the clock").isEqualTo(2);
        // Forgotten, but too far behind the clock to be applied: never counted twice.
        assertThat(CAREER.arrival(s, purchase("o1", T0, 100))).isEqualTo(ArrivalPolicy.Arrival.LATE);
    }

    @Test
    void aTouchpointWithinTheGraceIsAppliedAndOneBeyondItIsLate() {
        CustomerState s = apply(CAREER, null, purchase("o1", T0 + 10 * DAY, 100));
        Touchpoint within = new Touchpoint.Inquiry("q1", "c", T0 + 9 * DAY, Touchpoint.InquiryKind.QUESTION, true);
        Touchpoint beyond = new Touchpoint.Inquiry("q2", "c", T0 + 9 * DAY - 1, Touchpoint.InquiryKind.QUESTION, true);
        assertThat(CAREER.arrival(s, within)).isEqualTo(ArrivalPolicy.Arrival.NEW);
        assertThat(CAREER.arrival(s, beyond)).isEqualTo(ArrivalPolicy.Arrival.LATE);
        assertThat(apply(CAREER, s, within).inquiries()).isEqualTo(1);
        CustomerState before = s;
        assertThatThrownBy(() -> CAREER.onTouchpoint(before, beyond))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("late grace");
        assertThat(CAREER.arrival(null, beyond)).as("a customer never seen has no clock yet")
                .isEqualTo(ArrivalPolicy.Arrival.NEW);
    }

    @Test
    void aLatePurchaseOnAnInnerDayAlreadyCountedIsNotANewPurchaseDay() {
        CustomerCareer career = career(new ArrivalPolicy(Duration.ofDays(7), 1000, Duration.ofDays(3)));
        CustomerState s = apply(career, null, purchase("o1", T0, 100));
        s = apply(career, s, purchase("o2", T0 + DAY, 100));
        s = apply(career, s, purchase("o3", T0 + 2 * DAY, 100));
        s = apply(career, s, purchase("o4", T0 + DAY + HOUR, 100)); // late, on the inner day T0 + 1
        assertThat(s.purchaseDays()).isEqualTo(3);
        assertThat(s.purchases()).isEqualTo(4);
    }

    @Test
    void theStateBudgetCapsTheKeysRemembered() {
        CustomerCareer career = career(new ArrivalPolicy(Duration.ofDays(7), 5, Duration.ofDays(1)));
        CustomerState s = null;
        for (int i = 0; i < 12; i++) {
            s = apply(career, s, new Touchpoint.EmailEngagement("m" + i, "c", T0 + i * HOUR, Touchpoint.EmailAction.OPEN));
        }
        assertThat(s.rememberedKeys()).isEqualTo(5);
        assertThat(career.arrival(s, new Touchpoint.EmailEngagement("m11", "c", T0 + 11 * HOUR,
                Touchpoint.EmailAction.OPEN))).isEqualTo(ArrivalPolicy.Arrival.DUPLICATE);
        assertThat(CustomerStateCodec.decode(CustomerStateCodec.encode(s))).isEqualTo(s);
    }

    @Test
    void thePolicyRefusesAGraceLongerThanTheWindow() {
        assertThatThrownBy(() -> new ArrivalPolicy(Duration.ofDays(1), 10, Duration.ofDays(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lateGrace");
        assertThatThrownBy(() -> new ArrivalPolicy(Duration.ZERO, 10, Duration.ZERO))
                .hasMessageContaining("deduplicationWindow");
        assertThatThrownBy(() -> new ArrivalPolicy(Duration.ofDays(1), 0, Duration.ZERO))
                .hasMessageContaining("maxRememberedKeys");
    }

    /** One arrival: which order (a resend repeats an earlier one) and how far the stream has moved on. */
    record Step(int order, int advanceMinutes, int jitterMinutes, boolean resend) {
    }

    static Gen<List<Step>> arrivals() {
        Gen<Step> step = integers().between(0, 10_000).zip(integers().between(0, 3 * 24 * 60),
                integers().between(0, 36 * 60), integers().between(0, 3).map(n -> n == 3), Step::new);
        return lists().of(step).ofSizeBetween(1, 150);
    }

    /**
     * Against a reference that remembers every order forever: the state, which remembers keys for
     * the window only, counts exactly the same purchases, spend and purchase days, for any number
     * of touchpoints between a purchase and its resend and any delay, so no purchase is ever counted
     * twice; and it keeps no key seen more than a window before the clock.
     */
    @Test
    void theWindowedMemoryCountsExactlyLikeAnUnboundedOne() {
        qt().withFixedSeed(SEED).withExamples(300).withShrinkCycles(2000).forAll(arrivals()).checkAssert(steps -> {
            ArrivalPolicy policy = ArrivalPolicy.DEFAULT;
            List<Touchpoint.Purchase> sent = new ArrayList<>();
            Set<String> counted = new HashSet<>();
            Set<Long> days = new HashSet<>();
            long referenceClock = 0;
            long referenceSpend = 0;
            long streamAt = T0;
            CustomerState s = null;
            for (Step step : steps) {
                streamAt += step.advanceMinutes() * 60_000L;
                Touchpoint.Purchase p = step.resend() && !sent.isEmpty() ? sent.get(step.order() % sent.size())
                        : purchase("o" + sent.size(), streamAt - step.jitterMinutes() * 60_000L, 1 + step.order());
                if (!step.resend() || sent.isEmpty()) {
                    sent.add(p);
                }
                boolean referenceApplies = !counted.contains(p.orderId())
                        && p.occurredAt() >= referenceClock - policy.lateGrace().toMillis();
                if (referenceApplies) {
                    counted.add(p.orderId());
                    days.add(Math.floorDiv(p.occurredAt(), DAY));
                    referenceSpend += p.amountMinor();
                    referenceClock = Math.max(referenceClock, p.occurredAt());
                }
                ArrivalPolicy.Arrival arrival = CAREER.arrival(s, p);
                assertThat(arrival == ArrivalPolicy.Arrival.NEW).isEqualTo(referenceApplies);
                if (arrival == ArrivalPolicy.Arrival.NEW) {
                    s = apply(CAREER, s, p);
                }
            }
            assertThat(s.purchases()).isEqualTo(counted.size());
            assertThat(s.totalSpendMinor()).isEqualTo(referenceSpend);
            assertThat(s.purchaseDays()).isEqualTo(days.size());
            long clock = s.clock();
            long keysWithinWindow = sent.stream().filter(p -> counted.contains(p.orderId()))
                    .filter(p -> p.occurredAt() >= clock - policy.deduplicationWindow().toMillis() - policy.lateGrace().toMillis())
                    .count();
            assertThat((long) s.rememberedKeys()).isLessThanOrEqualTo(keysWithinWindow);
        });
    }
}
