package io.careerstream.churn;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.IntConsumer;
import org.hipparchus.random.RandomDataGenerator;
import org.hipparchus.random.Well19937c;

/**
 * A simulated population's purchases written as a transactions file (CSV {@code customer_id,date,amount}),
 * to measure fits at any size: {@link ChurnSimulation#mixedCohort}'s regular, Poisson and BG/NBD buyers,
 * joining over the first half year of a two-year window (as {@code model evaluate} simulates them), and
 * amounts from Gamma-Gamma's own story (each customer's spend per purchase Gamma(p, nu), nu ~ Gamma(q,
 * gamma) across customers, near what CDNOW's fit says). Written customer by customer, so any size takes
 * the same memory.
 */
public final class SimulatedTransactions {

    /** What was written. */
    public record Written(int customers, long transactions) {
    }

    static final double JOIN_DAYS = 182;
    static final double WINDOW_DAYS = 728;
    private static final double SPEND_P = 6;
    private static final double SPEND_Q = 4;
    private static final double SPEND_GAMMA = 15;
    /** How often progress is reported, in customers. */
    private static final int PROGRESS_EVERY = 10_000;

    private SimulatedTransactions() {
    }

    /**
     * Writes {@code customers} simulated customers' purchases to {@code file} (replacing it), the window
     * starting on {@code start}; reports the customers written so far to {@code progress}. The same seed
     * gives the same file.
     */
    public static Written write(Path file, int customers, long seed, LocalDate start, IntConsumer progress) throws IOException {
        if (customers < 1) {
            throw new IllegalArgumentException("Simulate at least one customer, was " + customers);
        }
        ChurnSimulation simulation = new ChurnSimulation(seed);
        // Amounts from a generator of their own, so the purchase histories are mixedCohort's for the same seed.
        RandomDataGenerator amounts = RandomDataGenerator.of(new Well19937c(seed + 1));
        long[] transactions = {0};
        int[] written = {0};
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("customer_id,date,amount\n");
            IOException[] failure = {null};
            simulation.mixedCohort(customers, JOIN_DAYS, WINDOW_DAYS, customer -> {
                if (failure[0] != null) {
                    return;
                }
                String id = "c" + written[0];
                // Customers join over the first half year: the window's end is their last day of observation.
                LocalDate joined = start.plusDays(Math.round(WINDOW_DAYS - customer.observedUntil()));
                double scale = 1 / amounts.nextGamma(SPEND_Q, 1 / SPEND_GAMMA);
                try {
                    for (double day : customer.purchaseDays()) {
                        long cents = Math.max(1, Math.round(100 * amounts.nextGamma(SPEND_P, scale)));
                        out.write(id);
                        out.write(',');
                        out.write(joined.plusDays((long) day).toString());
                        out.write(',');
                        out.write(Long.toString(cents / 100));
                        out.write('.');
                        out.write((char) ('0' + cents % 100 / 10));
                        out.write((char) ('0' + cents % 10));
                        out.write('\n');
                        transactions[0]++;
                    }
                } catch (IOException e) {
                    failure[0] = e;
                }
                if (++written[0] % PROGRESS_EVERY == 0) {
                    progress.accept(written[0]);
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        progress.accept(written[0]);
        return new Written(written[0], transactions[0]);
    }
}
