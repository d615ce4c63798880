package io.careerstream.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The form of a schema that is registered and looked up: the schema without the properties that
 * only tell the Java code generator and runtime how to map types. Classes generated with
 * {@code stringType=String} carry {@code "avro.java.string":"String"} on every string, while the
 * {@code .avsc} contracts do not; registries compare those properties when looking a schema up
 * (Apicurio answers 40403 to the class's schema when the file's was registered), so both sides
 * must send the same form. Everything that matters to other readers (names, types, defaults,
 * docs, logical types, other properties) is kept. Similar in spirit to Confluent's
 * {@code avro.remove.java.properties}.
 *
 * <p>Used by {@code schemas register|check} for what they send, and by the serde for what it
 * registers, looks up and compares with {@code use.latest.version}.
 */
public final class SchemaNormalizer {

    /** Properties of Avro's Java bindings ({@code SpecificData}, {@code ReflectData}, the compiler). */
    static final Set<String> JAVA_PROPERTIES = Set.of("avro.java.string", "java-class", "java-key-class",
            "java-element-class", "javaAnnotation");
    private static final String JAVA_PREFIX = "avro.java.";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SchemaNormalizer() {
    }

    /** {@code schema} without Java-specific properties, at any depth; the same instance if it has none. */
    public static Schema normalize(Schema schema) {
        JsonNode tree;
        try {
            tree = JSON.readTree(schema.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Avro wrote a schema that is not JSON: " + e.getMessage(), e);
        }
        if (!strip(tree)) {
            return schema;
        }
        return new Schema.Parser().parse(tree.toString());
    }

    /** Whether {@code name} is a property only Java bindings read. */
    public static boolean isJavaProperty(String name) {
        return JAVA_PROPERTIES.contains(name) || name.startsWith(JAVA_PREFIX);
    }

    /**
     * Removes Java properties from a schema's JSON, walking only schema positions (a field's
     * {@code default} is data and is left alone). Returns whether anything was removed.
     */
    private static boolean strip(JsonNode schema) {
        boolean removed = false;
        if (schema.isArray()) { // a union
            for (JsonNode branch : schema) {
                removed |= strip(branch);
            }
            return removed;
        }
        if (!schema.isObject()) {
            return false; // a primitive or a reference to a named type, written as a string
        }
        removed = removeJavaProperties((ObjectNode) schema);
        JsonNode type = schema.path("type");
        if (type.isContainerNode()) {
            removed |= strip(type);
        }
        for (JsonNode field : schema.path("fields")) {
            removed |= removeJavaProperties((ObjectNode) field);
            removed |= strip(field.path("type"));
        }
        removed |= strip(schema.path("items"));
        removed |= strip(schema.path("values"));
        return removed;
    }

    private static boolean removeJavaProperties(ObjectNode node) {
        List<String> java = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (isJavaProperty(name)) {
                java.add(name);
            }
        });
        node.remove(java);
        return !java.isEmpty();
    }
}
