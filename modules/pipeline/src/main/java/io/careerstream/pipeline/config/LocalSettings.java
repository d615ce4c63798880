package io.careerstream.pipeline.config;

import io.careerstream.registry.RegistrySettings;
import io.careerstream.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The local concern: how a pipeline runs on one machine, next to a broker of its own (the demo,
 * the benchmark, the integration tests; never {@code run}). Silence is checked once a day of event
 * time, the state lives in a folder of the caller's, the registry may be an in-memory one, and the
 * group's session timeout is short so that a pipeline restarted in a test does not wait 45 s for
 * its predecessor to be declared dead.
 */
public final class LocalSettings {

    private LocalSettings() {
    }

    /**
     * The settings of a pipeline on a local broker: the one place that says how a pipeline runs
     * locally.
     *
     * @param registryUrl a registry server, or {@code mock://NAME} for one in this process
     */
    public static Map<String, Object> of(String bootstrapServers, Topics names, String applicationId, Path stateDir,
                                         String registryUrl) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(RegistrySettings.URL, registryUrl);
        settings.put(PipelineSettings.PUNCTUATION_INTERVAL_MS, Duration.ofDays(1).toMillis());
        settings.put("session.timeout.ms", 6000);
        settings.put("heartbeat.interval.ms", 1000);
        settings.putAll(TopicSettings.of(names));
        return settings;
    }
}
