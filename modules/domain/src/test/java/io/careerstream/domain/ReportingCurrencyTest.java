package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.domain.map.CustomerFeature;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportingCurrencyTest {

    private static final ReportingCurrency USD = new ReportingCurrency("USD", Map.of(
            "EUR", new BigDecimal("1.08"), "JPY", new BigDecimal("0.0067"), "KWD", new BigDecimal("3.25")));
    private static final long DAY = CustomerState.DAY_MS;

    @Test
    void eachCurrencysMinorUnitsAreItsOwn() {
        assertThat(USD.toReportingMinor(12_345, "JPY")).as("yen have no minor unit: 12,345 yen = 82.7115 dollars")
                .isEqualTo(8_271);
        assertThat(USD.toReportingMinor(1_999, "EUR")).as("19.99 euros = 21.5892 dollars").isEqualTo(2_159);
        assertThat(USD.toReportingMinor(1_234, "KWD")).as("fils are thousandths: 1.234 dinars = 4.0105 dollars")
                .isEqualTo(401);
        assertThat(USD.toReportingMinor(1_999, "USD")).isEqualTo(1_999);
        assertThat(new ReportingCurrency("KWD", Map.of()).toMajor(1_234)).isEqualTo(1.234);
        assertThat(new ReportingCurrency("JPY", Map.of()).toMajor(1_234)).isEqualTo(1_234.0);
    }

    @Test
    void aCurrencyWithoutARateIsNotConvertedAndABadTableIsRefused() {
        assertThat(USD.converts("GBP")).isFalse();
        assertThat(USD.converts("USD")).isTrue();
        assertThatThrownBy(() -> USD.toReportingMinor(100, "GBP")).hasMessageContaining("GBP");
        assertThatThrownBy(() -> new ReportingCurrency("USD", Map.of("EUR", BigDecimal.ZERO))).hasMessageContaining("EUR");
        assertThatThrownBy(() -> new ReportingCurrency("XYZ", Map.of())).hasMessageContaining("ISO 4217");
    }

    @Test
    void aCustomerPayingInSeveralCurrenciesHasOneTotalInTheReportingCurrency() {
        CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT,
                () -> ChurnModelParameters.CDNOW, USD), CareerMapLoader.loadDefault(), LookAhead.DEFAULT);
        CustomerState s = null;
        String[][] purchases = {{"12345", "JPY"}, {"1999", "EUR"}, {"1234", "KWD"}};
        for (int i = 0; i < purchases.length; i++) {
            s = career.onTouchpoint(s, new Touchpoint.Purchase("e" + i, "c", (i * 10 + 1) * DAY, "o" + i,
                    Long.parseLong(purchases[i][0]), purchases[i][1], 1, List.of("tea"))).state();
        }
        // By hand: 8,271 + 2,159 + 401 cents.
        assertThat(s.totalSpendMinor()).isEqualTo(10_831);
        var context = new CustomerFeature.Context(s, 40 * DAY, career.churnMaths());
        assertThat((Double) CustomerFeature.TOTAL_SPEND.valueFor(context)).isCloseTo(108.31, within(1e-9));
        assertThat(s.categories().get(0).spendMinor()).as("the category's spend, same currency").isEqualTo(10_831);
    }
}
