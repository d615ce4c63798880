package io.careerstream.domain;

import java.time.Duration;

/** How finely and how far ahead a time-dependent map is looked ahead (see {@link CheckPlanner}). */
public record LookAhead(Duration granularity, Duration horizon) {
    public static final LookAhead DEFAULT = new LookAhead(Duration.ofDays(1), Duration.ofDays(730));

    public LookAhead {
        if (granularity.isNegative() || granularity.isZero() || horizon.compareTo(granularity) < 0) {
            throw new IllegalArgumentException("look-ahead needs 0 < granularity <= horizon, was " + granularity
                    + " and " + horizon);
        }
    }
}
