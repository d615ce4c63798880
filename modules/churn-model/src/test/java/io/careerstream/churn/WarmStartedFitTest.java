package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fit on many customers starts from a subsample's fit and ends with Newton's method on all of them; it must
 * give the estimates of Nelder-Mead on all of them (the fit as it was): each parameter the data pins down to
 * 4 significant digits and the maximum itself. Here the subsample path is forced on small populations (a
 * quarter or so of the customers as the subsample), for every model and Gamma-Gamma.
 */
class WarmStartedFitTest {

    private static final List<RepeatPurchaseModel> MODELS = List.of(BgNbd.INSTANCE, MbgNbd.INSTANCE, MbgCnbd.of(2),
            ParetoNbd.INSTANCE, RegularityMixture.INSTANCE);

    @Tag("slow") // tens of seconds of fits: in `mvn verify`, not in the inner loop
    @Test
    void onASimulatedPopulationEveryModelGetsNelderMeadsEstimatesInAFractionOfItsEvaluations(@TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("simulated.csv");
        SimulatedTransactions.write(file, 4000, 11, LocalDate.of(2023, 1, 1), written -> { });
        PurchaseHistories histories = PurchaseHistories.read(file, bytes -> { }).histories();
        CustomerGroups groups = CustomerGroups.of(histories.summariesAt(histories.lastDay().orElseThrow()));

        MODELS.parallelStream().forEach(model -> {
            Fits fits = fits(model.parameterNames(), start(model.parameterNames().size()), model::totalLogLikelihood,
                    groups, 1000);
            assertSameEstimates(model.name(), fits.warm, fits.whole);
            // Newton's method finished (no fall-back on the simplex): a few dozen to a few hundred evaluations of
            // all customers' likelihood where the simplex takes hundreds to thousands.
            assertThat(fits.warm.evaluations()).as(model.name() + " evaluations of all customers")
                    .isLessThan(fits.whole.evaluations() / 2);
        });
        Fits spend = fits(GammaGamma.PARAMETER_NAMES, new double[] {1, 1, 1}, GammaGamma::totalLogLikelihood, groups, 1000);
        assertSameEstimates("Gamma-Gamma", spend.warm, spend.whole);
    }

    @Tag("slow") // tens of seconds of fits: in `mvn verify`, not in the inner loop
    @Test
    void onCdnowEveryModelGetsNelderMeadsEstimatesWhereTheDataPinsThemDown() {
        // The mixture's weights of regular classes go to 0 here: Newton's method gives up on the flat directions and
        // the simplex finishes from the subsample's maximum.
        CustomerGroups groups = CustomerGroups.of(CdnowData.exactSample().values().stream()
                .map(CalibrationSplit.Customer::calibration).toList());
        MODELS.parallelStream().forEach(model -> {
            Fits fits = fits(model.parameterNames(), start(model.parameterNames().size()), model::totalLogLikelihood,
                    groups, 600);
            assertSameEstimates(model.name(), fits.warm, fits.whole);
        });
        Fits spend = fits(GammaGamma.PARAMETER_NAMES, new double[] {1, 1, 1}, GammaGamma::totalLogLikelihood, groups, 600);
        assertSameEstimates("Gamma-Gamma", spend.warm, spend.whole);
    }

    @Test
    void belowTheThresholdAFitIsNelderMeadOnAllCustomersToTheLastDigit() {
        CustomerGroups groups = CustomerGroups.of(CdnowData.exactSample().values().stream()
                .map(CalibrationSplit.Customer::calibration).toList());
        assertThat(groups.customers()).isLessThan(WarmStartedFit.FROM_CUSTOMERS);
        MaximumLikelihood.Fit fit = WarmStartedFit.fit(MbgNbd.INSTANCE.parameterNames(), start(4),
                MbgNbd.INSTANCE::totalLogLikelihood, groups);
        MaximumLikelihood.Fit nelderMead = MaximumLikelihood.fit(MbgNbd.INSTANCE.parameterNames(), start(4),
                MbgNbd.INSTANCE.totalLogLikelihood(groups));
        assertThat(fit.parameters()).containsExactly(nelderMead.parameters());
        assertThat(fit.logLikelihood()).isEqualTo(nelderMead.logLikelihood());
    }

    @Test
    void theSubsampleIsEveryMthCustomer() {
        List<PurchaseSummary> customers = CdnowData.exactSample().values().stream()
                .map(CalibrationSplit.Customer::calibration).toList();
        CustomerGroups some = WarmStartedFit.subsample(CustomerGroups.of(customers), 1000);
        int every = customers.size() / 1000;
        assertThat(some.customers()).isEqualTo((customers.size() + every - 1) / every);
        assertThat(some.summaries().get(1)).isSameAs(customers.get(every));
    }

    private record Fits(MaximumLikelihood.Fit warm, MaximumLikelihood.Fit whole) {
    }

    private static Fits fits(List<String> names, double[] start,
                             Function<CustomerGroups, ToDoubleFunction<double[]>> likelihood, CustomerGroups groups,
                             int subsample) {
        MaximumLikelihood.Fit warm = WarmStartedFit.fit(names, start.clone(), likelihood, groups, 0, subsample);
        MaximumLikelihood.Fit whole = MaximumLikelihood.fit(names, start.clone(), likelihood.apply(groups));
        return new Fits(warm, whole);
    }

    /** As the fits start: r, alpha, a (or s), b (or beta) at 1, 3, 1, 3; mixture weights at 1. */
    private static double[] start(int parameters) {
        double[] start = new double[parameters];
        java.util.Arrays.fill(start, 1);
        start[1] = 3;
        start[3] = 3;
        return start;
    }

    /**
     * The maximum to 1e-7 of itself, each parameter with a finite standard error not huge against it to 4
     * significant digits (relative 1e-4, as GroupedLikelihoodTest checks); a parameter the data does not pin
     * down (a mixture weight driven to 0) can end anywhere along the flat direction.
     */
    private static void assertSameEstimates(String model, MaximumLikelihood.Fit warm, MaximumLikelihood.Fit whole) {
        assertThat(warm.logLikelihood()).as(model + " log-likelihood")
                .isCloseTo(whole.logLikelihood(), within(1e-7 * Math.abs(whole.logLikelihood())));
        for (int i = 0; i < whole.parameters().length; i++) {
            double se = whole.standardErrors()[i];
            double value = whole.parameters()[i];
            if (Double.isFinite(se) && se < 10 * value) {
                assertThat(warm.parameters()[i]).as(model + " " + whole.names().get(i))
                        .isCloseTo(value, within(1e-4 * value));
            }
        }
    }
}
