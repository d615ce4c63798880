package io.careerstream.registry;

import java.util.Arrays;
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

    /**
     * Whether {@code urls} (comma-separated) name an in-memory registry: it lives in one process,
     * so the schema ids it hands out mean nothing to any other. The one place this is decided.
     */
    public static boolean isInMemory(String urls) {
        return urls != null && Arrays.stream(urls.split(",")).map(String::strip).anyMatch(u -> u.startsWith(MOCK_PREFIX));
    }

    public static SchemaRegistryClient forUrl(String url) {
        return forConfig(Map.of(RegistrySettings.URL, url == null ? "" : url));
    }

    public static SchemaRegistryClient forConfig(Map<String, ?> config) {
        Object url = config.get(RegistrySettings.URL);
        if (url != null && isInMemory(url.toString())) {
            return InMemorySchemaRegistry.scope(url.toString().strip().substring(MOCK_PREFIX.length()));
        }
        RegistrySettings settings = RegistrySettings.from(config);
        return HTTP_CLIENTS.computeIfAbsent(settings, HttpSchemaRegistryClient::new);
    }
}
