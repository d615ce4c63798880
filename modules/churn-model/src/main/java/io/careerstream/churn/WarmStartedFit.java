package io.careerstream.churn;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A maximum-likelihood fit on many customers with few evaluations of their whole likelihood. Nelder-Mead
 * needs hundreds to thousands of evaluations (about 1,400 for the regularity mixture's eight parameters),
 * and at a million customers each costs up to a tenth of a second of CPU. So it runs, from the usual
 * start, on a deterministic subsample ({@link #SUBSAMPLE} customers: every m-th), whose maximum lies
 * close to the whole data's; from there {@link NewtonPolish} climbs the whole data's likelihood to its
 * maximum in a few steps. The estimates are the whole data's maximum, as Nelder-Mead on all customers
 * finds it, to the precision of either (see {@code WarmStartedFitTest}). Where Newton's method gives up
 * (the likelihood not clearly peaked), Nelder-Mead finishes on all customers from the subsample's maximum.
 *
 * <p>Below {@link #FROM_CUSTOMERS} customers a fit is Nelder-Mead on all of them, as it always was: it
 * takes seconds there, and keeps every printed digit where the data leaves a parameter undetermined
 * (CDNOW's mixture weights), which any other path would move along the flat direction.
 */
final class WarmStartedFit {

    /** Customers the warm start is fitted on. */
    static final int SUBSAMPLE = 20_000;
    /** From this many customers on a fit starts from a subsample's. */
    static final int FROM_CUSTOMERS = 100_000;

    private WarmStartedFit() {
    }

    /**
     * The fit of the likelihood {@code likelihood} makes of a set of grouped customers, on {@code customers},
     * from {@code start}.
     */
    static MaximumLikelihood.Fit fit(List<String> names, double[] start,
                                     Function<CustomerGroups, ToDoubleFunction<double[]>> likelihood,
                                     CustomerGroups customers) {
        return fit(names, start, likelihood, customers, FROM_CUSTOMERS, SUBSAMPLE);
    }

    static MaximumLikelihood.Fit fit(List<String> names, double[] start,
                                     Function<CustomerGroups, ToDoubleFunction<double[]>> likelihood,
                                     CustomerGroups customers, int fromCustomers, int subsample) {
        ToDoubleFunction<double[]> whole = likelihood.apply(customers);
        if (customers.customers() < fromCustomers) {
            return MaximumLikelihood.fit(names, start, whole);
        }
        CustomerGroups some = subsample(customers, subsample);
        ToDoubleFunction<double[]> part = likelihood.apply(some);
        MaximumLikelihood.Fit warm = MaximumLikelihood.fit(names, start, part);
        // The subsample's curvature, scaled to all customers, is Newton's first Hessian: close to the whole data's
        // near the maximum, at a fraction of the cost.
        double[][] curvature = NewtonPolish.negativeHessian(part, warm.parameters());
        double scale = (double) customers.customers() / some.customers();
        for (double[] row : curvature) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= scale;
            }
        }
        MaximumLikelihood.Fit polished = NewtonPolish.polish(names, warm.parameters(), whole, curvature);
        if (polished != null) {
            return polished;
        }
        return MaximumLikelihood.fit(names, warm.parameters(), whole, 0.05, MaximumLikelihood.TOLERANCE);
    }

    /** Every m-th customer, m chosen to leave about {@code size}: the same customers on every run. */
    static CustomerGroups subsample(CustomerGroups customers, int size) {
        List<PurchaseSummary> all = customers.summaries();
        int every = Math.max(1, all.size() / size);
        List<PurchaseSummary> some = new ArrayList<>(all.size() / every + 1);
        for (int i = 0; i < all.size(); i += every) {
            some.add(all.get(i));
        }
        return CustomerGroups.of(some);
    }
}
