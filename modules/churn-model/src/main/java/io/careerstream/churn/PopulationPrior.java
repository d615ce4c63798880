package io.careerstream.churn;

/**
 * The population the simulation draws its customers from ({@link ChurnSimulation#mixedCohort}): the
 * share of each kind of buyer and how each kind's hidden parameters are spread. Kept in one place so
 * that the simulation draws from it and the Bayes-optimal rule ({@link BayesianProbabilityAlive})
 * reasons with it: the two cannot drift apart. Times in days; every Gamma is (shape, scale).
 *
 * @param regularShare       share of regular buyers: Gamma(gap shape, mean gap / gap shape) gaps,
 *                           exponential lifetime in calendar time
 * @param poissonShare       share of Poisson buyers: exponential gaps, exponential lifetime
 * @param dropAfterShare     share of BG/NBD buyers: Poisson purchasing, gone right after a repeat
 *                           purchase with a probability of their own
 * @param meanGapShape       regular buyers' mean gap ~ Gamma(meanGapShape, meanGapScale)
 * @param meanGapScale       see {@code meanGapShape}
 * @param gapShapeMin        regular buyers' gap shape ~ Uniform(gapShapeMin, gapShapeMax)
 * @param gapShapeMax        see {@code gapShapeMin}
 * @param meanLifetimeShape  regular and Poisson buyers' mean lifetime ~ Gamma(meanLifetimeShape,
 *                           meanLifetimeScale); the lifetime itself is exponential with that mean
 * @param meanLifetimeScale  see {@code meanLifetimeShape}
 * @param rateShape          Poisson and BG/NBD buyers' purchase rate per day ~ Gamma(rateShape, rateScale)
 * @param rateScale          see {@code rateShape}
 * @param dropOutA           BG/NBD buyers' drop-out probability ~ Beta(dropOutA, dropOutB)
 * @param dropOutB           see {@code dropOutA}
 */
public record PopulationPrior(double regularShare, double poissonShare, double dropAfterShare,
                              double meanGapShape, double meanGapScale, double gapShapeMin, double gapShapeMax,
                              double meanLifetimeShape, double meanLifetimeScale,
                              double rateShape, double rateScale, double dropOutA, double dropOutB) {

    /**
     * The simulation's population: a third of each kind; mean gaps about a month (a week to three
     * months across regular buyers), gap CV 0.58 down to 0.29, mean lifetimes about 300 days, Poisson
     * and BG/NBD buyers' mean gap about 40 days, about one repeat purchase in eight the last.
     */
    public static final PopulationPrior MIXED_COHORT = new PopulationPrior(1.0 / 3, 1.0 / 3, 1.0 / 3,
            4, 30.0 / 4, 3, 12, 2, 300.0 / 2, 1.5, 1.0 / 40 / 1.5, 1.5, 10);

    public PopulationPrior {
        if (!(regularShare >= 0 && poissonShare >= 0 && dropAfterShare >= 0)
                || Math.abs(regularShare + poissonShare + dropAfterShare - 1) > 1e-9) {
            throw new IllegalArgumentException("The shares of the three kinds must be non-negative and add up to 1");
        }
        if (!(gapShapeMin >= 1 && gapShapeMax > gapShapeMin)) {
            throw new IllegalArgumentException("Need 1 <= gapShapeMin < gapShapeMax, was " + gapShapeMin + ", " + gapShapeMax);
        }
        for (double positive : new double[] {meanGapShape, meanGapScale, meanLifetimeShape, meanLifetimeScale, rateShape,
            rateScale, dropOutA, dropOutB}) {
            if (!(positive > 0 && Double.isFinite(positive))) {
                throw new IllegalArgumentException("Every shape and scale must be positive and finite, was " + positive);
            }
        }
    }
}
