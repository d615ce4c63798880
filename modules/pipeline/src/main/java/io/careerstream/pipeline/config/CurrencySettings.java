package io.careerstream.pipeline.config;

import io.careerstream.domain.ReportingCurrency;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Money: the currency every monetary figure is kept and published in, and the rates that bring
 * other currencies into it ({@link ReportingCurrency}). A purchase in a currency without a rate is
 * dead-lettered ({@code UNKNOWN_CURRENCY}), never summed as it stands.
 */
public final class CurrencySettings extends AbstractConfig {

    public static final String REPORTING = "careerstream.currency.reporting";
    public static final String RATES = "careerstream.currency.rates";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(REPORTING, Type.STRING, ReportingCurrency.USD.code(), new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "ISO 4217 code of the currency every monetary figure (spend, RFM monetary, Gamma-Gamma, expected "
                            + "value) is kept and published in.")
            .define(RATES, Type.LIST, "", Importance.HIGH,
                    "CODE=RATE pairs, comma-separated: the value of one major unit of CODE in major units of the "
                            + "reporting currency, e.g. EUR=1.08,JPY=0.0067,KWD=3.25 with USD reporting. A purchase in "
                            + "a currency that is neither the reporting one nor listed here is dead-lettered as "
                            + "UNKNOWN_CURRENCY.");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    private final ReportingCurrency money;

    CurrencySettings(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
        Map<String, BigDecimal> rates = new HashMap<>();
        for (String pair : getList(RATES)) {
            String[] parts = pair.strip().split("=", 2);
            try {
                rates.put(parts[0].strip(), new BigDecimal(parts[1].strip()));
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new ConfigException(RATES, getList(RATES), "'" + pair.strip() + "' is not CODE=RATE (e.g. EUR=1.08)");
            }
        }
        try {
            this.money = new ReportingCurrency(getString(REPORTING).strip(), rates);
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().contains("'" + getString(REPORTING).strip() + "'") ? REPORTING : RATES;
            throw new ConfigException(key, key.equals(REPORTING) ? getString(REPORTING) : getList(RATES), e.getMessage());
        }
    }

    /** The reporting currency and its rates. */
    public ReportingCurrency money() {
        return money;
    }

    /** The rates as the settings give them, for messages. */
    public List<String> rates() {
        return getList(RATES);
    }
}
