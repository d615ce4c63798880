package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.domain.map.CareerMapLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

class AliveCurveTest {

    private static final long DAY = 86_400_000L;
    private static final long T0 = 852_076_800_000L; // 1997-01-01
    private static final ChurnMaths CHURN = new ChurnMaths(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT,
            () -> ChurnModelParameters.CDNOW);
    private static final CustomerCareer CAREER = new CustomerCareer(CHURN, CareerMapLoader.loadDefault(),
            LookAhead.DEFAULT);

    private static CustomerState buyer() {
        CustomerState s = null;
        for (int i = 0; i < 4; i++) {
            s = CAREER.onTouchpoint(s, new Touchpoint.Purchase("e" + i, "c", T0 + i * 30 * DAY, "o" + i, 2500, "USD", 1,
                    List.of())).state();
        }
        return s;
    }

    @Test
    void theCurveFallsFromTheLastPurchaseAndCrossesTheThresholdsWhereTheAlertsFire() {
        CustomerState s = buyer();
        long now = s.lastPurchaseAt() + 50 * DAY;
        AliveCurve curve = AliveCurve.of(CHURN, s, now);
        assertThat(curve.points().get(0).day()).isZero();
        for (int i = 1; i < curve.points().size(); i++) {
            assertThat(curve.points().get(i).day()).isGreaterThan(curve.points().get(i - 1).day());
            assertThat(curve.points().get(i).probabilityAlive()).isLessThanOrEqualTo(curve.points().get(i - 1).probabilityAlive() + 1e-12);
        }
        assertThat(curve.nowDay()).isEqualTo(50);
        assertThat(curve.points()).contains(new AliveCurve.Point(50, CHURN.probabilityAlive(s, now)));
        assertThat(curve.atRiskProbabilityAlive()).isEqualTo(0.2);
        assertThat(curve.lapsedProbabilityAlive()).isEqualTo(0.05);
        // The alerts fire where the model's P(alive) falls to the thresholds (minute-rounded moments).
        assertThat(CHURN.probabilityAlive(s, s.lastPurchaseAt() + Math.round(curve.atRiskDay() * DAY))).isCloseTo(0.2, within(1e-3));
        assertThat(CHURN.probabilityAlive(s, s.lastPurchaseAt() + Math.round(curve.lapsedDay() * DAY))).isCloseTo(0.05, within(1e-3));
        assertThat(curve.lapsedDay()).isGreaterThan(curve.atRiskDay());
        assertThat(curve.points().get(curve.points().size() - 1).day()).isGreaterThanOrEqualTo(curve.lapsedDay());
        assertThat(curve.model()).isEqualTo(CHURN.model().name());
    }

    @Test
    void aCustomerWhoNeverBoughtHasNoCurve() {
        CustomerState s = CAREER.onTouchpoint(null, new Touchpoint.EmailEngagement("e", "c", T0,
                Touchpoint.EmailAction.OPEN)).state();
        assertThat(AliveCurve.of(CHURN, s, T0 + DAY)).isNull();
    }

    @Test
    void nowFarBeyondTheHorizonIsNotDrawnButTheCurveStopsAtThreeYears() {
        CustomerState s = buyer();
        AliveCurve curve = AliveCurve.of(CHURN, s, s.lastPurchaseAt() + 5000 * DAY);
        assertThat(curve.nowDay()).isEqualTo(5000);
        assertThat(curve.points()).hasSize(AliveCurve.STEPS + 1);
        assertThat(curve.points().get(AliveCurve.STEPS).day()).isEqualTo(AliveCurve.MAX_HORIZON_DAYS);
    }
}
