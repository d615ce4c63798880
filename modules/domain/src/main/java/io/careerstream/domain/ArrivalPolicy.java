package io.careerstream.domain;

import java.time.Duration;

/**
 * How a touchpoint that arrives again, or out of order, is treated.
 *
 * <p>Both periods are measured on the customer's own clock: the latest event time the customer's
 * state has reached (its latest touchpoint or evaluation). Wall-clock time plays no part, so a
 * replay decides exactly as live processing did.
 *
 * @param deduplicationWindow how long a touchpoint's de-duplication key is remembered: a resend
 *     while the customer's clock has moved on by less than this is recognised, however many other
 *     touchpoints came between
 * @param maxRememberedKeys the state budget: at most this many keys per customer; beyond it the
 *     oldest are forgotten early (a customer would need that many touchpoints within the window)
 * @param lateGrace how far behind the customer's clock a touchpoint may be and still be applied;
 *     one further behind is {@link Arrival#LATE}. Never longer than the window: a resend is then
 *     either remembered or late, and is never counted twice
 */
public record ArrivalPolicy(Duration deduplicationWindow, int maxRememberedKeys, Duration lateGrace) {

    public static final ArrivalPolicy DEFAULT = new ArrivalPolicy(Duration.ofDays(7), 1_000, Duration.ofDays(1));

    public ArrivalPolicy {
        if (deduplicationWindow.isNegative() || deduplicationWindow.isZero()) {
            throw new IllegalArgumentException("deduplicationWindow must be positive, was " + deduplicationWindow);
        }
        if (maxRememberedKeys < 1) {
            throw new IllegalArgumentException("maxRememberedKeys must be at least 1, was " + maxRememberedKeys);
        }
        if (lateGrace.isNegative() || lateGrace.compareTo(deduplicationWindow) > 0) {
            throw new IllegalArgumentException("lateGrace must be between 0 and the deduplicationWindow ("
                    + deduplicationWindow + "), was " + lateGrace);
        }
    }

    /** What a touchpoint is, given the state it arrives at. */
    public enum Arrival {
        /** To be applied. */
        NEW,
        /** A resend of a touchpoint already applied: changes nothing. */
        DUPLICATE,
        /** Further behind the customer's clock than the grace period: not applied. */
        LATE
    }
}
