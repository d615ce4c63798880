package io.careerstream.domain.lift;

/**
 * What an arm's customers did within the window after their exposure: sums only, so that the
 * counts of several tasks and instances add up, and every figure of {@link LiftStatistics} follows
 * from them.
 *
 * @param customers    customers exposed (each once per arm)
 * @param converters   of them, those who bought at least once within the window
 * @param purchases    their purchases within the window
 * @param spendMinor   their spend within the window, in the reporting currency's minor units
 * @param spendSquares the sum over customers of the square of each one's spend in the window (minor
 *                     units squared): the spend's variance across customers follows from it
 */
public record LiftCounts(long customers, long converters, long purchases, long spendMinor, double spendSquares) {

    public static final LiftCounts ZERO = new LiftCounts(0, 0, 0, 0, 0.0);

    /** The sum of two partial counts of one arm (two tasks, two instances). */
    public LiftCounts plus(LiftCounts other) {
        return new LiftCounts(customers + other.customers, converters + other.converters, purchases + other.purchases,
                spendMinor + other.spendMinor, spendSquares + other.spendSquares);
    }

    /** One more customer exposed. */
    public LiftCounts withCustomer() {
        return new LiftCounts(customers + 1, converters, purchases, spendMinor, spendSquares);
    }

    /**
     * A purchase of {@code amountMinor} by a customer whose window held {@code before} so far: a
     * first purchase makes a converter, and the customer's squared spend moves from its old to its
     * new total.
     */
    public LiftCounts withPurchase(Exposure before, long amountMinor) {
        double oldSpend = before.spendMinor();
        double newSpend = oldSpend + amountMinor;
        return new LiftCounts(customers, converters + (before.purchases() == 0 ? 1 : 0), purchases + 1,
                spendMinor + amountMinor, spendSquares + newSpend * newSpend - oldSpend * oldSpend);
    }
}
