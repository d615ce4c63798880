package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.domain.map.CustomerFeature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * RFM scoring against quintile boundaries, checked against a plain-Java reference model that
 * defines a score by ranks instead of boundaries: 1 plus the number of quintile ranks (0.2, 0.4,
 * 0.6, 0.8) that the share of customers with a strictly smaller value reaches.
 */
class RfmScoresTest {

    private static final long SEED = 20261128L;
    private static final long DAY = CustomerState.DAY_MS;

    /** The reference: by the share of customers strictly below, not by boundaries. */
    private static int referenceScore(double value, double[] population) {
        long below = Arrays.stream(population).filter(v -> v < value).count();
        int score = 1;
        for (double rank : RfmBoundaries.QUINTILE_RANKS) {
            if (below >= rank * population.length - 1e-9) {
                score++;
            }
        }
        return score;
    }

    /** Exact batch quintiles: the smallest value with at least that share of customers at or below it. */
    static double[] exactQuintiles(double[] population) {
        double[] sorted = population.clone();
        Arrays.sort(sorted);
        double[] bounds = new double[RfmBoundaries.QUINTILE_RANKS.length];
        for (int i = 0; i < bounds.length; i++) {
            int atOrBelow = (int) Math.ceil(RfmBoundaries.QUINTILE_RANKS[i] * sorted.length - 1e-9);
            bounds[i] = sorted[Math.max(atOrBelow, 1) - 1];
        }
        return bounds;
    }

    @Test
    void aScoreAgainstExactQuintilesIsTheShareOfCustomersBelowInFifths() {
        // Small value ranges make ties common, as purchase days are in real data.
        qt().withFixedSeed(SEED).withExamples(500).withShrinkCycles(2000)
                .forAll(lists().of(integers().between(1, 12)).ofSizeBetween(1, 60))
                .checkAssert(values -> {
                    double[] population = values.stream().mapToDouble(Integer::doubleValue).toArray();
                    double[] bounds = exactQuintiles(population);
                    for (double v : population) {
                        assertThat(RfmBoundaries.score(v, bounds)).as("value %s in %s", v, values)
                                .isEqualTo(referenceScore(v, population));
                    }
                });
    }

    @Test
    void scoresAreOneToFiveAndNeverFallAsTheValueRises() {
        qt().withFixedSeed(SEED).withExamples(500)
                .forAll(lists().of(integers().between(-1000, 1000)).ofSize(4), integers().between(-1100, 1100),
                        integers().between(0, 300))
                .checkAssert((raw, value, step) -> {
                    double[] bounds = raw.stream().mapToDouble(Integer::doubleValue).sorted().toArray();
                    int score = RfmBoundaries.score(value, bounds);
                    assertThat(score).isBetween(1, 5);
                    assertThat(RfmBoundaries.score(value + step, bounds)).isGreaterThanOrEqualTo(score);
                });
    }

