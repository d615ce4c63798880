package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The models against numbers published for the CDNOW sample (../shared/data/REFERENCE_NUMBERS.md
 * quotes every source). Tolerances follow the sources: four to five significant digits for fits
 * on exact inputs, looser where the source fitted on the rounded summary file.
 */
class PublishedNumbersTest {

    private static final double[] BTYD_BGNBD = {0.2425982, 4.4136842, 0.7929899, 2.4261667};

    @Test
    void calibrationSummariesMatchThePublishedSummaryFile() {
        Map<String, CalibrationSplit.Customer> exact = CdnowData.exactSample();
        List<PurchaseSummary> published = CdnowData.summaryFile("cdnow_customers_summary_with_transactions.csv");
        assertThat(exact).hasSize(2357);
        for (int id = 1; id <= 2357; id++) {
            PurchaseSummary ours = exact.get(String.format("%04d", id)).calibration();
            PurchaseSummary theirs = published.get(id - 1);
            assertThat(ours.x()).isEqualTo(theirs.x());
            assertThat(ours.tx()).isCloseTo(theirs.tx(), within(0.0051));
            assertThat(ours.T()).isCloseTo(theirs.T(), within(0.0051));
            assertThat(ours.meanRepeatSpend()).isCloseTo(theirs.meanRepeatSpend(), within(0.0051));
        }
        assertThat(exact.values().stream().mapToInt(c -> c.calibration().x()).sum()).isEqualTo(2457);
        assertThat(exact.values().stream().mapToInt(CalibrationSplit.Customer::holdoutPurchases).sum()).isEqualTo(1882);
    }

    @Test
    void bgNbdFitMatchesFaderHardieLeeAndBtyd() {
        List<PurchaseSummary> customers = CdnowData.exactSample().values().stream()
                .map(CalibrationSplit.Customer::calibration).toList();
        MaximumLikelihood.Fit fit = MaximumLikelihood.fit(BgNbd.INSTANCE.parameterNames(), new double[] {1, 3, 1, 3},
                p -> BgNbd.INSTANCE.totalLogLikelihood(p, customers));

        assertThat(fit.logLikelihood()).isCloseTo(-9582.429, within(0.005));
        assertThat(fit.get("r")).isCloseTo(0.2426, within(0.0005));
        assertThat(fit.get("alpha")).isCloseTo(4.4137, within(0.005));
        assertThat(fit.get("a")).isCloseTo(0.7930, within(0.002));
        assertThat(fit.get("b")).isCloseTo(2.4262, within(0.005));
        // Standard errors as lifetimes reports them (fitted on the rounded file): 0.0126, 0.378, 0.186, 0.705
        assertThat(fit.standardErrors()).satisfies(se -> {
            assertThat(se[0]).isCloseTo(0.0126, within(0.002));
            assertThat(se[1]).isCloseTo(0.378, within(0.03));
            assertThat(se[2]).isCloseTo(0.186, within(0.03));
            assertThat(se[3]).isCloseTo(0.705, within(0.1));
        });
    }

    @Test
    void bgNbdPredictionsMatchBtydForCustomer1516AndANewCustomer() {
        PurchaseSummary customer1516 = new PurchaseSummary(26, 30.85714, 31);
        assertThat(BgNbd.INSTANCE.probabilityAlive(BTYD_BGNBD, customer1516)).isCloseTo(0.9688523, within(1e-6));
        assertThat(BgNbd.INSTANCE.conditionalExpectedPurchases(BTYD_BGNBD, customer1516, 52)).isCloseTo(25.75659, within(1e-4));
        assertThat(BgNbd.INSTANCE.expectedPurchases(BTYD_BGNBD, 52)).isCloseTo(1.444004, within(1e-5));
    }

    @Test
    void logLikelihoodIsStableWhereANaiveFormulaOverflows() {
        double[] p = {0.25, 4.00, 0.80, 2.50};
        assertThat(BgNbd.INSTANCE.logLikelihood(p, new PurchaseSummary(0, 0, 40))).isCloseTo(-0.59947382, within(1e-7));
        assertThat(BgNbd.INSTANCE.logLikelihood(p, new PurchaseSummary(200, 38, 40))).isCloseTo(100.7957, within(1e-4));
    }

    @Test
    void mbgNbdFitMatchesBtydPlusAsQuotedByLifetimes() {
        List<PurchaseSummary> customers = CdnowData.summaryFile("cdnow_customers_summary.csv");
        MaximumLikelihood.Fit fit = MaximumLikelihood.fit(MbgNbd.INSTANCE.parameterNames(), new double[] {1, 3, 1, 3},
                p -> MbgNbd.INSTANCE.totalLogLikelihood(p, customers));
        assertThat(fit.get("r")).isCloseTo(0.525, within(0.002));
        assertThat(fit.get("alpha")).isCloseTo(6.183, within(0.02));
        assertThat(fit.get("a")).isCloseTo(0.891, within(0.005));
        assertThat(fit.get("b")).isCloseTo(1.614, within(0.01));
    }

    @Test
    void gammaGammaFitAndExpectedSpendMatchFaderHardie() {
        List<PurchaseSummary> customers = CdnowData.summaryFile("cdnow_customers_summary_with_transactions.csv");
        MaximumLikelihood.Fit fit = MaximumLikelihood.fit(GammaGamma.PARAMETER_NAMES, new double[] {1, 1, 1},
                p -> GammaGamma.totalLogLikelihood(p, customers));
        assertThat(fit.get("p")).isCloseTo(6.25, within(0.01));
        assertThat(fit.get("q")).isCloseTo(3.74, within(0.01));
        assertThat(fit.get("gamma")).isCloseTo(15.44, within(0.02));
        assertThat(fit.logLikelihood()).isCloseTo(-4055.9177, within(0.01));

        double[] published = {6.25, 3.74, 15.44};
        double[] expected = {24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17};
        for (int i = 0; i < expected.length; i++) {
            PurchaseSummary c = customers.get(i);
            double value = c.x() == 0
                    ? published[0] * published[2] / (published[1] - 1)
                    : GammaGamma.conditionalExpectedSpend(published, c.x(), c.meanRepeatSpend());
            assertThat(value).as("customer %d", i + 1).isCloseTo(expected[i], within(0.1));
        }
    }
}
