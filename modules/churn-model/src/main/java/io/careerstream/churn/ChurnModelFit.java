package io.careerstream.churn;

import java.util.List;

/**
 * The churn model fitted on customers' histories: a repeat-purchase model (MBG/NBD, MBG/CNBD-k, the regularity mixture,
 * BG/NBD or Pareto/NBD)
 * for P(alive) and expected purchases, and Gamma-Gamma for the spend per purchase, with what the
 * data can vouch for. What {@code ./careerstream model fit} prints and publishes.
 *
 * @param model        the repeat-purchase model fitted
 * @param purchases    its fit on every customer
 * @param spend        the Gamma-Gamma fit (only repeat buyers with a positive spend inform it)
 * @param customers    customers the purchase fit used
 * @param repeatBuyers customers with a repeat purchase and a positive mean spend
 */
public record ChurnModelFit(RepeatPurchaseModel model, MaximumLikelihood.Fit purchases, MaximumLikelihood.Fit spend,
                            int customers, int repeatBuyers) {

    /** Fewer customers than this give no reliable fit. */
    public static final int MIN_RELIABLE_CUSTOMERS = 100;

    private static final double[] PURCHASE_START = {1, 3, 1, 3};
    private static final double[] SPEND_START = {1, 1, 1};

    /**
     * Fits the model called {@code name} (see {@link RepeatPurchaseModel#named}) and Gamma-Gamma;
     * {@code mbgcnbd} without a k estimates k as the one with the best likelihood.
     *
     * @throws IllegalArgumentException for an unknown name or when there are no customers
     */
    public static ChurnModelFit fit(String name, List<PurchaseSummary> customers) {
        if (name.toLowerCase(java.util.Locale.ROOT).replace("/", "").equals("mbgcnbd")) {
            if (customers.isEmpty()) {
                throw new IllegalArgumentException("No customers to fit on");
            }
            CustomerGroups groups = CustomerGroups.of(customers);
            MbgCnbd.RegularityFit regular = MbgCnbd.fit(groups, null);
            return withSpend(regular.model(), regular.fit(), groups);
        }
        RepeatPurchaseModel model = RepeatPurchaseModel.named(name);
        if (model == RegularityMixture.INSTANCE) {
            if (customers.isEmpty()) {
                throw new IllegalArgumentException("No customers to fit on");
            }
            CustomerGroups groups = CustomerGroups.of(customers);
            if (!groups.allIntervalsKnown()) {
                throw new IllegalArgumentException("The regularity mixture needs the intervals between purchases "
                        + "(a transactions file); running totals keep none");
            }
            return withSpend(model, RegularityMixture.fit(groups), groups);
        }
        return fit(model, customers);
    }

    /**
     * Fits {@code model} and Gamma-Gamma by maximum likelihood.
     *
     * @throws IllegalArgumentException when there are no customers
     */
    public static ChurnModelFit fit(RepeatPurchaseModel model, List<PurchaseSummary> customers) {
        if (customers.isEmpty()) {
            throw new IllegalArgumentException("No customers to fit on");
        }
        CustomerGroups groups = CustomerGroups.of(customers);
        MaximumLikelihood.Fit purchases = WarmStartedFit.fit(model.parameterNames(), PURCHASE_START.clone(),
                model::totalLogLikelihood, groups);
        return withSpend(model, purchases, groups);
    }

    /** {@code purchases} as fitted, with Gamma-Gamma fitted on the same customers. */
    public static ChurnModelFit withSpend(RepeatPurchaseModel model, MaximumLikelihood.Fit purchases,
                                          List<PurchaseSummary> customers) {
        return withSpend(model, purchases, CustomerGroups.of(customers));
    }

    /** As {@link #withSpend(RepeatPurchaseModel, MaximumLikelihood.Fit, List)}, on customers grouped once for several fits. */
    public static ChurnModelFit withSpend(RepeatPurchaseModel model, MaximumLikelihood.Fit purchases,
                                          CustomerGroups customers) {
        long repeaters = customers.summaries().stream().filter(c -> c.x() > 0 && c.meanRepeatSpend() > 0).count();
        MaximumLikelihood.Fit spend = WarmStartedFit.fit(GammaGamma.PARAMETER_NAMES, SPEND_START.clone(),
                GammaGamma::totalLogLikelihood, customers);
        return new ChurnModelFit(model, purchases, spend, customers.customers(), (int) repeaters);
    }

    /** Whether there are enough customers for the fit to be trusted at all. */
    public boolean enoughCustomers() {
        return customers >= MIN_RELIABLE_CUSTOMERS;
    }

    /**
     * Whether the data pins every parameter of both fits down: each has a finite estimate and a
     * finite standard error that is not huge against it (a flat likelihood has none).
     */
    public boolean identified() {
        return identified(purchases) && identified(spend);
    }

    static boolean identified(MaximumLikelihood.Fit fit) {
        for (int i = 0; i < fit.parameters().length; i++) {
            double se = fit.standardErrors()[i];
            if (!Double.isFinite(se) || !Double.isFinite(fit.parameters()[i]) || se > 10 * fit.parameters()[i] + 10) {
                return false;
            }
        }
        return true;
    }

    /** Whether these parameters can drive the stream: the MBG family (MBG/NBD, MBG/CNBD-k, the regularity mixture) does. */
    public boolean drivesTheStream() {
        return drivesTheStream(model);
    }

    /** Whether {@code model}'s parameters can drive the stream. */
    public static boolean drivesTheStream(RepeatPurchaseModel model) {
        return model == MbgNbd.INSTANCE || model instanceof MbgCnbd || model == RegularityMixture.INSTANCE;
    }

    /**
     * The parameters the stream uses (with the class weights for the regularity mixture).
     *
     * @throws IllegalStateException    when the purchase model is not of the MBG family
     * @throws IllegalArgumentException when a parameter is out of its range (for example q &le; 1)
     */
    public ChurnModelParameters parameters() {
        if (!drivesTheStream()) {
            throw new IllegalStateException("Only MBG/NBD, MBG/CNBD-k and MBG/CNBD-mix parameters drive the stream, this fit is "
                    + model.name());
        }
        return streamParameters(model, purchases.parameters(), spend.parameters());
    }

    /**
     * The stream's parameters for {@code model} fitted as {@code purchases} (in the order of its
     * parameter names) and Gamma-Gamma's {@code gammaGamma} (p, q, gamma).
     *
     * @throws IllegalArgumentException when the model cannot drive the stream or a parameter is out of range
     */
    public static ChurnModelParameters streamParameters(RepeatPurchaseModel model, double[] purchases, double[] gammaGamma) {
        if (!drivesTheStream(model)) {
            throw new IllegalArgumentException(model.name() + " does not drive the stream");
        }
        if (model == RegularityMixture.INSTANCE) {
            return ChurnModelParameters.mixture(purchases[0], purchases[1], purchases[2], purchases[3], gammaGamma[0],
                    gammaGamma[1], gammaGamma[2], java.util.Arrays.stream(RegularityMixture.weights(purchases)).boxed().toList());
        }
        return new ChurnModelParameters(purchases[0], purchases[1], purchases[2], purchases[3], gammaGamma[0], gammaGamma[1],
                gammaGamma[2], model.regularity());
    }
}
