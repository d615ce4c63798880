package io.careerstream.churn;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * A level rule's F1 against its detection delay, through its levels: the points sorted by delay,
 * joined by straight lines (a level between two scored ones lands near the line between them). Its
 * frontier at a delay D is the best F1 of any point of the line no later than D: what the rule can
 * reach when alerts may come D days late, and what "within 0.02 F1 of the limit at every delay"
 * compares.
 *
 * @param delays ascending
 * @param f1     F1 at each delay
 */
public record TradeOffCurve(String name, Delay measure, double[] delays, double[] f1) {

    /** Which figure of a score's detection delays a curve is drawn against. */
    public enum Delay {
        MEDIAN("median", ChurnSimulation.Score::medianDelayDays),
        MEAN("mean", ChurnSimulation.Score::meanDelayDays),
        P90("90th percentile", ChurnSimulation.Score::p90DelayDays);

        private final String label;
        private final ToDoubleFunction<ChurnSimulation.Score> of;

        Delay(String label, ToDoubleFunction<ChurnSimulation.Score> of) {
            this.label = label;
            this.of = of;
        }

        public String label() {
            return label;
        }

        public double of(ChurnSimulation.Score score) {
            return of.applyAsDouble(score);
        }
    }

    /** How far one curve's frontier falls below another's, over the delays both reach. */
    public record Shortfall(double largest, double atDelay, double fromDelay, double toDelay) {
    }

    public TradeOffCurve {
        if (delays.length != f1.length) {
            throw new IllegalArgumentException("One F1 per delay");
        }
        for (int i = 1; i < delays.length; i++) {
            if (delays[i] < delays[i - 1]) {
                throw new IllegalArgumentException("Delays must ascend");
            }
        }
    }

    /** The curve of {@code scores} against {@code measure}; levels that caught nobody are left out. */
    public static TradeOffCurve of(String name, List<ChurnSimulation.Score> scores, Delay measure) {
        List<ChurnSimulation.Score> points = scores.stream().filter(s -> !Double.isNaN(measure.of(s)))
                .sorted(Comparator.comparingDouble(measure::of)).toList();
        return new TradeOffCurve(name, measure, points.stream().mapToDouble(measure::of).toArray(),
                points.stream().mapToDouble(ChurnSimulation.Score::f1).toArray());
    }

    public boolean isEmpty() {
        return delays.length == 0;
    }

    /** The best F1 on the curve no later than {@code delay}; NaN before its first point. */
    public double bestF1Within(double delay) {
        if (isEmpty() || delay < delays[0]) {
            return Double.NaN;
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < delays.length; i++) {
            if (delays[i] <= delay) {
                best = Math.max(best, f1[i]);
            }
            if (i + 1 < delays.length && delays[i] <= delay && delay < delays[i + 1]) {
                double fraction = (delay - delays[i]) / (delays[i + 1] - delays[i]);
                best = Math.max(best, f1[i] + fraction * (f1[i + 1] - f1[i]));
            }
        }
        return best;
    }

    /** The earliest delay at which the curve reaches F1 {@code target}; NaN if it never does. */
    public double delayToReach(double target) {
        if (isEmpty()) {
            return Double.NaN;
        }
        if (f1[0] >= target) {
            return delays[0];
        }
        for (int i = 0; i + 1 < delays.length; i++) {
            if (f1[i + 1] >= target) {
                // f1[i] < target here: every earlier point stayed below it.
                return delays[i] + (target - f1[i]) / (f1[i + 1] - f1[i]) * (delays[i + 1] - delays[i]);
            }
        }
        return Double.NaN;
    }

    /**
     * How far this curve's frontier falls below {@code limit}'s, at its worst, over the delays both
     * curves reach (checked at every quarter day and at every point of either); a negative largest
     * shortfall means this curve is above the limit everywhere. NaN when the curves share no delay.
     */
    public Shortfall shortfallBelow(TradeOffCurve limit) {
        return shortfallBelow(limit, Double.NEGATIVE_INFINITY);
    }

    /**
     * As {@link #shortfallBelow(TradeOffCurve)}, counting only the delays at which the limit reaches
     * at least {@code limitF1}: the range where alerts are right often enough to be used.
     */
    public Shortfall shortfallBelow(TradeOffCurve limit, double limitF1) {
        if (isEmpty() || limit.isEmpty()) {
            return new Shortfall(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double from = Math.max(delays[0], limit.delays[0]);
        double to = Math.min(delays[delays.length - 1], limit.delays[limit.delays.length - 1]);
        if (from > to) {
            return new Shortfall(Double.NaN, Double.NaN, from, to);
        }
        double[] checked = IntStream.rangeClosed(0, (int) Math.floor((to - from) * 4)).mapToDouble(i -> from + i / 4.0)
                .toArray();
        double[] all = Arrays.copyOf(checked, checked.length + delays.length + limit.delays.length);
        System.arraycopy(delays, 0, all, checked.length, delays.length);
        System.arraycopy(limit.delays, 0, all, checked.length + delays.length, limit.delays.length);
        double largest = Double.NEGATIVE_INFINITY;
        double at = Double.NaN;
        for (double d : all) {
            if (d < from || d > to || limit.bestF1Within(d) < limitF1) {
                continue;
            }
            double gap = limit.bestF1Within(d) - bestF1Within(d);
            if (gap > largest) {
                largest = gap;
                at = d;
            }
        }
        return new Shortfall(largest, at, from, to);
    }
}
