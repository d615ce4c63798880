package io.careerstream.pipeline.config;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.SilencePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/**
 * The churn model's settings: which rule decides AT_RISK and LAPSED (P(alive) thresholds or
 * multiples of the customer's own cadence), the model parameters in force until a record on
 * the model-parameters topic replaces them, and the cadence rule's factors. Every cross-field rule
 * is checked when the settings are built, with an error naming the key.
 */
public final class ChurnSettings extends AbstractConfig {

    public static final String CHURN_RULE = "careerstream.churn.rule";
    public static final String CHURN_AT_RISK_P_ALIVE = "careerstream.churn.at.risk.p.alive";
    public static final String CHURN_LAPSED_P_ALIVE = "careerstream.churn.lapsed.p.alive";
    public static final String MODEL_PREFIX = "careerstream.model.";
    public static final String MODEL_REGULARITY_WEIGHTS = MODEL_PREFIX + "regularity.weights";
    public static final String AT_RISK_FACTOR = "careerstream.lifecycle.at.risk.factor";
    public static final String LAPSED_FACTOR = "careerstream.lifecycle.lapsed.factor";
    public static final String DEFAULT_INTERVAL_DAYS = "careerstream.lifecycle.default.interval.days";
    public static final String MIN_INTERVAL_DAYS = "careerstream.lifecycle.min.interval.days";

    private static final List<String> SINGLE_PARAMETERS = List.of("r", "alpha", "a", "b", "p", "q", "gamma");

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(CHURN_RULE, Type.STRING, SilencePolicy.DEFAULT.rule().name(),
                    ValidString.in(SilencePolicy.Rule.PROBABILITY_ALIVE.name(), SilencePolicy.Rule.CADENCE.name()),
                    Importance.MEDIUM, "PROBABILITY_ALIVE (MBG/NBD thresholds) or CADENCE (k x own interval).")
            .define(CHURN_AT_RISK_P_ALIVE, Type.DOUBLE, SilencePolicy.DEFAULT.atRiskProbabilityAlive(),
                    ConfigDef.Range.between(0.0, 1.0), Importance.MEDIUM, "At risk once P(alive) falls below this.")
            .define(CHURN_LAPSED_P_ALIVE, Type.DOUBLE, SilencePolicy.DEFAULT.lapsedProbabilityAlive(),
                    ConfigDef.Range.between(0.0, 1.0), Importance.MEDIUM, "Lapsed once P(alive) falls below this.")
            .define(MODEL_PREFIX + "r", Type.DOUBLE, ChurnModelParameters.CDNOW.r(), Importance.LOW, "MBG/NBD r.")
            .define(MODEL_PREFIX + "alpha", Type.DOUBLE, ChurnModelParameters.CDNOW.alpha(), Importance.LOW, "MBG/NBD alpha (weeks).")
            .define(MODEL_PREFIX + "a", Type.DOUBLE, ChurnModelParameters.CDNOW.a(), Importance.LOW, "MBG/NBD a.")
            .define(MODEL_PREFIX + "b", Type.DOUBLE, ChurnModelParameters.CDNOW.b(), Importance.LOW, "MBG/NBD b.")
            .define(MODEL_PREFIX + "p", Type.DOUBLE, ChurnModelParameters.CDNOW.p(), Importance.LOW, "Gamma-Gamma p.")
            .define(MODEL_PREFIX + "q", Type.DOUBLE, ChurnModelParameters.CDNOW.q(), Importance.LOW, "Gamma-Gamma q.")
            .define(MODEL_PREFIX + "gamma", Type.DOUBLE, ChurnModelParameters.CDNOW.gamma(), Importance.LOW, "Gamma-Gamma gamma.")
            .define(MODEL_PREFIX + "k", Type.INT, ChurnModelParameters.CDNOW.k(), ConfigDef.Range.between(1, 100), Importance.LOW,
                    "Regularity k of MBG/CNBD-k (1: MBG/NBD).")
            .define(MODEL_REGULARITY_WEIGHTS, Type.LIST, "", Importance.LOW,
                    "MBG/CNBD-mix: the weights of the regularity classes k = 1, 2, 4, 8, 16 (five numbers, normalised; "
                            + "empty: MBG/NBD or MBG/CNBD-k). Each customer's own gaps move them between the classes.")
            .define(AT_RISK_FACTOR, Type.DOUBLE, LifecyclePolicy.DEFAULT.atRiskFactor(), ConfigDef.Range.atLeast(0.01),
                    Importance.MEDIUM, "Silence, in expected intervals, after which a buyer is at risk.")
            .define(LAPSED_FACTOR, Type.DOUBLE, LifecyclePolicy.DEFAULT.lapsedFactor(), ConfigDef.Range.atLeast(0.01),
                    Importance.MEDIUM, "Silence, in expected intervals, after which a buyer has lapsed.")
            .define(DEFAULT_INTERVAL_DAYS, Type.DOUBLE, LifecyclePolicy.DEFAULT.defaultIntervalDays(),
                    ConfigDef.Range.atLeast(0.01), Importance.MEDIUM, "Expected interval of one-time buyers.")
            .define(MIN_INTERVAL_DAYS, Type.DOUBLE, LifecyclePolicy.DEFAULT.minIntervalDays(),
                    ConfigDef.Range.atLeast(0.01), Importance.LOW, "Floor on a customer's own interval.");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    private final LifecyclePolicy lifecyclePolicy;
    private final SilencePolicy silencePolicy;
    private final ChurnModelParameters modelParameters;

