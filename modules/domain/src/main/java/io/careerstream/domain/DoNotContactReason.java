package io.careerstream.domain;

/** Signals that marketing to a customer right now would do harm. */
public enum DoNotContactReason {
    /** A complaint was raised and not yet resolved. */
    OPEN_COMPLAINT,
    /** The customer's most recent social mention was negative. */
    NEGATIVE_SENTIMENT,
    /** The customer unsubscribed from email. */
    UNSUBSCRIBED,
    /** The customer reported our email as spam. */
    SPAM_REPORT
}
