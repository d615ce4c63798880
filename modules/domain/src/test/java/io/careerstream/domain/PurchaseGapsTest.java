package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.domain.map.CareerMapLoader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The log-sum of the gaps between purchase days, kept in the state for the per-customer regularity. */
class PurchaseGapsTest {

    private static final long T0 = Instant.parse("1997-01-01T00:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long SEED = Long.getLong("QT_SEED", 20261128L);

    /** A grace of five days lets purchases arrive well out of order: inner days split gaps often. */
    private static final ArrivalPolicy LATE_FRIENDLY = new ArrivalPolicy(Duration.ofDays(7), 1_000, Duration.ofDays(5));
    private static final CustomerCareer CAREER = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
            CareerMapLoader.loadDefault(), LookAhead.DEFAULT, LATE_FRIENDLY);

    private static Touchpoint.Purchase purchase(int n, long at) {
        return new Touchpoint.Purchase("e" + n, "c", at, "o" + n, 100, "USD", 1, List.of());
    }

    /** The reference: every purchase day applied, in order, and the sum of log(gap) each rounded to 1/1,000,000. */
    private static long referenceSum(TreeSet<Long> days) {
        long sum = 0;
        Long previous = null;
        for (long d : days) {
            if (previous != null) {
                sum += Math.round(Math.log(d - previous) * 1_000_000);
            }
            previous = d;
        }
        return sum;
    }

    /** One purchase: how far the stream moves on, and how far behind it this purchase happened. */
    record Arrival(int advanceHours, int delayHours) {
    }

    static Gen<List<Arrival>> arrivals() {
        return lists().of(integers().between(0, 20 * 24).zip(integers().between(0, 6 * 24), Arrival::new)).ofSizeBetween(1, 60);
    }

    /**
     * Whatever order purchases arrive in (any delay within the grace, beyond it they are late and
     * not applied), the state's sum is the reference's over the purchase days applied, to the last
     * unit, and it survives the codec.
     */
    @Test
    void theSumIsThatOfThePurchaseDaysAppliedWhateverTheirOrder() {
        qt().withFixedSeed(SEED).withExamples(400).withShrinkCycles(3000).forAll(arrivals()).checkAssert(steps -> {
            TreeSet<Long> days = new TreeSet<>();
            long streamAt = T0;
            CustomerState s = null;
            for (int i = 0; i < steps.size(); i++) {
                streamAt += steps.get(i).advanceHours() * HOUR;
                Touchpoint.Purchase p = purchase(i, streamAt - steps.get(i).delayHours() * HOUR);
                if (CAREER.arrival(s, p) != ArrivalPolicy.Arrival.NEW) {
                    continue;
                }
                s = CAREER.onTouchpoint(s, p).state();
                days.add(Math.floorDiv(p.occurredAt(), DAY));
                assertThat(s.logGapSum).isEqualTo(referenceSum(days));
                assertThat(s.purchaseDays()).isEqualTo(days.size());
            }
            assertThat(CustomerStateCodec.decode(CustomerStateCodec.encode(s)).logGapSum).isEqualTo(s.logGapSum);
        });
    }

    @Test
    void aLateInnerDaySplitsTheGapBetweenNeighboursTheGraceHadAlreadyLeftBehind() {
        // Days 0 and 10 bought, the clock moves to day 12 (day 0 is long past the grace), then a purchase of day 8 arrives.
        CustomerState s = CAREER.onTouchpoint(null, purchase(1, T0)).state();
        s = CAREER.onTouchpoint(s, purchase(2, T0 + 10 * DAY)).state();
        s = CAREER.onTouchpoint(s, new Touchpoint.Inquiry("q", "c", T0 + 12 * DAY, Touchpoint.InquiryKind.QUESTION, true)).state();
        s = CAREER.onTouchpoint(s, purchase(3, T0 + 8 * DAY)).state();
        assertThat(s.logGapSumDays()).isCloseTo(Math.log(8) + Math.log(2), within(1e-6));
        assertThat(s.purchaseDays()).isEqualTo(3);
    }

    @Test
    void anUnknownSumStaysUnknownAndOneOrNoPurchaseDayHasASumOfZero() {
        CustomerState once = CAREER.onTouchpoint(null, purchase(1, T0)).state();
        assertThat(once.logGapSumDays()).isZero();
        CustomerState legacy = CAREER.onTouchpoint(once, purchase(2, T0 + 3 * DAY)).state().copy();
        legacy.logGapSum = PurchaseGaps.UNKNOWN;
        CustomerState later = CAREER.onTouchpoint(legacy, purchase(3, T0 + 9 * DAY)).state();
        assertThat(later.logGapSumDays()).isNaN();
        assertThat(CustomerStateCodec.decode(CustomerStateCodec.encode(later)).logGapSumDays()).isNaN();
    }
}
