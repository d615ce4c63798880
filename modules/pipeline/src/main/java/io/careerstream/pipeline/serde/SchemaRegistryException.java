package io.careerstream.pipeline.serde;

/** A registry refused a request; the message says what and for which subject or id. */
public class SchemaRegistryException extends RuntimeException {
    public SchemaRegistryException(String message) {
        super(message);
    }
}
