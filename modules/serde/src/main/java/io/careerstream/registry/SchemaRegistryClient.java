package io.careerstream.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The part of the Confluent Schema Registry REST API that a serde and an operator need. Ids are
 * the registry's global schema ids, the ones written into the Confluent wire format. Failures are
 * {@link SchemaRegistryException}s carrying the HTTP status and the registry's error code.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id {@code schema} already has under {@code subject}, without registering it. */
    int idOf(String subject, Schema schema);

    /** The schema with global id {@code id}. */
    Schema schemaById(int id);

    /** The newest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** A given version of {@code subject}. */
    RegisteredSchema version(String subject, int version);

    /** Whether {@code schema} may be registered under {@code subject} by its compatibility rule. */
    boolean isCompatible(String subject, Schema schema);

    /** Compatibility level of {@code subject}, or the global one when {@code subject} is null. */
    CompatibilityLevel compatibility(String subject);

    /** Sets the compatibility level of {@code subject}, or the global one when {@code subject} is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    List<String> subjects();
}
