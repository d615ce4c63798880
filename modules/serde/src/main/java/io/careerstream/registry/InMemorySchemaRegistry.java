package io.careerstream.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * A registry held in memory, reached with a {@code mock://SCOPE} URL: every client in the same
 * JVM that names the same scope shares it. For the demo and unit tests; it follows the REST
 * API's rules (ids from 1, BACKWARD by default like Confluent's server, the same error codes).
 */
public final class InMemorySchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final List<Schema> schemasById = new ArrayList<>();
    private final Map<String, List<Integer>> versionsBySubject = new ConcurrentHashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new ConcurrentHashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    public static InMemorySchemaRegistry scope(String name) {
        return SCOPES.computeIfAbsent(name, n -> new InMemorySchemaRegistry());
    }

    /** Forgets a scope, so the next {@link #scope(String)} starts empty. */
    public static void drop(String name) {
        SCOPES.remove(name);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        for (int id : versions) {
            if (schemasById.get(id - 1).equals(schema)) {
                return id;
            }
        }
        if (!isCompatible(subject, schema)) {
            throw SchemaRegistryException.of(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                    "Schema " + schema.getFullName() + " is incompatible with subject '" + subject + "' under "
                            + compatibility(subject));
        }
        int id = schemasById.indexOf(schema) + 1;
        if (id == 0) {
            schemasById.add(schema);
            id = schemasById.size();
        }
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    @Override
    public synchronized int idOf(String subject, Schema schema) {
        for (int id : versions(subject)) {
            if (schemasById.get(id - 1).equals(schema)) {
                return id;
            }
        }
        throw SchemaRegistryException.of(404, SchemaRegistryException.SCHEMA_NOT_FOUND,
                "Schema " + schema.getFullName() + " is not registered under subject '" + subject + "'");
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (id < 1 || id > schemasById.size()) {
            throw SchemaRegistryException.of(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schemasById.get(id - 1);
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versions(subject);
        return version(subject, versions.size());
    }

    @Override
    public synchronized RegisteredSchema version(String subject, int version) {
        List<Integer> versions = versions(subject);
        if (version < 1 || version > versions.size()) {
            throw SchemaRegistryException.of(404, SchemaRegistryException.VERSION_NOT_FOUND,
                    "Version " + version + " of subject '" + subject + "' not found");
        }
        int id = versions.get(version - 1);
        return new RegisteredSchema(subject, id, version, schemasById.get(id - 1));
    }

    @Override
    public synchronized boolean isCompatible(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (versions.isEmpty()) {
            return true;
        }
        CompatibilityLevel level = compatibility(subject);
        boolean transitive = level.name().endsWith("_TRANSITIVE");
        List<Integer> against = transitive ? versions : versions.subList(versions.size() - 1, versions.size());
        for (int id : against) {
            Schema existing = schemasById.get(id - 1);
            boolean backward = canRead(schema, existing);
            boolean forward = canRead(existing, schema);
            boolean ok = switch (level) {
                case NONE -> true;
                case BACKWARD, BACKWARD_TRANSITIVE -> backward;
                case FORWARD, FORWARD_TRANSITIVE -> forward;
                case FULL, FULL_TRANSITIVE -> backward && forward;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return subject == null ? globalLevel : subjectLevels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level;
        } else {
            subjectLevels.put(subject, level);
        }
    }

    @Override
    public List<String> subjects() {
        return versionsBySubject.keySet().stream().sorted().toList();
    }

    private List<Integer> versions(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw SchemaRegistryException.of(404, SchemaRegistryException.SUBJECT_NOT_FOUND,
                    "Subject '" + subject + "' not found");
        }
        return versions;
    }
}
