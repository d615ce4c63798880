package io.careerstream.pipeline.errors;

/**
 * What the pipeline does when the broker has deleted input it had not processed yet
 * ({@code careerstream.on.data.loss}). Either way the loss is logged as an error with the
 * partition and offsets and counted in the {@code careerstream-data-loss} metrics.
 */
public enum DataLossPolicy {
    /** Stop the instance (exit non-zero) and leave the committed offsets where they are, for an operator to decide. */
    FAIL,
    /** Go on from the oldest record the broker still has. */
    CONTINUE
}
