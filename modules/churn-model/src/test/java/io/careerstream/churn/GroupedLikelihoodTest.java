package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fits take each model's likelihood over customers grouped by (x, t_x, T), with per-x and per-time
 * tables and the sum spread over the cores. Here that is checked against the plain reference, the
 * model's own per-customer likelihood summed one customer at a time: equal to rounding for any
 * parameters and histories, and fits to the same estimates, to 4 significant digits, on CDNOW and on a
 * simulated population.
 */
class GroupedLikelihoodTest {

    /** Fixed so that a failure reproduces; {@code -DQT_SEED=n} explores another sequence. */
    private static final long SEED = Long.getLong("QT_SEED", 20260127L);

    /** The reference: one customer at a time, as each model defines a customer's likelihood. */
    private static double plainTotal(RepeatPurchaseModel model, double[] p, List<PurchaseSummary> customers) {
        double sum = 0;
        for (PurchaseSummary c : customers) {
            sum += model.logLikelihood(p, c);
        }
        return sum;
    }

    private static double plainSpendTotal(double[] p, List<PurchaseSummary> customers) {
        double sum = 0;
        for (PurchaseSummary c : customers) {
            if (c.x() > 0 && c.meanRepeatSpend() > 0) {
                sum += GammaGamma.logLikelihood(p, c.x(), c.meanRepeatSpend());
            }
        }
        return sum;
    }

    @Test
    void everyModelsGroupedLikelihoodIsThePerCustomerSumForAnyHistoriesAndParameters() {
        qt().withFixedSeed(SEED).withExamples(200).withShrinkCycles(100)
                .forAll(longs().all(), integers().between(1, 120), doubles().between(-2.5, 2.5), doubles().between(-2.5, 2.5))
                .checkAssert((population, size, logR, logAlpha) -> {
                    List<PurchaseSummary> customers = randomCustomers(new Random(population), size);
                    CustomerGroups groups = CustomerGroups.of(customers);
                    Random draws = new Random(population + 1);
                    double[] p = {Math.exp(logR), Math.exp(logAlpha), Math.exp(2.5 * draws.nextGaussian()),
                        Math.exp(2.5 * draws.nextGaussian()), draws.nextDouble(), draws.nextDouble(), draws.nextDouble(),
                        draws.nextDouble()};
                    for (RepeatPurchaseModel model : models(draws.nextInt(9) + 2)) {
                        double[] parameters = java.util.Arrays.copyOf(p, model.parameterNames().size());
                        assertSameTotal(model.name(), model.totalLogLikelihood(groups).applyAsDouble(parameters),
                                plainTotal(model, parameters, customers));
                    }
                    double[] spend = {Math.exp(logR), Math.exp(logAlpha) + 1, p[2]};
                    assertSameTotal("Gamma-Gamma", GammaGamma.totalLogLikelihood(groups).applyAsDouble(spend),
                            plainSpendTotal(spend, customers));
                });
    }

    private static List<RepeatPurchaseModel> models(int k) {
        return List.of(BgNbd.INSTANCE, MbgNbd.INSTANCE, MbgCnbd.of(k), ParetoNbd.INSTANCE, RegularityMixture.INSTANCE);
    }

    private static void assertSameTotal(String what, double grouped, double plain) {
        if (!Double.isFinite(plain)) {
            // Parameters where a customer's own likelihood has no value (Pareto/NBD's integral gives up):
            // the fit treats any non-finite total alike.
            return;
        }
        assertThat(grouped).as(what).isFinite();
        assertThat(Math.abs(grouped - plain)).as(what + ": grouped " + grouped + ", plain " + plain)
                .isLessThanOrEqualTo(1e-10 * Math.abs(plain) + 1e-9);
    }

