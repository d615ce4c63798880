package io.careerstream.churn;

import java.util.List;

/**
 * A "buy till you die" model: customers buy at their own Poisson rate while alive and drop out
 * unobserved. Parameters are an array in the order of {@link #parameterNames()}; time is in weeks.
 */
public interface RepeatPurchaseModel {

    String name();

    List<String> parameterNames();

    /** Log-likelihood of one customer's history. */
    double logLikelihood(double[] parameters, PurchaseSummary customer);

    /** Probability the customer is still alive at the end of their observation. */
    double probabilityAlive(double[] parameters, PurchaseSummary customer);

    /** Expected purchases in the next {@code t} weeks, given the history. */
    double conditionalExpectedPurchases(double[] parameters, PurchaseSummary customer, double t);

    /** Expected purchases of a new customer in their first {@code t} weeks (first purchase excluded). */
    double expectedPurchases(double[] parameters, double t);

    default double totalLogLikelihood(double[] parameters, List<PurchaseSummary> customers) {
        double sum = 0;
        for (PurchaseSummary c : customers) {
            sum += logLikelihood(parameters, c);
        }
        return sum;
    }
}
