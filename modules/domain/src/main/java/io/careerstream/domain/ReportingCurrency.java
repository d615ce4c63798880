package io.careerstream.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one currency every monetary figure is kept and published in, and the rates that bring a
 * purchase's currency into it. A purchase states its amount in the minor units of its own currency
 * (ISO 4217: JPY has none, EUR and USD two, KWD three); it is converted once, when recorded, into
 * the reporting currency's minor units, so that a customer who pays in euros and dollars has one
 * meaningful total and the RFM monetary quintiles and the Gamma-Gamma spend compare like with like.
 *
 * <p>{@code rates}: the value of one major unit of each other currency in major units of the
 * reporting currency (EUR=1.08 with USD reporting: one euro is 1.08 dollars). A currency without a
 * rate cannot be converted: such a purchase is refused (dead-lettered), never summed as it stands.
 *
 * <p>Java's own {@link Currency} gives each code's minor units (its ISO 4217 table).
 */
public record ReportingCurrency(String code, Map<String, BigDecimal> rates) {

    /** US dollars, nothing else convertible: the default until a rate table is configured. */
    public static final ReportingCurrency USD = new ReportingCurrency("USD", Map.of());

    public ReportingCurrency {
        fractionDigits(code); // an unknown code is refused here
        Map<String, BigDecimal> checked = new TreeMap<>();
        rates.forEach((currency, rate) -> {
            fractionDigits(currency);
            if (rate.signum() <= 0) {
                throw new IllegalArgumentException("The rate of " + currency + " must be positive, was " + rate);
            }
            checked.put(currency, rate);
        });
        checked.put(code, BigDecimal.ONE);
        rates = Map.copyOf(checked);
    }

    /** Whether an amount in {@code currency} can be brought into the reporting currency. */
    public boolean converts(String currency) {
        return currency != null && rates.containsKey(currency);
    }

    /**
     * {@code amountMinor} minor units of {@code currency} in minor units of the reporting currency,
     * rounded half to even (a banker's rounding: no drift on many small amounts).
     *
     * @throws IllegalArgumentException when there is no rate for {@code currency}
     */
    public long toReportingMinor(long amountMinor, String currency) {
        BigDecimal rate = rates.get(currency);
        if (rate == null) {
            throw new IllegalArgumentException("No rate for " + currency + " into " + code);
        }
        if (currency.equals(code)) {
            return amountMinor;
        }
        BigDecimal major = BigDecimal.valueOf(amountMinor).movePointLeft(fractionDigits(currency));
        return major.multiply(rate).movePointRight(fractionDigits(code)).setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /** Minor units of the reporting currency in its major units (cents to dollars, fils to dinars, yen to yen). */
    public double toMajor(long reportingMinor) {
        return reportingMinor / Math.pow(10, fractionDigits(code));
    }

    /** ISO 4217 minor units of a currency code. */
    public static int fractionDigits(String currency) {
        Currency known;
        try {
            known = Currency.getInstance(currency);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("'" + currency + "' is not an ISO 4217 currency code");
        }
        // -1 for pseudo-currencies without minor units (XAU, XXX): taken as none.
        return Math.max(known.getDefaultFractionDigits(), 0);
    }
}
