package io.careerstream.domain.lift;

/**
 * One customer's exposure to one arm: from {@code at} on, for the window, their purchases count
 * towards the arm.
 *
 * @param purchases  the customer's purchases counted so far
 * @param spendMinor their spend counted so far, in the reporting currency's minor units
 */
public record Exposure(LiftArm arm, long at, long purchases, long spendMinor) {

    /** A new exposure, nothing bought yet. */
    public static Exposure at(LiftArm arm, long at) {
        return new Exposure(arm, at, 0, 0);
    }

    /** Whether a purchase at {@code purchaseAt} falls in the window: from the exposure (inclusive) for {@code windowMs}. */
    public boolean covers(long purchaseAt, long windowMs) {
        return purchaseAt >= at && purchaseAt - at < windowMs;
    }

    /** The first instant no purchase counts any more. */
    public long endsAt(long windowMs) {
        return at + windowMs;
    }

    /** The exposure after a purchase of {@code amountMinor} in its window. */
    public Exposure withPurchase(long amountMinor) {
        return new Exposure(arm, at, purchases + 1, spendMinor + amountMinor);
    }
}
