package io.careerstream.serde;

import org.apache.avro.Schema;

/**
 * Confluent's subject naming strategies, selected by the same config values (the short name or
 * Confluent's class name both work).
 */
public enum SubjectNameStrategy {
    /** {@code TOPIC-value} / {@code TOPIC-key}: one schema per topic (the default). */
    TOPIC,
    /** The record's full name: one schema per record type, across topics. */
    RECORD,
    /** {@code TOPIC-RECORDNAME}: several record types per topic. */
    TOPIC_RECORD;

    public static final String VALUE_CONFIG = "value.subject.name.strategy";
    public static final String KEY_CONFIG = "key.subject.name.strategy";

    public String subject(String topic, boolean isKey, Schema schema) {
        return switch (this) {
            case TOPIC -> topic + (isKey ? "-key" : "-value");
            case RECORD -> schema.getFullName();
            case TOPIC_RECORD -> topic + "-" + schema.getFullName();
        };
    }

    /** Parses {@code TopicNameStrategy}, {@code io.confluent...RecordNameStrategy} and the like. */
    public static SubjectNameStrategy parse(String key, Object value) {
        if (value == null) {
            return TOPIC;
        }
        String name = value.toString();
        String simple = name.substring(name.lastIndexOf('.') + 1);
        return switch (simple) {
            case "TopicNameStrategy", "TOPIC" -> TOPIC;
            case "RecordNameStrategy", "RECORD" -> RECORD;
            case "TopicRecordNameStrategy", "TOPIC_RECORD" -> TOPIC_RECORD;
            default -> throw new IllegalArgumentException("Invalid value '" + name + "' for " + key
                    + ": use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        };
    }
}