    @Test
    void aCustomerIsScoredOnLastPurchaseTimePurchaseDaysAndSpend() {
        // Five customers: i buys on i+1 days, the last at day 10*i, spending 10 * (i+1) each time.
        List<CustomerState> customers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            CustomerState s = CustomerState.empty();
            for (int d = 0; d <= i; d++) {
                long at = (10L * i - d) * DAY + DAY;
                buy(s, "c" + i + "-" + d, at, 1000L * (i + 1));
            }
            customers.add(s);
        }
        double[] r = customers.stream().mapToDouble(RfmBoundaries::recencyOf).toArray();
        double[] f = customers.stream().mapToDouble(RfmBoundaries::frequencyOf).toArray();
        double[] m = customers.stream().mapToDouble(RfmBoundaries::monetaryOf).toArray();
        RfmBoundaries boundaries = new RfmBoundaries(exactQuintiles(r), exactQuintiles(f), exactQuintiles(m), 5);
        for (int i = 0; i < 5; i++) {
            CustomerState s = customers.get(i);
            assertThat(List.of(boundaries.recencyScore(s), boundaries.frequencyScore(s), boundaries.monetaryScore(s)))
                    .as("customer %d", i).containsExactly(i + 1, i + 1, i + 1);
        }
        assertThat(boundaries.segment(customers.get(4))).isEqualTo(RfmSegment.CHAMPIONS);
        assertThat(boundaries.segment(customers.get(0))).isEqualTo(RfmSegment.LOST);
        assertThat(RfmBoundaries.monetaryOf(customers.get(1))).isEqualTo(4000.0); // 2 days x 20.00, in cents
    }

    @Test
    void nobodyIsScoredWithoutAPurchaseOrBeforeAnyBoundariesExist() {
        CustomerState buyer = CustomerState.empty();
        buy(buyer, "o1", DAY, 500);
        RfmBoundaries some = new RfmBoundaries(new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 3},
                new double[] {1, 2, 3, 4}, 10);
        assertThat(some.recencyScore(CustomerState.empty())).isZero();
        assertThat(some.segment(CustomerState.empty())).isEqualTo(RfmSegment.NONE);
        assertThat(RfmBoundaries.NONE.frequencyScore(buyer)).isZero();
        assertThat(RfmBoundaries.NONE.segment(buyer)).isEqualTo(RfmSegment.NONE);
        assertThat(some.frequencyScore(buyer)).isEqualTo(1);
    }

    @Test
    void theFeaturesReadTheBoundariesOfTheirContext() {
        CustomerState buyer = CustomerState.empty();
        buy(buyer, "o1", 100 * DAY, 90_000);
        RfmBoundaries boundaries = new RfmBoundaries(new double[] {10, 20, 30, 40}, new double[] {1, 1, 1, 2},
                new double[] {100, 200, 300, 400}, 50);
        ChurnMaths churn = new ChurnMaths(LifecyclePolicy.DEFAULT);
        CustomerFeature.Context scored = new CustomerFeature.Context(buyer, 101 * DAY, churn, boundaries);
        assertThat(CustomerFeature.RFM_RECENCY.valueFor(scored)).isEqualTo(5L);
        assertThat(CustomerFeature.RFM_FREQUENCY.valueFor(scored)).isEqualTo(1L);
        assertThat(CustomerFeature.RFM_MONETARY.valueFor(scored)).isEqualTo(5L);
        assertThat(CustomerFeature.RFM_SEGMENT.valueFor(scored)).isEqualTo("Potential loyalist"); // R 5, FM (1 + 5 + 1) / 2 = 3
        CustomerFeature.Context unscored = new CustomerFeature.Context(buyer, 101 * DAY, churn);
        assertThat(CustomerFeature.RFM_RECENCY.valueFor(unscored)).isEqualTo(0L);
        assertThat(CustomerFeature.RFM_SEGMENT.valueFor(unscored)).isEqualTo("NONE");
    }

    @Test
    void theCareerReadsTheBoundariesInForceAtEveryEvaluationAndItsExplanationShowsTheScores() {
        RfmBoundaries[] inForce = {RfmBoundaries.NONE};
        CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
                io.careerstream.domain.map.CareerMapLoader.loadDefault(), LookAhead.DEFAULT,
                ArrivalPolicy.DEFAULT, () -> inForce[0]);
        CustomerState buyer = career.onTouchpoint(null, new Touchpoint.Purchase("e1", "c", 10 * DAY, "o1", 5_000, "USD",
                1, List.of())).state();
        // The default map reads no RFM feature; the explanation shows every feature all the same.
        Map<String, Object> before = career.explain(buyer, 11 * DAY).features();
        assertThat(before).containsEntry("rfmRecency", 0L).containsEntry("rfmSegment", "NONE");

        inForce[0] = new RfmBoundaries(new double[] {DAY, 2 * DAY, 3 * DAY, 4 * DAY}, new double[] {1, 1, 1, 2},
                new double[] {10, 20, 30, 40}, 100);
        Map<String, Object> after = career.explain(buyer, 11 * DAY).features();
        assertThat(after).containsEntry("rfmRecency", 5L).containsEntry("rfmFrequency", 1L)
                .containsEntry("rfmMonetary", 5L).containsEntry("rfmSegment", "Potential loyalist");
    }

    @Test
    void boundariesMustBeFourAscendingNumbers() {
        assertThatThrownBy(() -> new RfmBoundaries(new double[] {1, 2, 3}, new double[] {1, 2, 3, 4},
                new double[] {1, 2, 3, 4}, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("recency");
        assertThatThrownBy(() -> new RfmBoundaries(new double[] {1, 2, 3, 4}, new double[] {2, 1, 3, 4},
                new double[] {1, 2, 3, 4}, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("frequency");
    }

    // Putler's segment table, as ranges of R and FM; it overlaps, so a cell may fit several.
    private static final Map<RfmSegment, int[]> PUTLER_RANGES = Map.ofEntries(
            Map.entry(RfmSegment.CHAMPIONS, new int[] {4, 5, 4, 5}),
            Map.entry(RfmSegment.LOYAL, new int[] {2, 5, 3, 5}),
            Map.entry(RfmSegment.POTENTIAL_LOYALIST, new int[] {3, 5, 1, 3}),
            Map.entry(RfmSegment.NEW_CUSTOMERS, new int[] {4, 5, 1, 1}),
            Map.entry(RfmSegment.PROMISING, new int[] {3, 4, 1, 1}),
            Map.entry(RfmSegment.NEED_ATTENTION, new int[] {2, 3, 2, 3}),
            Map.entry(RfmSegment.ABOUT_TO_SLEEP, new int[] {2, 3, 1, 2}),
            Map.entry(RfmSegment.AT_RISK, new int[] {1, 2, 2, 5}),
            Map.entry(RfmSegment.CANT_LOSE_THEM, new int[] {1, 1, 4, 5}),
            Map.entry(RfmSegment.HIBERNATING, new int[] {1, 2, 1, 2}),
            Map.entry(RfmSegment.LOST, new int[] {1, 2, 1, 2}));

    @Test
    void everyScoredCustomerHasOneOfTheElevenSegmentsWithinItsPublishedRanges() {
        Set<RfmSegment> seen = EnumSet.noneOf(RfmSegment.class);
        for (int r = 1; r <= 5; r++) {
            for (int f = 1; f <= 5; f++) {
                for (int m = 1; m <= 5; m++) {
                    RfmSegment segment = RfmSegment.of(r, f, m);
                    int fm = RfmSegment.frequencyMonetary(f, m);
                    int[] range = PUTLER_RANGES.get(segment);
                    assertThat(range).as("R%d F%d M%d -> %s", r, f, m, segment).isNotNull();
                    assertThat(r).as("R of %s", segment).isBetween(range[0], range[1]);
                    assertThat(fm).as("FM of %s", segment).isBetween(range[2], range[3]);
                    seen.add(segment);
                }
            }
        }
        assertThat(seen).hasSize(11).doesNotContain(RfmSegment.NONE);
    }

    @Test
    void aZeroScoreMeansNoSegmentAndAScoreOutOfRangeIsRefused() {
        assertThat(RfmSegment.of(0, 3, 3)).isEqualTo(RfmSegment.NONE);
        assertThat(RfmSegment.of(3, 3, 0)).isEqualTo(RfmSegment.NONE);
        assertThatThrownBy(() -> RfmSegment.of(6, 3, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recency");
        assertThat(RfmSegment.frequencyMonetary(2, 3)).isEqualTo(3);
        assertThat(RfmSegment.frequencyMonetary(1, 2)).isEqualTo(2);
    }

    private static void buy(CustomerState s, String order, long at, long amountMinor) {
        Touchpoint.Purchase p = new Touchpoint.Purchase("e-" + order, "c", at, order, amountMinor, "USD", 1, List.of());
        TouchpointRecorder.record(s, p, TouchpointRecorder.deduplicationKey(p), ArrivalPolicy.DEFAULT,
                io.careerstream.domain.map.FeatureSettings.DEFAULT, ReportingCurrency.USD);
    }
}
