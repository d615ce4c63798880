package io.careerstream.pipeline.ingest;

/** Why a touchpoint was sent to the dead-letter topic; written to its {@code careerstream.dlq.reason} header. */
public enum RejectionReason {
    /** The bytes are not a TouchpointEvent in the Confluent wire format (bad magic byte, unknown schema id, corrupt body). */
    UNDESERIALIZABLE,
    EMPTY_VALUE,
    MISSING_CUSTOMER_ID,
    KEY_MISMATCH,
    MISSING_EVENT_ID,
    INVALID_TIMESTAMP,
    FUTURE_TIMESTAMP,
    UNKNOWN_PAYLOAD,
    MISSING_ORDER_ID,
    NEGATIVE_AMOUNT,
    INVALID_CURRENCY,
    NEGATIVE_ITEM_COUNT,
    /** Anything else that failed while processing a record: a defect, reported rather than fatal. */
    PROCESSING_ERROR
}
