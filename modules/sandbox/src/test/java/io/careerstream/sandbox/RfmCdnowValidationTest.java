package io.careerstream.sandbox;

import io.careerstream.domain.LookAhead;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.pipeline.rfm.RfmSketch;
import io.careerstream.sandbox.workload.CdnowPurchases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The RFM quintiles kept in the stream, validated on CDNOW (23,570 customers, 18 months) against
 * exact batch quintiles. The customers' states are built by the domain from every purchase, split
 * over four tasks as Kafka's default partitioner would split them, sketched per task as
 * {@code RfmSketchPublisher} does, serialized, and merged from the bytes as the global store's
 * {@code RfmSketchesLoader} does.
 */
class RfmCdnowValidationTest {

    private static final int TASKS = 4;
    private static final String[] MEASURES = {"R", "F", "M"};
    private static final List<ToDoubleFunction<CustomerState>> MEASURE_OF = List.of(
            RfmBoundaries::recencyOf, RfmBoundaries::frequencyOf, RfmBoundaries::monetaryOf);

    private static List<CustomerState> customers;
    private static RfmSketch merged;

    @BeforeAll
    static void replayCdnow() throws IOException {
        CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT), CareerMapLoader.loadDefault(),
                LookAhead.DEFAULT);
        Map<String, CustomerState> states = new LinkedHashMap<>();
        CdnowPurchases.Result data = CdnowPurchases.read(Path.of("..", "..", "data", "CDNOW_master.txt"));
        for (CdnowPurchases.Row row : data.rows()) {
            // The file is sorted by customer, then day: each customer's purchases arrive in order.
            Touchpoint.Purchase purchase = new Touchpoint.Purchase("line-" + row.line(), row.customerId(),
                    row.occurredAt(), "order-" + row.line(), row.amountCents(), "USD", row.cds(), List.of());
            states.put(row.customerId(), career.onTouchpoint(states.get(row.customerId()), purchase).state());
        }
        customers = List.copyOf(states.values());

        RfmSketch[] tasks = new RfmSketch[TASKS];
        Arrays.setAll(tasks, i -> RfmSketch.empty());
        states.forEach((id, state) -> tasks[partition(id)].add(state));
        merged = RfmSketch.empty();
        for (RfmSketch task : tasks) {
            merged.merge(RfmSketch.of(task.recencyBytes(), task.frequencyBytes(), task.monetaryBytes()));
        }
    }

    /** Kafka's default partitioner for a String key. */
    private static int partition(String customerId) {
        return Utils.toPositive(Utils.murmur2(customerId.getBytes(StandardCharsets.UTF_8))) % TASKS;
    }

    private static double[] sortedValues(int measure) {
        return customers.stream().filter(CustomerState::hasPurchased).mapToDouble(MEASURE_OF.get(measure)).sorted().toArray();
    }

    /** The smallest value with at least {@code rank} of the customers at or below it. */
    private static double exactQuantile(double[] sorted, double rank) {
        int atOrBelow = (int) Math.ceil(rank * sorted.length - 1e-9);
        return sorted[Math.max(atOrBelow, 1) - 1];
    }

    /** How far {@code rank} is from the ranks {@code value} actually spans in the data (0 when within). */
    private static double rankError(double[] sorted, double value, double rank) {
        double below = lowerBound(sorted, value) / (double) sorted.length;
        double atOrBelow = upperBound(sorted, value) / (double) sorted.length;
        return Math.max(0, Math.max(below - rank, rank - atOrBelow));
    }

    private static int lowerBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void theMergedSketchesHoldEveryBuyerOnce() {
        assertThat(customers).hasSize(23_570);
        assertThat(merged.customers()).isEqualTo(customers.stream().filter(CustomerState::hasPurchased).count());
    }

    @Test
    void streamingQuantilesAreWithinOnePercentRankErrorOfTheExactOnes() {
        double worst = 0;
        for (int m = 0; m < MEASURES.length; m++) {
            double[] sorted = sortedValues(m);
            var sketch = m == 0 ? merged.recencySketch() : m == 1 ? merged.frequencySketch() : merged.monetarySketch();
            double worstHere = 0;
            // every percentile, not only the four quintile boundaries
            for (int p = 1; p <= 99; p++) {
                double rank = p / 100.0;
                double estimate = sketch.getQuantile(rank, org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE);
                worstHere = Math.max(worstHere, rankError(sorted, estimate, rank));
            }
            System.out.printf(Locale.ROOT, "RFM validation: %s max rank error over percentiles %.4f%% (k=%d, bound %.4f%%)%n",
                    MEASURES[m], 100 * worstHere, RfmSketch.K, 100 * sketch.getNormalizedRankError(false));
            worst = Math.max(worst, worstHere);
        }
        assertThat(worst).isLessThanOrEqualTo(RfmSketch.RANK_ERROR);
    }

    @Test
    void everyCustomersScoresEqualTheBatchScoresExceptAtBinEdges() {
        RfmBoundaries streaming = merged.boundaries();
        double[][] sorted = new double[3][];
        double[][] exact = new double[3][];
        double[][] estimated = {streaming.recency(), streaming.frequency(), streaming.monetary()};
        for (int m = 0; m < 3; m++) {
            sorted[m] = sortedValues(m);
            exact[m] = new double[RfmBoundaries.QUINTILE_RANKS.length];
            for (int i = 0; i < exact[m].length; i++) {
                exact[m][i] = exactQuantile(sorted[m], RfmBoundaries.QUINTILE_RANKS[i]);
            }
        }
        long buyers = sorted[0].length;
        int[] differing = new int[3];
        int[] bandSize = new int[3];
        for (int m = 0; m < 3; m++) {
            // A bin edge: between the exact boundary and the estimated one (the larger included,
            // where the two definitions of "exceeds" disagree).
            for (int i = 0; i < exact[m].length; i++) {
                double lo = Math.min(exact[m][i], estimated[m][i]);
                double hi = Math.max(exact[m][i], estimated[m][i]);
                bandSize[m] += lo == hi ? 0 : upperBound(sorted[m], hi) - upperBound(sorted[m], lo);
            }
            for (CustomerState c : customers) {
                if (!c.hasPurchased()) {
                    continue;
                }
                double v = MEASURE_OF.get(m).applyAsDouble(c);
                int batch = RfmBoundaries.score(v, exact[m]);
                int stream = RfmBoundaries.score(v, estimated[m]);
                if (batch != stream) {
                    differing[m]++;
                    assertThat(atBinEdge(v, exact[m], estimated[m])).as("%s=%s scores %d in batch, %d streaming",
                            MEASURES[m], v, batch, stream).isTrue();
                    assertThat(Math.abs(batch - stream)).isEqualTo(1);
                }
            }
            System.out.printf(Locale.ROOT, "RFM validation: %s boundaries exact %s, streaming %s; %d of %d customers "
                            + "score differently (%.3f%%), all at a bin edge (%d customers lie at the edges)%n",
                    MEASURES[m], Arrays.toString(exact[m]), Arrays.toString(estimated[m]), differing[m], buyers,
                    100.0 * differing[m] / buyers, bandSize[m]);
            // Each of the four edges holds at most the rank error's share of customers, plus the
            // customers tied on the exact or the estimated boundary value.
            long bound = 0;
            for (int i = 0; i < exact[m].length; i++) {
                bound += (long) Math.ceil(RfmSketch.RANK_ERROR * buyers) + ties(sorted[m], exact[m][i])
                        + ties(sorted[m], estimated[m][i]);
            }
            assertThat(differing[m]).isLessThanOrEqualTo(bandSize[m]).isLessThanOrEqualTo((int) bound);
        }
        int differentSegment = 0;
        for (CustomerState c : customers) {
            if (c.hasPurchased() && !streaming.segment(c).equals(
                    new RfmBoundaries(exact[0], exact[1], exact[2], buyers).segment(c))) {
                differentSegment++;
            }
        }
        System.out.printf(Locale.ROOT, "RFM validation: %d of %d customers in a different segment than in batch%n",
                differentSegment, buyers);
        assertThat(differentSegment).isLessThanOrEqualTo(differing[0] + differing[1] + differing[2]);
    }

    private static int ties(double[] sorted, double value) {
        return upperBound(sorted, value) - lowerBound(sorted, value);
    }

    /** Whether {@code v} lies between an exact boundary and its estimate, the larger included. */
    private static boolean atBinEdge(double v, double[] exact, double[] estimated) {
        for (int i = 0; i < exact.length; i++) {
            double lo = Math.min(exact[i], estimated[i]);
            double hi = Math.max(exact[i], estimated[i]);
            if (v > lo && v <= hi) {
                return true;
            }
        }
        return false;
    }
}
