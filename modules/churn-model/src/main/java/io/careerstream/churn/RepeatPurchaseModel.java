package io.careerstream.churn;

import java.util.List;
import java.util.Locale;

/**
 * A "buy till you die" model: customers buy at their own Poisson rate while alive and drop out
 * unobserved. Parameters are an array in the order of {@link #parameterNames()}; time is in weeks.
 */
public interface RepeatPurchaseModel {

    /**
     * The model called {@code name}: {@code mbgnbd} or {@code bgnbd}, case and a slash ignored
     * ("MBG/NBD" works too).
     *
     * @throws IllegalArgumentException for any other name
     */
    static RepeatPurchaseModel named(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace("/", "")) {
            case "mbgnbd" -> MbgNbd.INSTANCE;
            case "bgnbd" -> BgNbd.INSTANCE;
            default -> throw new IllegalArgumentException("Unknown model '" + name + "': use mbgnbd or bgnbd");
        };
    }

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