    /**
     * Customers on a day grid (as read from a file) or at any time (as from running totals), many with the
     * same (x, t_x, T), some with T = t_x, some one-time buyers, some without their intervals.
     */
    private static List<PurchaseSummary> randomCustomers(Random random, int size) {
        boolean onDays = random.nextBoolean();
        boolean intervalsKnown = random.nextInt(4) > 0;
        List<PurchaseSummary> customers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            if (!customers.isEmpty() && random.nextInt(3) == 0) {
                customers.add(customers.get(random.nextInt(customers.size()))); // a customer with a twin
                continue;
            }
            int x = random.nextInt(4) == 0 ? 0 : random.nextInt(25);
            double last = 0;
            double logIntervals = 0;
            for (int j = 0; j < x; j++) {
                double gap = onDays ? 1 + random.nextInt(60) : 0.01 + 60 * random.nextDouble();
                last += gap;
                logIntervals += Math.log(gap / 7);
            }
            double end = last + (random.nextInt(5) == 0 ? 0 : onDays ? random.nextInt(200) : 200 * random.nextDouble());
            customers.add(intervalsKnown
                    ? new PurchaseSummary(x, last / 7, end / 7, 10 + random.nextInt(3) * 5.5, logIntervals)
                    : new PurchaseSummary(x, last / 7, end / 7, 10 + random.nextInt(3) * 5.5));
        }
        return customers;
    }

    @Tag("slow") // seconds of numerical work: in `mvn verify`, not in the inner loop
    @Test
    void fitsOnTheCdnowSampleGiveTheEstimatesOfThePerCustomerLikelihood() {
        List<PurchaseSummary> customers = CdnowData.exactSample().values().stream()
                .map(CalibrationSplit.Customer::calibration).toList();
        assertSameFits(customers);
    }

    @Test
    void fitsOnASimulatedPopulationGiveTheEstimatesOfThePerCustomerLikelihood(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("simulated.csv");
        SimulatedTransactions.write(file, 600, 5, LocalDate.of(2023, 1, 1), written -> { });
        PurchaseHistories histories = PurchaseHistories.read(file, bytes -> { }).histories();
        assertSameFits(histories.summariesAt(histories.lastDay().orElseThrow()));
    }

    /**
     * Every model's fit, and Gamma-Gamma's, as model fit does it and on the plain reference, from the same
     * start. The models side by side on the cores: each reference is a sum in customer order all the same.
     */
    private static void assertSameFits(List<PurchaseSummary> customers) {
        CustomerGroups groups = CustomerGroups.of(customers);
        models(2).parallelStream().forEach(model -> {
            double[] start = start(model.parameterNames().size());
            MaximumLikelihood.Fit reference = MaximumLikelihood.fit(model.parameterNames(), start.clone(),
                    p -> plainTotal(model, p, customers));
            MaximumLikelihood.Fit grouped = MaximumLikelihood.fit(model.parameterNames(), start.clone(),
                    model.totalLogLikelihood(groups));
            assertSameEstimates(model.name(), grouped, reference);
        });
        MaximumLikelihood.Fit spendReference = MaximumLikelihood.fit(GammaGamma.PARAMETER_NAMES, new double[] {1, 1, 1},
                p -> plainSpendTotal(p, customers));
        ToDoubleFunction<double[]> spend = GammaGamma.totalLogLikelihood(groups);
        assertSameEstimates("Gamma-Gamma", MaximumLikelihood.fit(GammaGamma.PARAMETER_NAMES, new double[] {1, 1, 1}, spend),
                spendReference);
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
     * Each parameter the data pins down (a finite standard error not huge against it) to 4 significant
     * digits; one it does not (a mixture weight driven to 0) can end anywhere along the flat direction, so
     * there the maximum itself must agree.
     */
    private static void assertSameEstimates(String model, MaximumLikelihood.Fit grouped, MaximumLikelihood.Fit reference) {
        assertThat(grouped.logLikelihood()).as(model + " log-likelihood")
                .isCloseTo(reference.logLikelihood(), org.assertj.core.api.Assertions.within(1e-7 * Math.abs(reference.logLikelihood())));
        for (int i = 0; i < reference.parameters().length; i++) {
            double se = reference.standardErrors()[i];
            double value = reference.parameters()[i];
            if (Double.isFinite(se) && se < 10 * value) {
                assertThat(grouped.parameters()[i]).as(model + " " + reference.names().get(i))
                        .isCloseTo(value, org.assertj.core.api.Assertions.within(1e-4 * value));
            }
        }
    }
}
