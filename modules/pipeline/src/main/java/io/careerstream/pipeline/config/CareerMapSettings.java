package io.careerstream.pipeline.config;

import io.careerstream.domain.LookAhead;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapException;
import io.careerstream.domain.map.CareerMapLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Which career map decides stages, tracks and do-not-contact reasons, and how far ahead its
 * time-dependent conditions are looked at. The map file is only named here: it is compiled once,
 * where the pipeline (or a command that reads customers) starts, by {@link #compile()}.
 */
public final class CareerMapSettings extends AbstractConfig {

    public static final String CAREER_MAP = "careerstream.career.map";
    public static final String MAP_GRANULARITY_MS = "careerstream.career.map.granularity.ms";
    public static final String MAP_HORIZON_DAYS = "careerstream.career.map.horizon.days";
    public static final String ROLLOUT_RATE = "careerstream.career.map.rollout.rate";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(CAREER_MAP, Type.STRING, "", Importance.HIGH,
                    "Career map file (YAML); empty for the default map shipped as config/career-map.yaml.")
            .define(MAP_GRANULARITY_MS, Type.LONG, LookAhead.DEFAULT.granularity().toMillis(),
                    ConfigDef.Range.atLeast(1000), Importance.LOW,
                    "How close to the moment a time-dependent map condition becomes true it must fire.")
            .define(MAP_HORIZON_DAYS, Type.LONG, LookAhead.DEFAULT.horizon().toDays(),
                    ConfigDef.Range.atLeast(1), Importance.LOW, "How far ahead a time-dependent map is looked ahead.")
            .define(ROLLOUT_RATE, Type.INT, 10_000, ConfigDef.Range.between(10, 10_000_000), Importance.LOW,
                    "Customers a second each task visits in the background to roll a new career map out (each last "
                            + "evaluated under another map is re-evaluated under it, once): paced so that a deploy does "
                            + "not stall the stream.");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    private final LookAhead lookAhead;

    CareerMapSettings(Map<String, ?> settings) {
        super(DEFINITION, settings, false);
        try {
            this.lookAhead = new LookAhead(Duration.ofMillis(getLong(MAP_GRANULARITY_MS)),
                    Duration.ofDays(getLong(MAP_HORIZON_DAYS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(MAP_HORIZON_DAYS, getLong(MAP_HORIZON_DAYS), e.getMessage());
        }
    }

    /** Customers a second each task visits to roll a new map out. */
    public int rollOutRate() {
        return getInt(ROLLOUT_RATE);
    }

    /** The map file, or empty for the shipped default. */
    public String file() {
        return getString(CAREER_MAP);
    }

    public LookAhead lookAhead() {
        return lookAhead;
    }

    /**
     * Reads, compiles and type-checks the map: a few hundred milliseconds of CEL, so done once.
     *
     * @throws ConfigException naming {@value #CAREER_MAP} when the map is unreadable or invalid
     */
    public CareerMap compile() {
        String file = file();
        try {
            return file.isBlank() ? CareerMapLoader.loadDefault() : CareerMapLoader.load(Path.of(file));
        } catch (CareerMapException e) {
            throw new ConfigException(CAREER_MAP, file, e.getMessage());
        }
    }
}
