package io.careerstream.domain.map;

/**
 * How a career map wants some features kept: how many product categories each customer's state
 * remembers, and how fast engagement fades. Part of the map (its {@code settings:} block), because
 * they define what its conditions read; the defaults suit most maps.
 *
 * @param maxCategories the most recently bought categories whose rhythm is kept (default 8; each
 *     costs about 12 bytes of state)
 * @param engagementHalfLifeDays the half-life of the decayed engagement counts (default 90 days)
 */
public record FeatureSettings(int maxCategories, double engagementHalfLifeDays) {

    public static final FeatureSettings DEFAULT = new FeatureSettings(8, 90.0);

    public FeatureSettings {
        if (maxCategories < 0 || maxCategories > 64) {
            throw new IllegalArgumentException("settings.maxCategories must be between 0 and 64, was " + maxCategories);
        }
        if (!(engagementHalfLifeDays > 0) || Double.isInfinite(engagementHalfLifeDays)) {
            throw new IllegalArgumentException("settings.engagementHalfLifeDays must be a positive number of days, was "
                    + engagementHalfLifeDays);
        }
    }

    public double engagementHalfLifeMs() {
        return engagementHalfLifeDays * 86_400_000.0;
    }
}
