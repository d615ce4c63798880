package io.careerstream.pipeline.career;

import io.careerstream.domain.ReportingCurrency;
import io.careerstream.churn.ChurnModelFit;
import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.churn.PurchaseSummary;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.churn.RegularityMixture;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.contracts.RegularityClass;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The churn model's values and the published contracts, both ways: the parameters the stream
 * runs on and the {@link ModelParameters} record on the model-parameters topic, and a
 * {@link CustomerProfile} as the purchase summary a fit reads.
 */
public final class ChurnModelContracts {

    private ChurnModelContracts() {
    }

    /** The record {@code model fit --publish} publishes for {@code fit}, fitted at {@code fittedAt}. */
    public static ModelParameters toContract(ChurnModelFit fit, Instant fittedAt) {
        return toContract(fit.parameters(), fittedAt, fit.customers(), fit.purchases().logLikelihood());
    }

    /**
     * The record for parameters fitted at {@code fittedAt} on {@code customers} customers, with
     * the purchase model's log-likelihood at the fit.
     */
    public static ModelParameters toContract(ChurnModelParameters p, Instant fittedAt, int customers,
                                             double logLikelihood) {
        List<RegularityClass> weights = new ArrayList<>();
        for (int i = 0; i < p.regularityWeights().size(); i++) {
            weights.add(new RegularityClass(RegularityMixture.CLASSES[i], p.regularityWeights().get(i)));
        }
        return ModelParameters.newBuilder().setModel(p.purchaseModel().name()).setK(p.k())
                .setR(p.r()).setAlpha(p.alpha()).setA(p.a()).setB(p.b())
                .setP(p.p()).setQ(p.q()).setGamma(p.gamma())
                .setFittedAt(fittedAt).setCustomers(customers).setLogLikelihood(logLikelihood)
                .setRegularityWeights(weights).build();
    }

    /**
     * The parameters a published record carries.
     *
     * @throws IllegalArgumentException when they are out of range (see {@link ChurnModelParameters})
     */
    public static ChurnModelParameters toDomain(ModelParameters m) {
        List<RegularityClass> classes = m.getRegularityWeights();
        if (classes.isEmpty()) {
            return new ChurnModelParameters(m.getR(), m.getAlpha(), m.getA(), m.getB(), m.getP(), m.getQ(), m.getGamma(), m.getK());
        }
        int[] expected = RegularityMixture.CLASSES;
        List<Double> weights = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            if (i >= expected.length || classes.get(i).getK() != expected[i]) {
                throw new IllegalArgumentException("regularityWeights must list the classes k = "
                        + Arrays.toString(expected) + " in that order, got k = "
                        + classes.stream().map(c -> String.valueOf(c.getK())).toList());
            }
            weights.add(classes.get(i).getWeight());
        }
        return new ChurnModelParameters(m.getR(), m.getAlpha(), m.getA(), m.getB(), m.getP(), m.getQ(), m.getGamma(),
                m.getK(), weights);
    }

    /** A profile's total spend in major units of its reporting currency (USD when it names none). */
    static double spendInMajorUnits(CustomerProfile p) {
        String currency = p.getReportingCurrency() == null ? ReportingCurrency.USD.code() : p.getReportingCurrency();
        return p.getTotalSpendMinor() / Math.pow(10, ReportingCurrency.fractionDigits(currency));
    }

    /**
     * The customer's purchase summary at {@code end}, from the running totals the profile keeps;
     * empty for a customer with no purchase yet, or whose first purchase is after {@code end}.
     */
    public static Optional<PurchaseSummary> purchaseSummary(CustomerProfile p, Instant end) {
        if (p.getFirstPurchaseAt() == null || p.getFirstPurchaseAt().isAfter(end)) {
            return Optional.empty();
        }
        return Optional.of(PurchaseSummary.fromTotals(p.getPurchaseDays(), p.getFirstPurchaseAt(), p.getLastPurchaseAt(),
                spendInMajorUnits(p), end));
    }
}
