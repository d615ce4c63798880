package io.careerstream.domain;

import java.util.Arrays;

/**
 * The population's quintile boundaries of recency, frequency and monetary value, against which a
 * customer's RFM scores 1–5 are given. Plain numbers: the pipeline estimates them from quantile
 * sketches of all customers and hands them over; the domain does not know how they were made.
 *
 * <p>What is measured, for customers with a purchase only (a non-buyer has no RFM):
 * <ul>
 *   <li>R: the time of the last purchase (epoch ms), not "days since": so the value does not
 *       change with the clock, and a more recent last purchase is a larger value and a higher score;</li>
 *   <li>F: purchase days;</li>
 *   <li>M: total spend in currency units.</li>
 * </ul>
 *
 * <p>Each array holds the four boundaries at ranks 0.2, 0.4, 0.6 and 0.8, each the smallest value
 * with at least that fraction of customers at or below it. A value's score is 1 plus the number of
 * boundaries it exceeds: customers tied on a boundary value get the lower score, so a frequency
 * held by many customers (one purchase day) puts them all in the same quintile.
 *
 * @param customers how many customers the boundaries were estimated from (0: none yet)
 */
public record RfmBoundaries(double[] recency, double[] frequency, double[] monetary, long customers) {

    /** The ranks of the four boundaries between the five scores. */
    public static final double[] QUINTILE_RANKS = {0.2, 0.4, 0.6, 0.8};

    /** Before any boundaries exist: every score is 0. */
    public static final RfmBoundaries NONE = new RfmBoundaries(new double[0], new double[0], new double[0], 0);

    public RfmBoundaries {
        recency = checked("recency", recency, customers);
        frequency = checked("frequency", frequency, customers);
        monetary = checked("monetary", monetary, customers);
    }

    private static double[] checked(String name, double[] bounds, long customers) {
        int expected = customers == 0 ? 0 : QUINTILE_RANKS.length;
        if (bounds.length != expected) {
            throw new IllegalArgumentException(name + " needs " + expected + " boundaries for " + customers
                    + " customers, has " + bounds.length);
        }
        for (int i = 0; i < bounds.length; i++) {
            if (Double.isNaN(bounds[i]) || i > 0 && bounds[i] < bounds[i - 1]) {
                throw new IllegalArgumentException(name + " boundaries must be numbers in ascending order: "
                        + Arrays.toString(bounds));
            }
        }
        return bounds.clone();
    }

    /** Whether scores can be given: some customer has bought. */
    public boolean available() {
        return customers > 0;
    }

    /** The recency measure: the last purchase time (epoch ms). */
    public static double recencyOf(CustomerState s) {
        return s.lastPurchaseAt();
    }

    /** The frequency measure: purchase days. */
    public static double frequencyOf(CustomerState s) {
        return s.purchaseDays();
    }

    /**
     * The monetary measure: total spend, in minor units of the reporting currency (every customer's
     * in the same currency, which is all quintiles need).
     */
    public static double monetaryOf(CustomerState s) {
        return s.totalSpendMinor();
    }

    /** 1–5; 0 for a customer without a purchase or before any boundaries exist. */
    public int recencyScore(CustomerState s) {
        return scorable(s) ? score(recencyOf(s), recency) : 0;
    }

    /** 1–5; 0 for a customer without a purchase or before any boundaries exist. */
    public int frequencyScore(CustomerState s) {
        return scorable(s) ? score(frequencyOf(s), frequency) : 0;
    }

    /** 1–5; 0 for a customer without a purchase or before any boundaries exist. */
    public int monetaryScore(CustomerState s) {
        return scorable(s) ? score(monetaryOf(s), monetary) : 0;
    }

    /** The named segment of a customer's scores; {@link RfmSegment#NONE} when they are not scored. */
    public RfmSegment segment(CustomerState s) {
        return scorable(s) ? RfmSegment.of(recencyScore(s), frequencyScore(s), monetaryScore(s)) : RfmSegment.NONE;
    }

    private boolean scorable(CustomerState s) {
        return available() && s.hasPurchased();
    }

    /** 1 plus the number of ascending {@code boundaries} that {@code value} exceeds. */
    public static int score(double value, double[] boundaries) {
        int score = 1;
        for (double b : boundaries) {
            if (value > b) {
                score++;
            }
        }
        return score;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RfmBoundaries b && customers == b.customers && Arrays.equals(recency, b.recency)
                && Arrays.equals(frequency, b.frequency) && Arrays.equals(monetary, b.monetary);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(customers) * 31 + Arrays.hashCode(recency) * 17 + Arrays.hashCode(frequency) * 7
                + Arrays.hashCode(monetary);
    }

    @Override
    public String toString() {
        return "RfmBoundaries[customers=" + customers + ", recency=" + Arrays.toString(recency) + ", frequency="
                + Arrays.toString(frequency) + ", monetary=" + Arrays.toString(monetary) + "]";
    }

    // Records give accessors of the arrays themselves; hand out copies so nobody changes ours.
    @Override
    public double[] recency() {
        return recency.clone();
    }

    @Override
    public double[] frequency() {
        return frequency.clone();
    }

    @Override
    public double[] monetary() {
        return monetary.clone();
    }
}
