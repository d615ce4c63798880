package io.careerstream.topics;

/** Why a touchpoint was sent to the dead-letter topic; written to its {@code careerstream.dlq.reason} header. */
public enum RejectionReason {
    /** The bytes are not a TouchpointEvent in the Confluent wire format (bad magic byte, unknown schema id, corrupt body). */
    UNDESERIALIZABLE,
    EMPTY_VALUE,
    /** Neither a customerId nor an alias. */
    MISSING_CUSTOMER_ID,
    KEY_MISMATCH,
    MISSING_EVENT_ID,
    INVALID_TIMESTAMP,
    /**
     * A touchpoint's {@code occurredAt}, or a tick's timestamp, is more than
     * {@code careerstream.validation.max.future.skew.ms} ahead of the clock. Such a record does not move stream time:
     * outputs and changelogs would otherwise get timestamps the broker refuses.
     */
    FUTURE_TIMESTAMP,
    /**
     * A record carries the tick header and a value: a tick must have no value, and a touchpoint must not carry the
     * tick header. Neither a tick nor a touchpoint, it does not move stream time and changes no customer.
     */
    TICK_WITH_VALUE,
    UNKNOWN_PAYLOAD,
    MISSING_ORDER_ID,
    NEGATIVE_AMOUNT,
    INVALID_CURRENCY,
    /**
     * A valid ISO 4217 currency without a rate into the reporting currency
     * ({@code careerstream.currency.rates}): the amount cannot be counted in the customer's total.
     * Fix the rate table, then resend.
     */
    UNKNOWN_CURRENCY,
    NEGATIVE_ITEM_COUNT,
    /**
     * The touchpoint's {@code occurredAt} is further behind the customer's latest event time (touchpoint
     * or evaluation) than {@code careerstream.late.grace.ms}: applying it would judge the past after
     * the fact (alerts already sent, stages already changed), so it is kept here to be looked at instead.
     */
    LATE,
    /**
     * A touchpoint keyed by an alias whose identity link did not arrive within
     * {@code careerstream.identity.pending.ms} of stream time, or that was the oldest waiting when the
     * pending store was full ({@code careerstream.identity.pending.max.entries}).
     */
    UNRESOLVED_IDENTITY,
    /** An identity link not keyed by its alias, or with an empty customerId. */
    INVALID_IDENTITY_LINK,
    /**
     * The domain could not compute the career for this touchpoint (a defect it triggers): reported
     * rather than fatal. Failures that are not the input's fault (outputs refused, stores failing)
     * are never dead-lettered: they stop the task.
     */
    PROCESSING_ERROR,
    /**
     * Not a record at fault but a marker: the broker deleted input the pipeline had not processed
     * (or truncated the log). The record has no key and no value; its headers name the partition
     * and the offsets lost ({@code careerstream.dlq.lost.offsets}). Written by the instance that
     * found the loss, before {@code careerstream.on.data.loss} decides what happens next.
     */
    DATA_LOSS
}
