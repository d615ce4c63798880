package io.careerstream.pipeline.config;

/**
 * How long a touchpoint with an unknown alias waits for its identity link ({@code pendingMs} of
 * stream time), and how many may wait in one task ({@code maxEntries}): the pending store is
 * bounded in time and in size, so an alias that is never linked cannot grow it without end.
 */
public record PendingLimits(long pendingMs, int maxEntries) {

    public static final PendingLimits DEFAULT = new PendingLimits(24L * 60 * 60 * 1000, 100_000);

    public PendingLimits {
        if (pendingMs <= 0) {
            throw new IllegalArgumentException("pendingMs must be positive, was " + pendingMs);
        }
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive, was " + maxEntries);
        }
    }
}
