package io.careerstream.pipeline.serde;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry that a serde needs. Ids are the registry's
 * global schema ids, the same ones written into the Confluent wire format.
 */
public interface SchemaRegistryClient {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id {@code schema} already has under {@code subject}, without registering it. */
    int idOf(String subject, Schema schema);

    /** The schema with global id {@code id}. */
    Schema schemaById(int id);
}
