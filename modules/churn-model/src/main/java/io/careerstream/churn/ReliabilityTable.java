package io.careerstream.churn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * How well predicted probabilities match what happened: customers in equal-count bins of their
 * predicted probability (deciles by default), each bin's mean prediction against the share for
 * which the event happened; the Brier score (mean squared error of the probability) and the expected
 * calibration error (ECE: the bins' |mean prediction − observed share|, weighted by their size).
 * Equal predictions stay in one bin (a bin ends after the last customer with its boundary's
 * prediction), so the table depends on the predictions only, not on the customers' order.
 *
 * @param bins     ascending by prediction
 * @param baseRate share of all customers for whom the event happened
 */
public record ReliabilityTable(String name, List<Bin> bins, double brier, double expectedCalibrationError, double baseRate) {

    /** One bin: its customers, their mean and range of prediction, and the share with the event. */
    public record Bin(int customers, double meanPredicted, double lowest, double highest, double observed) {
    }

    public static final int DECILES = 10;

    public static ReliabilityTable of(String name, double[] predicted, boolean[] happened) {
        return of(name, predicted, happened, DECILES);
    }

    public static ReliabilityTable of(String name, double[] predicted, boolean[] happened, int binCount) {
        int n = predicted.length;
        if (n == 0 || happened.length != n) {
            throw new IllegalArgumentException("Need one outcome per prediction, and at least one of each");
        }
        if (binCount < 1) {
            throw new IllegalArgumentException("Need at least one bin, was " + binCount);
        }
        for (double p : predicted) {
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("A probability must be in [0, 1], was " + p);
            }
        }
        int[] order = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> predicted[i]))
                .mapToInt(Integer::intValue).toArray();
        List<Bin> bins = new ArrayList<>();
        double brier = 0;
        double ece = 0;
        int events = 0;
        int start = 0;
        for (int b = 1; b <= binCount && start < n; b++) {
            int end = (int) ((long) b * n / binCount);
            if (end <= start) {
                continue;
            }
            while (end < n && predicted[order[end]] == predicted[order[end - 1]]) {
                end++; // ties stay together
            }
            double sum = 0;
            int happenedHere = 0;
            for (int i = start; i < end; i++) {
                int c = order[i];
                sum += predicted[c];
                happenedHere += happened[c] ? 1 : 0;
                double error = predicted[c] - (happened[c] ? 1 : 0);
                brier += error * error;
            }
            int size = end - start;
            double mean = sum / size;
            double observed = (double) happenedHere / size;
            ece += size * Math.abs(mean - observed);
            events += happenedHere;
            bins.add(new Bin(size, mean, predicted[order[start]], predicted[order[end - 1]], observed));
            start = end;
        }
        return new ReliabilityTable(name, List.copyOf(bins), brier / n, ece / n, (double) events / n);
    }

    /**
     * The ECE a perfectly calibrated model with these predictions would show on this many customers:
     * outcomes drawn as Bernoulli(prediction), {@code draws} times (seeded), the mean ECE. A
     * decile's share of a few hundred customers is itself uncertain by a few hundredths, so an ECE
     * measured on a small sample is read against this floor.
     */
    public static double expectedCalibrationErrorByChance(double[] predicted, int draws, long seed) {
        org.hipparchus.random.RandomGenerator random = new org.hipparchus.random.Well19937c(seed);
        boolean[] outcome = new boolean[predicted.length];
        double sum = 0;
        for (int d = 0; d < draws; d++) {
            for (int i = 0; i < predicted.length; i++) {
                outcome[i] = random.nextDouble() < predicted[i];
            }
            sum += of("chance", predicted, outcome).expectedCalibrationError();
        }
        return sum / draws;
    }

    /**
     * The Brier skill score: 1 − Brier / the Brier of predicting the base rate for everybody. Above 0
     * the predictions tell customers apart; 0 for a model that knows only the average.
     */
    public double brierSkill() {
        return 1 - brier / (baseRate * (1 - baseRate));
    }
}
