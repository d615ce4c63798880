package io.careerstream.churn;

import java.util.stream.IntStream;

/**
 * A sum over {@code 0..size-1} taken on every core, in fixed chunks added up in chunk order, so
 * the result is the same double whatever the number of threads (an optimiser compares values
 * that differ in the last digits; a sum that depended on scheduling would make fits unrepeatable).
 */
final class ParallelSum {

    /** The sum of a contiguous range. */
    @FunctionalInterface
    interface RangeSum {
        double sum(int from, int to);
    }

    /** Big enough that a chunk's work dwarfs handing it to a thread, small enough to balance two cores. */
    static final int CHUNK = 4096;

    private ParallelSum() {
    }

    static double over(int size, RangeSum range) {
        int chunks = (size + CHUNK - 1) / CHUNK;
        if (chunks <= 1) {
            return range.sum(0, size);
        }
        double[] partial = new double[chunks];
        IntStream.range(0, chunks).parallel()
                .forEach(c -> partial[c] = range.sum(c * CHUNK, Math.min(size, (c + 1) * CHUNK)));
        double sum = 0;
        for (double p : partial) {
            sum += p;
        }
        return sum;
    }
}
