package io.careerstream.registry;

import org.apache.avro.Schema;

/** A schema as registered under a subject. */
public record RegisteredSchema(String subject, int id, int version, Schema schema) {
}
