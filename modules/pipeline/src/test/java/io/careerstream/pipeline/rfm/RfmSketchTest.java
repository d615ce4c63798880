package io.careerstream.pipeline.rfm;

import io.careerstream.domain.LookAhead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.domain.CareerOutcome;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMapLoader;
import java.util.ArrayList;
import java.util.List;
import org.apache.datasketches.kll.KllSketch;
import org.junit.jupiter.api.Test;

class RfmSketchTest {

    private static final long DAY = 86_400_000L;
    private static final CustomerCareer CAREER = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
            CareerMapLoader.loadDefault(), LookAhead.DEFAULT);

    @Test
    void kIsTheSmallestWhoseRankErrorIsAtMostOnePercent() {
        assertThat(KllSketch.getNormalizedRankError(RfmSketch.K, false)).isLessThanOrEqualTo(RfmSketch.RANK_ERROR);
        assertThat(KllSketch.getNormalizedRankError(RfmSketch.K - 1, false)).isGreaterThan(RfmSketch.RANK_ERROR);
    }

    @Test
    void anEmptySketchGivesNoBoundariesAndNonBuyersAreLeftOut() {
        RfmSketch sketch = RfmSketch.empty();
        sketch.add(CustomerState.empty());
        assertThat(sketch.customers()).isZero();
        assertThat(sketch.boundaries()).isEqualTo(RfmBoundaries.NONE);
    }

    @Test
    void fewCustomersAreSketchedExactlyAndMergeAcrossTasksIntoTheExactQuintiles() {
        // Ten customers in two "tasks": customer i bought on i+1 days, the last on day 20+i, 10.00 each time.
        List<CustomerState> customers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            CustomerState s = null;
            for (int d = i; d >= 0; d--) { // oldest first
                long at = (20L + i - d) * DAY;
                CareerOutcome o = CAREER.onTouchpoint(s, new Touchpoint.Purchase("e" + i + "-" + d, "c" + i, at,
                        "o" + i + "-" + d, 1000, "USD", 1, List.of()));
                s = o.state();
            }
            customers.add(s);
        }
        RfmSketch taskA = RfmSketch.empty();
        RfmSketch taskB = RfmSketch.empty();
        for (int i = 0; i < 10; i++) {
            (i % 2 == 0 ? taskA : taskB).add(customers.get(i));
        }
        RfmSketch merged = RfmSketch.fromBytes(taskA.toBytes());
        merged.merge(RfmSketch.of(taskB.recencyBytes(), taskB.frequencyBytes(), taskB.monetaryBytes()));
        RfmBoundaries b = merged.boundaries();
        assertThat(b.customers()).isEqualTo(10);
        // with 10 customers, the boundary at rank r is the (10 r)-th smallest value
        assertThat(b.frequency()).containsExactly(2, 4, 6, 8);
        assertThat(b.monetary()).containsExactly(2000.0, 4000.0, 6000.0, 8000.0); // minor units of the reporting currency
        assertThat(b.recency()).containsExactly(21.0 * DAY, 23.0 * DAY, 25.0 * DAY, 27.0 * DAY);
        for (int i = 0; i < 10; i++) {
            assertThat(b.frequencyScore(customers.get(i))).as("customer %d", i).isEqualTo(1 + i / 2);
        }
    }

    @Test
    void garbageOrMismatchedSketchesAreRefusedWithTheReason() {
        assertThatThrownBy(() -> RfmSketch.of(new byte[] {1, 2, 3}, new byte[0], new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recency");
        RfmSketch one = RfmSketch.empty();
        CustomerState s = CAREER.onTouchpoint(null, new Touchpoint.Purchase("e", "c", DAY, "o", 100, "USD", 1,
                List.of())).state();
        one.add(s);
        RfmSketch none = RfmSketch.empty();
        assertThatThrownBy(() -> RfmSketch.of(one.recencyBytes(), none.frequencyBytes(), one.monetaryBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same customers");
    }
}
