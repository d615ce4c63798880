package io.careerstream.pipeline.config;

import io.careerstream.topics.Topics;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * Which topics the pipeline reads and writes ({@code careerstream.topic.*}): a concern of its own,
 * since commands that never reach the cluster need it too ({@code schemas} registers a contract
 * under each topic's subject). {@link Topics#DEFAULT} holds the defaults.
 */
public final class TopicSettings extends AbstractConfig {

    public static final String TOPIC_TOUCHPOINTS = "careerstream.topic.touchpoints";
    public static final String TOPIC_TRANSITIONS = "careerstream.topic.transitions";
    public static final String TOPIC_ALERTS = "careerstream.topic.alerts";
    public static final String TOPIC_PROFILES = "careerstream.topic.profiles";
    public static final String TOPIC_DLQ = "careerstream.topic.dlq";
    public static final String TOPIC_MODEL_PARAMETERS = "careerstream.topic.model.parameters";
    public static final String TOPIC_ERASURE_REQUESTS = "careerstream.topic.erasure.requests";
    public static final String TOPIC_RFM_SKETCHES = "careerstream.topic.rfm.sketches";
    public static final String TOPIC_IDENTITY_LINKS = "careerstream.topic.identity.links";
    public static final String TOPIC_RESOLVED_TOUCHPOINTS = "careerstream.topic.touchpoints.resolved";

    public static final ConfigDef DEFINITION = new ConfigDef()
            .define(TOPIC_TOUCHPOINTS, Type.STRING, Topics.DEFAULT.touchpoints(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Input topic of TouchpointEvent records keyed by customerId.")
            .define(TOPIC_TRANSITIONS, Type.STRING, Topics.DEFAULT.transitions(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Output topic of StageTransition records.")
            .define(TOPIC_ALERTS, Type.STRING, Topics.DEFAULT.alerts(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Output topic of ChurnAlert records.")
            .define(TOPIC_PROFILES, Type.STRING, Topics.DEFAULT.profiles(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted output topic of CustomerProfile records.")
            .define(TOPIC_DLQ, Type.STRING, Topics.DEFAULT.deadLetters(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Dead-letter topic for rejected input.")
            .define(TOPIC_MODEL_PARAMETERS, Type.STRING, Topics.DEFAULT.modelParameters(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted topic of ModelParameters; the latest replaces the configured ones while running.")
            .define(TOPIC_ERASURE_REQUESTS, Type.STRING, Topics.DEFAULT.erasureRequests(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Topic of erasure requests keyed by customerId (co-partitioned with the input).")
            .define(TOPIC_RFM_SKETCHES, Type.STRING, Topics.DEFAULT.rfmSketches(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted topic of each career task's RFM quantile sketches (key: task id).")
            .define(TOPIC_IDENTITY_LINKS, Type.STRING, Topics.DEFAULT.identityLinks(), new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted topic of IdentityLink records keyed by alias (a tombstone unlinks); "
                            + "as many partitions as the touchpoints topic.")
            .define(TOPIC_RESOLVED_TOUCHPOINTS, Type.STRING, Topics.DEFAULT.resolvedTouchpoints(),
                    new ConfigDef.NonEmptyString(), Importance.MEDIUM, "Topic the pipeline writes aliased touchpoints "
                            + "to once their customer is known, keyed by customerId, and reads back; as many partitions as "
                            + "the touchpoints topic.");

    /** The careerstream.* keys of this concern. */
    public static final Set<String> KEYS = DEFINITION.names();

    public TopicSettings(Map<String, ?> settings) {
        super(DEFINITION, only(settings), false);
    }

    public Topics topics() {
        return new Topics(getString(TOPIC_TOUCHPOINTS), getString(TOPIC_TRANSITIONS), getString(TOPIC_ALERTS),
                getString(TOPIC_PROFILES), getString(TOPIC_DLQ), getString(TOPIC_MODEL_PARAMETERS),
                getString(TOPIC_ERASURE_REQUESTS), getString(TOPIC_RFM_SKETCHES), getString(TOPIC_IDENTITY_LINKS),
                getString(TOPIC_RESOLVED_TOUCHPOINTS));
    }

    /** The settings that point a pipeline at {@code names}, every topic of it (the inverse of {@link #topics}). */
    public static Map<String, Object> of(Topics names) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(TOPIC_TOUCHPOINTS, names.touchpoints());
        settings.put(TOPIC_TRANSITIONS, names.transitions());
        settings.put(TOPIC_ALERTS, names.alerts());
        settings.put(TOPIC_PROFILES, names.profiles());
        settings.put(TOPIC_DLQ, names.deadLetters());
        settings.put(TOPIC_MODEL_PARAMETERS, names.modelParameters());
        settings.put(TOPIC_ERASURE_REQUESTS, names.erasureRequests());
        settings.put(TOPIC_RFM_SKETCHES, names.rfmSketches());
        settings.put(TOPIC_IDENTITY_LINKS, names.identityLinks());
        settings.put(TOPIC_RESOLVED_TOUCHPOINTS, names.resolvedTouchpoints());
        return settings;
    }

    private static Map<String, Object> only(Map<String, ?> settings) {
        Map<String, Object> mine = new HashMap<>();
        settings.forEach((key, value) -> {
            if (KEYS.contains(key)) {
                mine.put(key, value);
            }
        });
        return mine;
    }
}
