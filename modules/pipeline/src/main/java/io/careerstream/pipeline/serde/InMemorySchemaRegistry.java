package io.careerstream.pipeline.serde;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.avro.Schema;

/**
 * A registry held in memory, reached with a {@code mock://SCOPE} URL: every client in the same
 * JVM that names the same scope shares it. For the demo and tests; data written with it can
 * only be read in the same JVM.
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> schemasById = new CopyOnWriteArrayList<>();
    private final Map<String, Map<Schema, Integer>> subjects = new ConcurrentHashMap<>();

    public static InMemorySchemaRegistry scope(String name) {
        return SCOPES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope, so the next {@link #scope(String)} starts empty. */
    public static void drop(String name) {
        SCOPES.remove(name);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        Integer existing = subjects.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).get(schema);
        if (existing != null) {
            return existing;
        }
        int id = schemasById.indexOf(schema);
        if (id < 0) {
            schemasById.add(schema);
            id = schemasById.size() - 1;
        }
        // Ids start at 1 like a real registry's, so 0 is never a valid id.
        subjects.get(subject).put(schema, id + 1);
        return id + 1;
    }

    @Override
    public int idOf(String subject, Schema schema) {
        Integer id = subjects.getOrDefault(subject, Map.of()).get(schema);
        if (id == null) {
            throw new SchemaRegistryException("Schema " + schema.getFullName() + " is not registered under subject '"
                    + subject + "' and auto.register.schemas is false");
        }
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new SchemaRegistryException("Schema id " + id + " is unknown to the registry");
        }
        return schemasById.get(id - 1);
    }
}
