package io.careerstream.pipeline.config;

import io.careerstream.domain.lift.HoldOutGroups;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Hold-out groups and lift (docs/lift.md): who each action leaves alone on purpose
 * ({@link HoldOutGroups}, a pure function of the salt, the action and the customer), and how long
 * after a campaign touchpoint or an alert purchases count towards its lift.
 */
public final class LiftSettings extends AbstractConfig {

    public static final String SALT = "careerstream.holdout.salt";
    public static final String SHARE = "careerstream.holdout.share";
    public static final String SHARES = "careerstream.holdout.shares";
    public static final String WINDOW_MS = "careerstream.lift.window.ms";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(SALT, Type.PASSWORD, "careerstream", Importance.MEDIUM,
                    "Salt of the hold-out groups: with the customer id and the action it decides, by SHA-256, "
                            + "who is held out. The same salt draws the same groups on every replay and instance; "
                            + "a new salt draws new ones (start a new measurement with it). Not logged.")
            .define(SHARE, Type.DOUBLE, 0.10, ConfigDef.Range.between(0.0, 1.0), Importance.MEDIUM,
                    "Share of customers held out of each action (its alerts and transitions carry heldOut=true), "
                            + "unless careerstream.holdout.shares gives the action its own.")
            .define(SHARES, Type.LIST, "", Importance.LOW,
                    "ACTION=SHARE pairs, comma-separated: an action's own hold-out share, e.g. "
                            + "WIN_BACK=0.2,ONBOARDING=0.05. NONE and NO_CONTACT are never held out.")
            .define(WINDOW_MS, Type.LONG, Duration.ofDays(14).toMillis(),
                    ConfigDef.Range.atLeast(Duration.ofMinutes(1).toMillis()), Importance.MEDIUM,
                    "How long after a campaign touchpoint (DELIVERED or HELD_OUT) or an alert a customer's "
                            + "purchases count towards its lift, in event time.");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    private final HoldOutGroups holdOut;

    LiftSettings(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
        Map<String, Double> shares = new HashMap<>();
        for (String pair : getList(SHARES)) {
            String[] parts = pair.strip().split("=", 2);
            try {
                double share = Double.parseDouble(parts[1].strip());
                if (parts[0].isBlank() || !(share >= 0.0 && share <= 1.0)) {
                    throw new NumberFormatException();
                }
                shares.put(parts[0].strip(), share);
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new ConfigException(SHARES, getList(SHARES),
                        "'" + pair.strip() + "' is not ACTION=SHARE with a share between 0 and 1 (e.g. WIN_BACK=0.2)");
            }
        }
        String salt = getPassword(SALT).value();
        if (salt == null || salt.isBlank()) {
            throw new ConfigException(SALT, "(blank)", "the hold-out salt must not be blank");
        }
        this.holdOut = new HoldOutGroups(salt, getDouble(SHARE), shares);
    }

    /** Who is held out of which action. */
    public HoldOutGroups holdOut() {
        return holdOut;
    }

    /** How long after its touchpoint or alert a purchase counts towards a campaign's lift. */
    public Duration window() {
        return Duration.ofMillis(getLong(WINDOW_MS));
    }
}
