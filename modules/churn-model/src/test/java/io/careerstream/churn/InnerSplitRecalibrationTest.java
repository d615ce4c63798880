package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

class InnerSplitRecalibrationTest {

    private static final LocalDate FIRST = LocalDate.of(1997, 1, 1);

    @Test
    void theInnerSplitHalvesTheCalibrationPeriodAndTheComparedDatesAreMonthEndsInside() {
        assertThat(InnerSplitRecalibration.mirroredInnerEnd(FIRST, CdnowData.CALIBRATION_END)).isEqualTo(LocalDate.of(1997, 5, 17));
        assertThat(InnerSplitRecalibration.monthEnds(FIRST, CdnowData.CALIBRATION_END)).containsExactly(
                LocalDate.of(1997, 4, 30), LocalDate.of(1997, 5, 31), LocalDate.of(1997, 6, 30), LocalDate.of(1997, 7, 31),
                LocalDate.of(1997, 8, 31));
        assertThatThrownBy(() -> InnerSplitRecalibration.mirroredInnerEnd(FIRST, FIRST.plusDays(1)))
                .hasMessageContaining("too short to split");
    }

    /**
     * No peeking: what is learned comes from the calibration period only, so the factors and Platt
     * parameters are the same whether the holdout's purchases are there or not, while the ECE
     * measured on the holdout does change.
     */
    @Test
    void whatIsLearnedDoesNotDependOnTheHoldout() throws IOException {
        List<TransactionLog.Transaction> all = TransactionLog.read(CdnowData.resource("CDNOW_sample.txt")).transactions();
        List<TransactionLog.Transaction> withoutHoldout = new ArrayList<>();
        for (TransactionLog.Transaction t : all) {
            if (!t.date().isAfter(CdnowData.CALIBRATION_END)) {
                withoutHoldout.add(t);
            }
        }
        LocalDate inner = InnerSplitRecalibration.mirroredInnerEnd(FIRST, CdnowData.CALIBRATION_END);

        InnerSplitRecalibration.Result real = run(all, inner);
        InnerSplitRecalibration.Result blind = run(withoutHoldout, inner);

        for (int m = 0; m < real.models().size(); m++) {
            InnerSplitRecalibration.ModelRecalibration r = real.models().get(m);
            InnerSplitRecalibration.ModelRecalibration b = blind.models().get(m);
            assertThat(b.intensity()).isEqualTo(r.intensity());
            assertThat(b.platt()).isEqualTo(r.platt());
            assertThat(b.raw().baseRate()).isZero(); // nobody bought in an empty holdout
        }
        // The sample's picked model under-predicts the inner holdout as it does the real one: a factor above 1 that
        // brings the holdout's ECE down, close to what the oracle factor (learned on the holdout itself) does.
        InnerSplitRecalibration.ModelRecalibration picked = real.picked();
        assertThat(picked.entry().model().name()).isEqualTo("MBG/NBD");
        assertThat(picked.innerMeanPredicted()).isLessThan(picked.innerBought());
        assertThat(picked.intensity().factor()).isGreaterThan(1.1);
        assertThat(picked.byIntensity().expectedCalibrationError()).isLessThan(picked.raw().expectedCalibrationError() - 0.01);
        assertThat(picked.byIntensity().expectedCalibrationError())
                .isCloseTo(picked.byOracle().expectedCalibrationError(), within(0.005));
        // No intensity factor, not even one picked on the holdout for its ECE, brings the sample's MBG/NBD to 0.03;
        // the least ECE is no worse than the raw predictions' (factor 1 is on the grid) nor than the learned factor's.
        assertThat(picked.leastEce()).isGreaterThan(0.03)
                .isLessThanOrEqualTo(picked.raw().expectedCalibrationError())
                .isLessThanOrEqualTo(picked.byIntensity().expectedCalibrationError() + 0.002);
        assertThat(picked.leastEceFactor()).isBetween(InnerSplitRecalibration.FACTOR_GRID_FROM, InnerSplitRecalibration.FACTOR_GRID_TO);
        assertThat(real.innerHoldoutWeeks()).isCloseTo(136 / 7.0, within(1e-9));
        assertThat(real.sensitivity()).extracting(InnerSplitRecalibration.SplitPoint::innerEnd).containsExactly(inner);
    }

    @Test
    void anInnerEndAtOrAfterTheCalibrationEndIsRefused() throws IOException {
        List<TransactionLog.Transaction> all = TransactionLog.read(CdnowData.resource("CDNOW_sample.txt")).transactions();
        assertThatThrownBy(() -> run(all, CdnowData.CALIBRATION_END))
                .hasMessageContaining("must end before the calibration end 1997-09-30");
    }

    private static InnerSplitRecalibration.Result run(List<TransactionLog.Transaction> transactions, LocalDate inner) {
        PurchaseHistories histories = PurchaseHistories.of(transactions);
        Collection<CalibrationSplit.Customer> customers = histories.split(CdnowData.CALIBRATION_END, CdnowData.HOLDOUT_END).values();
        double weeks = CalibrationSplit.weeks(CdnowData.CALIBRATION_END, CdnowData.HOLDOUT_END);
        if (!inner.isBefore(CdnowData.CALIBRATION_END)) {
            // Refused before any fit: the outer result is not needed to see it.
            return InnerSplitRecalibration.run(histories, CdnowData.CALIBRATION_END, customers, null, inner, List.of());
        }
        HoldoutCalibration.Result outer = HoldoutCalibration.run(customers, weeks, 0.2, 0.05, 7);
        return InnerSplitRecalibration.run(histories, CdnowData.CALIBRATION_END, customers, outer, inner, List.of());
    }
}
