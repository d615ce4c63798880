package io.careerstream.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the registry client for a configuration: {@code mock://NAME} is an in-memory registry
 * shared within the JVM, {@code http(s)://...} a real one. Clients with the same settings are
 * shared, so all serdes of a process use one cache.
 */
public final class SchemaRegistries {

    public static final String MOCK_PREFIX = "mock://";

    private static final Map<RegistrySettings, HttpSchemaRegistryClient> HTTP_CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistries() {
    }

    public static SchemaRegistryClient forUrl(String url) {
        return forConfig(Map.of(RegistrySettings.URL, url == null ? "" : url));
    }

    public static SchemaRegistryClient forConfig(Map<String, ?> config) {
        Object url = config.get(RegistrySettings.URL);
        if (url != null && url.toString().startsWith(MOCK_PREFIX)) {
            return InMemorySchemaRegistry.scope(url.toString().substring(MOCK_PREFIX.length()));
        }
        RegistrySettings settings = RegistrySettings.from(config);
        return HTTP_CLIENTS.computeIfAbsent(settings, HttpSchemaRegistryClient::new);
    }
}
