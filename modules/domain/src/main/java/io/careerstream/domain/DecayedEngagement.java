package io.careerstream.domain;

import java.util.Arrays;

/**
 * Engagement that fades: email opens and clicks, inquiries, positive and negative mentions as
 * exponentially decayed counts beside the lifetime counts, so that "engaged lately" can be told
 * from "engaged two years ago". Each touchpoint adds 1 at its own time; a count halves every
 * half-life (the career map's {@code settings.engagementHalfLifeDays}, 90 days by default).
 *
 * <p>Stored as the counts at one reference time (the latest touchpoint counted) and decayed to
 * any later moment when read: O(1) state per kind. A touchpoint older than the reference (a late
 * one) adds its weight already decayed to the reference time, so the result does not depend on
 * the order of arrival. Counts are kept at float precision (the codec stores 4 bytes for each kind
 * that is not zero), which is far finer than any threshold a map would use.
 */
public final class DecayedEngagement {

    /** The decayed kinds, in storage order. */
    public enum Kind { EMAIL_OPEN, EMAIL_CLICK, INQUIRY, POSITIVE_MENTION, NEGATIVE_MENTION }

    private long referenceAt;
    private final double[] counts = new double[Kind.values().length];

    public boolean isEmpty() {
        return referenceAt == 0;
    }

    long referenceAt() {
        return referenceAt;
    }

    double countAtReference(Kind kind) {
        return counts[kind.ordinal()];
    }

    /** The decayed count of {@code kind} at {@code now} (never more than at the reference time). */
    public double at(Kind kind, long now, double halfLifeMs) {
        if (referenceAt == 0) {
            return 0.0;
        }
        return counts[kind.ordinal()] * decay(Math.max(0, now - referenceAt), halfLifeMs);
    }

    void add(Kind kind, long at, double halfLifeMs) {
        if (referenceAt == 0) {
            referenceAt = at;
        } else if (at > referenceAt) {
            double factor = decay(at - referenceAt, halfLifeMs);
            for (int i = 0; i < counts.length; i++) {
                counts[i] = (float) (counts[i] * factor);
            }
            referenceAt = at;
        }
        counts[kind.ordinal()] = (float) (counts[kind.ordinal()] + decay(referenceAt - at, halfLifeMs));
    }

    /** For the codec. */
    void restore(long referenceAt, double[] values) {
        this.referenceAt = referenceAt;
        System.arraycopy(values, 0, counts, 0, counts.length);
    }

    DecayedEngagement copy() {
        DecayedEngagement c = new DecayedEngagement();
        c.restore(referenceAt, counts);
        return c;
    }

    private static double decay(long elapsedMs, double halfLifeMs) {
        return Math.pow(0.5, elapsedMs / halfLifeMs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecayedEngagement d && referenceAt == d.referenceAt && Arrays.equals(counts, d.counts);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(referenceAt);
    }
}
