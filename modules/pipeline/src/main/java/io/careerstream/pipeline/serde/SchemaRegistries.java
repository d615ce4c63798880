package io.careerstream.pipeline.serde;

/** Finds the registry client for a {@code schema.registry.url}. */
public final class SchemaRegistries {

    public static final String MOCK_PREFIX = "mock://";

    private SchemaRegistries() {
    }

    public static SchemaRegistryClient forUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
        if (url.startsWith(MOCK_PREFIX)) {
            return InMemorySchemaRegistry.scope(url.substring(MOCK_PREFIX.length()));
        }
        throw new IllegalArgumentException("schema.registry.url '" + url
                + "' is not supported by this version: only the in-memory registry (mock://NAME) is;"
                + " the HTTP client for a Confluent-compatible registry is a planned feature");
    }
}
