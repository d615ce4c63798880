package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ChurnModelFitTest {

    private static List<PurchaseSummary> cdnowCalibration() {
        return CdnowData.exactSample().values().stream().map(CalibrationSplit.Customer::calibration).toList();
    }

    @Test
    void mbgNbdAndGammaGammaOnTheCdnowCalibrationGiveTheParametersTheStreamShipsWith() {
        ChurnModelFit fit = ChurnModelFit.fit(MbgNbd.INSTANCE, cdnowCalibration());

        assertThat(fit.customers()).isEqualTo(2357);
        assertThat(fit.repeatBuyers()).isEqualTo(946);
        assertThat(fit.enoughCustomers()).isTrue();
        assertThat(fit.identified()).isTrue();
        assertThat(fit.drivesTheStream()).isTrue();
        ChurnModelParameters p = fit.parameters();
        ChurnModelParameters shipped = ChurnModelParameters.CDNOW;
        assertThat(p.r()).isCloseTo(shipped.r(), within(0.001));
        assertThat(p.alpha()).isCloseTo(shipped.alpha(), within(0.001));
        assertThat(p.a()).isCloseTo(shipped.a(), within(0.001));
        assertThat(p.b()).isCloseTo(shipped.b(), within(0.001));
        assertThat(p.p()).isCloseTo(shipped.p(), within(0.01));
        assertThat(p.q()).isCloseTo(shipped.q(), within(0.01));
        assertThat(p.gamma()).isCloseTo(shipped.gamma(), within(0.02));
        assertThat(fit.purchases().logLikelihood()).isCloseTo(-9582.136, within(0.001));
        assertThat(fit.spend().logLikelihood()).isCloseTo(-4055.918, within(0.001));
    }

    @Test
    void aBgNbdFitIsReportedButGivesNoParametersForTheStream() {
        ChurnModelFit fit = ChurnModelFit.fit(BgNbd.INSTANCE, cdnowCalibration());

        assertThat(fit.purchases().get("r")).isCloseTo(0.2426, within(0.0001));
        assertThat(fit.drivesTheStream()).isFalse();
        assertThatThrownBy(fit::parameters).isInstanceOf(IllegalStateException.class).hasMessageContaining("BG/NBD");
    }

    @Test
    void aFewCustomersAreTooFewAndAFlatLikelihoodIsNotIdentified() {
        List<PurchaseSummary> two = List.of(new PurchaseSummary(1, 4.4, 4.4, 12), new PurchaseSummary(0, 0, 3.9));

        ChurnModelFit fit = ChurnModelFit.fit(MbgNbd.INSTANCE, two);

        assertThat(fit.customers()).isEqualTo(2);
        assertThat(fit.repeatBuyers()).isEqualTo(1);
        assertThat(fit.enoughCustomers()).isFalse();
        assertThat(fit.identified()).isFalse();
    }

    @Test
    void enoughCustomersStartsAtTheDocumentedMinimum() {
        List<PurchaseSummary> customers = IntStream.range(0, ChurnModelFit.MIN_RELIABLE_CUSTOMERS)
                .mapToObj(i -> new PurchaseSummary(i % 3, i % 3 == 0 ? 0 : 1 + i % 5, 10, i % 3 == 0 ? 0 : 5 + i % 7))
                .toList();
        assertThat(ChurnModelFit.fit(MbgNbd.INSTANCE, customers).enoughCustomers()).isTrue();
        assertThat(ChurnModelFit.fit(MbgNbd.INSTANCE, customers.subList(1, customers.size())).enoughCustomers()).isFalse();
    }

    @Test
    void thereIsNothingToFitWithoutCustomers() {
        assertThatThrownBy(() -> ChurnModelFit.fit(MbgNbd.INSTANCE, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No customers");
    }

    @Test
    void modelsAreFoundByTheirNamesAsTheCommandLineGivesThem() {
        assertThat(RepeatPurchaseModel.named("mbgnbd")).isSameAs(MbgNbd.INSTANCE);
        assertThat(RepeatPurchaseModel.named("MBG/NBD")).isSameAs(MbgNbd.INSTANCE);
        assertThat(RepeatPurchaseModel.named("BgNbd")).isSameAs(BgNbd.INSTANCE);
        assertThat(RepeatPurchaseModel.named("Pareto/NBD")).isSameAs(ParetoNbd.INSTANCE);
        assertThatThrownBy(() -> RepeatPurchaseModel.named("weibull")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use mbgnbd, bgnbd, paretonbd");
    }

    @Test
    void aSummaryFromRunningTotalsCountsRepeatDaysInWeeksFromTheFirstPurchase() {
        Instant first = Instant.parse("2024-01-01T10:00:00Z");
        Instant last = Instant.parse("2024-01-15T10:00:00Z");
        Instant end = Instant.parse("2024-01-29T10:00:00Z");

        assertThat(PurchaseSummary.fromTotals(3, first, last, 30.0, end)).isEqualTo(new PurchaseSummary(2, 2.0, 4.0, 10.0));
        assertThat(PurchaseSummary.fromTotals(1, first, first, 30.0, end)).isEqualTo(new PurchaseSummary(0, 0, 4.0, 0));
        // A last purchase after the end of observation: T is not shorter than t_x.
        assertThat(PurchaseSummary.fromTotals(2, first, end, 8.0, last)).isEqualTo(new PurchaseSummary(1, 4.0, 4.0, 4.0));
        assertThatThrownBy(() -> PurchaseSummary.fromTotals(0, first, last, 0, end))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void summariesAtADateAreTheCalibrationSummariesOfThatDateInCustomerOrder() {
        List<TransactionLog.Transaction> log = List.of(
                new TransactionLog.Transaction("b", LocalDate.of(2024, 1, 1), 5),
                new TransactionLog.Transaction("a", LocalDate.of(2024, 1, 1), 10),
                new TransactionLog.Transaction("a", LocalDate.of(2024, 1, 8), 4),
                new TransactionLog.Transaction("a", LocalDate.of(2024, 1, 8), 2),
                new TransactionLog.Transaction("c", LocalDate.of(2024, 2, 1), 7));

        assertThat(CalibrationSplit.summariesAt(log, LocalDate.of(2024, 1, 15))).containsExactly(
                new PurchaseSummary(1, 1.0, 2.0, 6.0, Math.log(1.0)), new PurchaseSummary(0, 0, 2.0));
        assertThat(CalibrationSplit.weeks(LocalDate.of(1997, 9, 30), LocalDate.of(1998, 6, 30))).isEqualTo(273 / 7.0);
    }
}
