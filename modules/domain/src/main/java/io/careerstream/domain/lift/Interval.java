package io.careerstream.domain.lift;

/** An estimate with its 95 % confidence interval; NaN bounds when the data cannot give one. */
public record Interval(double estimate, double low, double high) {

    public static final Interval NONE = new Interval(Double.NaN, Double.NaN, Double.NaN);

    /** Whether {@code value} lies within the bounds (inclusive). */
    public boolean contains(double value) {
        return value >= low && value <= high;
    }

    /** The same interval with every figure multiplied by {@code factor} (a change of unit). */
    public Interval times(double factor) {
        return new Interval(estimate * factor, low * factor, high * factor);
    }
}
