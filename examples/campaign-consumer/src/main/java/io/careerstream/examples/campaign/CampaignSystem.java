package io.careerstream.examples.campaign;

/**
 * The campaign system the consumer drives: it runs a flow (a sequence of messages) per churn alert.
 * A real one keeps its flows and the alert ids it has handled in its own database, in the same
 * transaction as the flow it starts, so that a record delivered twice is still acted on once.
 */
public interface CampaignSystem {

    /** Starts the flow {@code action} (the map's suggested action) for the alert {@code alertId}. */
    void startFlow(String customerId, String alertId, String action);

    /** Stops the flow the alert {@code alertId} started; {@code reason} is the alert's end reason. */
    void stopFlow(String customerId, String alertId, String reason);

    /** Whether the flow of the alert {@code alertId} is running. */
    boolean isRunning(String alertId);

    /**
     * Records that the alert record {@code alertId} has been handled; false when it already was
     * (a redelivery or a replay): then nothing is done again.
     */
    boolean markHandled(String alertId);
}
