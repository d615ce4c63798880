package io.careerstream.pipeline.errors;

import io.careerstream.topics.RejectionReason;

/** A touchpoint failed validation; the message starts with the reason code. */
public class InvalidTouchpointException extends RuntimeException {

    private final RejectionReason reason;

    public InvalidTouchpointException(RejectionReason reason, String detail) {
        super(reason + ": " + detail);
        this.reason = reason;
    }

    public InvalidTouchpointException(RejectionReason reason, String detail, Throwable cause) {
        super(reason + ": " + detail, cause);
        this.reason = reason;
    }

    public RejectionReason reason() {
        return reason;
    }
}
