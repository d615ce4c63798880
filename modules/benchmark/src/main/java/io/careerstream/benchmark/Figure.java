package io.careerstream.benchmark;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One measured figure: a sample per run, reported as the median with the minimum and maximum, so
 * that one unlucky run on a shared machine shows as spread instead of moving the result.
 */
public record Figure(String section, String name, String unit, List<Double> samples) {

    public Figure {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("figure '" + name + "' has no sample");
        }
        samples = List.copyOf(samples);
    }

    public static Figure of(String section, String name, String unit, double... samples) {
        List<Double> list = new ArrayList<>(samples.length);
        for (double s : samples) {
            list.add(s);
        }
        return new Figure(section, name, unit, list);
    }

    public double median() {
        List<Double> sorted = sorted();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    public double min() {
        return sorted().get(0);
    }

    public double max() {
        List<Double> sorted = sorted();
        return sorted.get(sorted.size() - 1);
    }

    private List<Double> sorted() {
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        return sorted;
    }
}
