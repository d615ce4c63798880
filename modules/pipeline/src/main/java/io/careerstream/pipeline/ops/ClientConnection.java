package io.careerstream.pipeline.ops;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a plain client of ours (admin, producer, consumer) needs to reach the cluster besides
 * {@code bootstrap.servers}: {@code security.protocol}, {@code ssl.*} and {@code sasl.*}, taken
 * from the settings given to the pipeline.
 */
public final class ClientConnection {

    private ClientConnection() {
    }

    public static Map<String, Object> settingsOf(Map<String, ?> settings) {
        Map<String, Object> connection = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (key.equals("security.protocol") || key.startsWith("ssl.") || key.startsWith("sasl.")) {
                connection.put(key, value);
            }
        });
        return connection;
    }
}
