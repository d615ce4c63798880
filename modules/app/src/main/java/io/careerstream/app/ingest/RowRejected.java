package io.careerstream.app.ingest;

/**
 * A row that cannot become a touchpoint, with the reason: a dead-letter reason of the contract
 * ({@code RejectionReason}) when the pipeline would refuse the event, or one of the import's own
 * ({@link #MALFORMED_ROW}, {@link #UNPARSEABLE_VALUE}) when the row is not read that far.
 */
public final class RowRejected extends RuntimeException {

    /** The row itself is broken: not JSON, or another number of columns than the header. */
    public static final String MALFORMED_ROW = "MALFORMED_ROW";
    /** A value the mapping reads is not what its field needs (a number, a time, one of an enum's symbols). */
    public static final String UNPARSEABLE_VALUE = "UNPARSEABLE_VALUE";

    private final String reason;

    public RowRejected(String reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
