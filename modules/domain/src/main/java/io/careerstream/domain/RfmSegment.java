package io.careerstream.domain;

/**
 * The common named RFM segments. The names and what they mean follow the segment table Putler
 * published for RFM analysis (eleven segments on the recency score and the mean of the frequency
 * and monetary scores), which many RFM tools copy. That table's score ranges overlap (a customer
 * with R=2 and FM=2 fits "At risk", "Hibernating" and "Lost" at once), so we resolve it into one
 * segment per (R, FM) cell, below; docs/career-map.md shows the same grid.
 *
 * <pre>
 *        FM=1            FM=2                FM=3                FM=4             FM=5
 * R=5  New customers   Potential loyalist  Potential loyalist  Champions        Champions
 * R=4  Promising       Potential loyalist  Potential loyalist  Champions        Champions
 * R=3  About to sleep  Need attention      Need attention      Loyal            Loyal
 * R=2  Hibernating     Hibernating         At risk             At risk          At risk
 * R=1  Lost            Lost                At risk             Can't lose them  Can't lose them
 * </pre>
 *
 * FM is the mean of F and M rounded half up ((F + M + 1) / 2), so it is 1–5 like the others.
 */
public enum RfmSegment {
    CHAMPIONS("Champions"),
    LOYAL("Loyal"),
    POTENTIAL_LOYALIST("Potential loyalist"),
    NEW_CUSTOMERS("New customers"),
    PROMISING("Promising"),
    NEED_ATTENTION("Need attention"),
    ABOUT_TO_SLEEP("About to sleep"),
    AT_RISK("At risk"),
    CANT_LOSE_THEM("Can't lose them"),
    HIBERNATING("Hibernating"),
    LOST("Lost"),
    /** Not scored: no purchase yet, or no population boundaries yet. */
    NONE("NONE");

    private static final RfmSegment[][] GRID = {
            // index [R - 1][FM - 1]
            {LOST, LOST, AT_RISK, CANT_LOSE_THEM, CANT_LOSE_THEM},
            {HIBERNATING, HIBERNATING, AT_RISK, AT_RISK, AT_RISK},
            {ABOUT_TO_SLEEP, NEED_ATTENTION, NEED_ATTENTION, LOYAL, LOYAL},
            {PROMISING, POTENTIAL_LOYALIST, POTENTIAL_LOYALIST, CHAMPIONS, CHAMPIONS},
            {NEW_CUSTOMERS, POTENTIAL_LOYALIST, POTENTIAL_LOYALIST, CHAMPIONS, CHAMPIONS},
    };

    private final String label;

    RfmSegment(String label) {
        this.label = label;
    }

    /** The name a map's conditions compare with, e.g. {@code rfmSegment == "Champions"}. */
    public String label() {
        return label;
    }

    /** The combined frequency-monetary score: the mean of F and M rounded half up. */
    public static int frequencyMonetary(int frequency, int monetary) {
        return (frequency + monetary + 1) / 2;
    }

    /** The segment of scores 1–5; {@link #NONE} when any score is 0 (not scored). */
    public static RfmSegment of(int recency, int frequency, int monetary) {
        if (recency == 0 || frequency == 0 || monetary == 0) {
            return NONE;
        }
        check("recency", recency);
        check("frequency", frequency);
        check("monetary", monetary);
        return GRID[recency - 1][frequencyMonetary(frequency, monetary) - 1];
    }

    private static void check(String name, int score) {
        if (score < 1 || score > 5) {
            throw new IllegalArgumentException(name + " score must be 0 (not scored) or 1-5, was " + score);
        }
    }
}
