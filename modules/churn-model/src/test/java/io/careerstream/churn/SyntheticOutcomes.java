package io.careerstream.churn;

import org.hipparchus.random.RandomGenerator;

/**
 * Synthetic predictions and the purchases they come true as, for the recalibration tests: the same
 * spread and draws from a seeded generator, so a test's numbers depend only on its seed.
 */
final class SyntheticOutcomes {

    private SyntheticOutcomes() {
    }

    /** {@code customers} predictions spread like CDNOW's (most low, some high). */
    static double[] spread(RandomGenerator random, int customers) {
        double[] p = new double[customers];
        for (int i = 0; i < customers; i++) {
            double u = random.nextDouble();
            p[i] = 0.02 + 0.9 * u * u;
        }
        return p;
    }

    /** Who bought: each customer with the probability {@code p} gives them. */
    static boolean[] draw(double[] p, RandomGenerator random) {
        boolean[] out = new boolean[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = random.nextDouble() < p[i];
        }
        return out;
    }
}