    ChurnSettings(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
        this.lifecyclePolicy = readLifecyclePolicy();
        this.silencePolicy = readSilencePolicy();
        this.modelParameters = readModelParameters();
    }

    /** The cadence rule's factors and intervals. */
    public LifecyclePolicy lifecyclePolicy() {
        return lifecyclePolicy;
    }

    /** Which rule decides AT_RISK and LAPSED, and its thresholds. */
    public SilencePolicy silencePolicy() {
        return silencePolicy;
    }

    /** The churn model parameters used until a record on the model-parameters topic replaces them. */
    public ChurnModelParameters modelParameters() {
        return modelParameters;
    }

    private LifecyclePolicy readLifecyclePolicy() {
        try {
            return new LifecyclePolicy(getDouble(AT_RISK_FACTOR), getDouble(LAPSED_FACTOR),
                    getDouble(DEFAULT_INTERVAL_DAYS), getDouble(MIN_INTERVAL_DAYS));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(LAPSED_FACTOR, getDouble(LAPSED_FACTOR),
                    "lifecycle thresholds are inconsistent: " + e.getMessage());
        }
    }

    private SilencePolicy readSilencePolicy() {
        try {
            return new SilencePolicy(SilencePolicy.Rule.valueOf(getString(CHURN_RULE)), getDouble(CHURN_AT_RISK_P_ALIVE),
                    getDouble(CHURN_LAPSED_P_ALIVE));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(CHURN_LAPSED_P_ALIVE, getDouble(CHURN_LAPSED_P_ALIVE), e.getMessage());
        }
    }

    private ChurnModelParameters readModelParameters() {
        for (String name : SINGLE_PARAMETERS) {
            double v = getDouble(MODEL_PREFIX + name);
            if (!(v > 0) || Double.isInfinite(v) || (name.equals("q") && !(v > 1))) {
                throw new ConfigException(MODEL_PREFIX + name, v, name.equals("q") ? "must be greater than 1" : "must be positive");
            }
        }
        List<Double> weights = new ArrayList<>();
        for (String w : getList(MODEL_REGULARITY_WEIGHTS)) {
            try {
                weights.add(Double.parseDouble(w.trim()));
            } catch (NumberFormatException e) {
                throw new ConfigException(MODEL_REGULARITY_WEIGHTS, getList(MODEL_REGULARITY_WEIGHTS), "'" + w + "' is not a number");
            }
        }
        try {
            return new ChurnModelParameters(getDouble(MODEL_PREFIX + "r"), getDouble(MODEL_PREFIX + "alpha"),
                    getDouble(MODEL_PREFIX + "a"), getDouble(MODEL_PREFIX + "b"), getDouble(MODEL_PREFIX + "p"),
                    getDouble(MODEL_PREFIX + "q"), getDouble(MODEL_PREFIX + "gamma"), getInt(MODEL_PREFIX + "k"), weights);
        } catch (IllegalArgumentException e) {
            // The single parameters were checked above: what is left is the mixture (weights, or k beside them).
            throw new ConfigException(MODEL_REGULARITY_WEIGHTS, getList(MODEL_REGULARITY_WEIGHTS), e.getMessage());
        }
    }
}
