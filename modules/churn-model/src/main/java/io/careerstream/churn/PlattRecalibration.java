package io.careerstream.churn;

/**
 * Platt scaling: the recalibrated probability is σ(a + b·logit p), a logistic regression of the
 * outcome on the prediction's logit (a = 0, b = 1 is no change). The usual two-parameter
 * recalibration, shown beside {@link IntensityRecalibration}; unlike that one it is a map of p at
 * the horizon it was learned on, so learned on a 13-week p and applied to a 39-week p it assumes the
 * distortion is the same in logit terms at both, which nothing guarantees.
 */
public record PlattRecalibration(double intercept, double slope) {

    /** Predictions are kept this far from 0 and 1 so that their logit is finite. */
    private static final double EDGE = 1e-9;

    public PlattRecalibration {
        if (!Double.isFinite(intercept) || !Double.isFinite(slope)) {
            throw new IllegalArgumentException("Platt parameters must be finite, were " + intercept + ", " + slope);
        }
    }

    public double apply(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("A probability must be in [0, 1], was " + p);
        }
        return sigmoid(intercept + slope * logit(p));
    }

    public double[] apply(double[] predicted) {
        double[] out = new double[predicted.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = apply(predicted[i]);
        }
        return out;
    }

    /**
     * The maximum-likelihood (a, b) by Newton's method on the (concave) logistic log-likelihood, with
     * the step halved until the likelihood does not fall.
     *
     * @throws IllegalArgumentException without both outcomes, or when the outcomes are separated by the
     *     prediction (then the likelihood has no maximum)
     */
    public static PlattRecalibration fit(double[] predicted, boolean[] happened) {
        if (predicted.length != happened.length) {
            throw new IllegalArgumentException("Need one outcome per prediction, got " + predicted.length + " predictions and "
                    + happened.length + " outcomes");
        }
        double[] z = new double[predicted.length];
        boolean anyBought = false;
        boolean anyNot = false;
        for (int i = 0; i < z.length; i++) {
            if (!(predicted[i] >= 0 && predicted[i] <= 1)) {
                throw new IllegalArgumentException("A probability must be in [0, 1], was " + predicted[i]);
            }
            z[i] = logit(predicted[i]);
            anyBought |= happened[i];
            anyNot |= !happened[i];
        }
        if (!anyBought || !anyNot) {
            throw new IllegalArgumentException("Platt scaling needs customers who bought and who did not");
        }
        double a = 0;
        double b = 1;
        double current = logLikelihood(z, happened, a, b);
        for (int iteration = 0; iteration < 100; iteration++) {
            double ga = 0;
            double gb = 0;
            double haa = 0;
            double hab = 0;
            double hbb = 0;
            for (int i = 0; i < z.length; i++) {
                double q = sigmoid(a + b * z[i]);
                double residual = (happened[i] ? 1 : 0) - q;
                double weight = q * (1 - q);
                ga += residual;
                gb += residual * z[i];
                haa += weight;
                hab += weight * z[i];
                hbb += weight * z[i] * z[i];
            }
            double determinant = haa * hbb - hab * hab;
            if (!(determinant > 0)) {
                throw new IllegalArgumentException("Platt scaling is not identified here (all predictions equal?)");
            }
            double da = (hbb * ga - hab * gb) / determinant;
            double db = (haa * gb - hab * ga) / determinant;
            double step = 1;
            double next = logLikelihood(z, happened, a + da, b + db);
            while (next < current && step > 1e-6) {
                step /= 2;
                next = logLikelihood(z, happened, a + step * da, b + step * db);
            }
            a += step * da;
            b += step * db;
            boolean converged = Math.abs(step * da) < 1e-10 && Math.abs(step * db) < 1e-10;
            current = next;
            if (converged) {
                return new PlattRecalibration(a, b);
            }
        }
        if (Math.abs(a) > 50 || Math.abs(b) > 50) {
            throw new IllegalArgumentException("Platt scaling did not converge: the outcomes are separated by the prediction");
        }
        return new PlattRecalibration(a, b);
    }

    private static double logLikelihood(double[] z, boolean[] happened, double a, double b) {
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            double u = a + b * z[i];
            // ln σ(u) = −ln(1 + e^{−u}); ln(1 − σ(u)) = −ln(1 + e^{u}), both without overflow.
            sum -= softplus(happened[i] ? -u : u);
        }
        return sum;
    }

    private static double softplus(double u) {
        return u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u));
    }

    private static double logit(double p) {
        double q = Math.min(Math.max(p, EDGE), 1 - EDGE);
        return Math.log(q / (1 - q));
    }

    private static double sigmoid(double u) {
        return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
    }
}
