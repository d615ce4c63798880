package io.careerstream.churn;

import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.special.Gamma;

/**
 * A lifetime that is exponential with a mean of its own, the mean Gamma(shape, scale) across
 * customers (the simulation's regular and Poisson buyers): its survival function
 * G(t) = E[e^(−t/M)] and its density h(t) = E[e^(−t/M) / M], the customer's own mean M integrated
 * out. A history's likelihood needs exactly these: a purchase at t says the lifetime outlasted t
 * (one factor e^(−t/M) for the whole history, the lifetime being memoryless), and a drop-out at u
 * adds the rate 1/M. Neither has an elementary closed form (they are Bessel K functions, which
 * Hipparchus does not provide), so both are integrated over M with a fixed composite Gauss-Legendre
 * rule and kept in a table at quarter days, where the simulation's whole-day purchases and
 * half-day steps read them; other times are integrated on demand.
 */
final class LifetimeMarginal {

    private static final double STEP_DAYS = 0.25;
    private static final int PANELS = 64;
    private static final int POINTS_PER_PANEL = 20;

    private final double scale;
    /** Quadrature over y = M / scale: nodes, and weights times the Gamma(shape, 1) density of y. */
    private final double[] y;
    private final double[] weight;
    private final double[] survival;
    private final double[] density;

    LifetimeMarginal(double shape, double scale, double horizonDays) {
        this.scale = scale;
        double sd = Math.sqrt(shape);
        double lo = Math.max(0, shape - 40 * sd);
        double hi = shape + 40 * sd + 40;
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        y = new double[PANELS * POINTS_PER_PANEL];
        weight = new double[y.length];
        double width = (hi - lo) / PANELS;
        for (int p = 0; p < PANELS; p++) {
            GaussIntegrator rule = factory.legendreHighPrecision(POINTS_PER_PANEL, lo + p * width, lo + (p + 1) * width);
            for (int i = 0; i < POINTS_PER_PANEL; i++) {
                int n = p * POINTS_PER_PANEL + i;
                y[n] = rule.getPoint(i);
                weight[n] = rule.getWeight(i)
                        * Math.exp((shape - 1) * Math.log(y[n]) - y[n] - Gamma.logGamma(shape));
            }
        }
        int n = (int) Math.ceil(horizonDays / STEP_DAYS) + 1;
        survival = new double[n];
        density = new double[n];
        for (int i = 0; i < n; i++) {
            double[] both = integrate(i * STEP_DAYS);
            survival[i] = both[0];
            density[i] = both[1];
        }
    }

    /** P(lifetime > t). */
    double survival(double t) {
        int i = tableIndex(t);
        return i >= 0 ? survival[i] : integrate(t)[0];
    }

    /** The lifetime's density at t. */
    double density(double t) {
        int i = tableIndex(t);
        return i >= 0 ? density[i] : integrate(t)[1];
    }

    private int tableIndex(double t) {
        double position = t / STEP_DAYS;
        long i = Math.round(position);
        return position == i && i >= 0 && i < survival.length ? (int) i : -1;
    }

    private double[] integrate(double t) {
        double g = 0;
        double h = 0;
        for (int i = 0; i < y.length; i++) {
            double m = scale * y[i];
            double term = weight[i] * Math.exp(-t / m);
            g += term;
            h += term / m;
        }
        return new double[] {g, h};
    }
}
