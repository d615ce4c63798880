package io.careerstream.churn;

/**
 * P(at least one purchase in the next t weeks | history), for every model, in closed form: a
 * model's likelihood of (x, t_x, T) is the probability (density) of the purchases and of no
 * purchase from t_x to T, so "no purchase until T + t" given the history is the ratio of the
 * likelihoods at T + t and at T, and the answer is 1 minus it. For BG/NBD and MBG/NBD this is
 * P(alive) · (1 − ((α+T)/(α+T+t))^(r+x)); for MBG/CNBD-k, the mixture and Pareto/NBD the same ratio
 * holds without writing their terms out again. Factors that do not involve T (the intervals'
 * Erlang factor, the spend) cancel.
 */
public final class HoldoutPurchaseProbability {

    private HoldoutPurchaseProbability() {
    }

    public static double atLeastOnePurchase(RepeatPurchaseModel model, double[] parameters, PurchaseSummary history,
                                            double weeks) {
        if (!(weeks >= 0)) {
            throw new IllegalArgumentException("The horizon must be at least 0 weeks, was " + weeks);
        }
        PurchaseSummary later = new PurchaseSummary(history.x(), history.tx(), history.T() + weeks,
                history.meanRepeatSpend(), history.logIntervalSum());
        double logNone = model.logLikelihood(parameters, later) - model.logLikelihood(parameters, history);
        return Math.max(0.0, -Math.expm1(logNone)); // 0.0, not -0.0, where nothing can happen
    }
}
