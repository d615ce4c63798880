package io.careerstream.examples.campaign;

import io.careerstream.contracts.AlertStatus;
import io.careerstream.contracts.ChurnAlert;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What docs/consuming.md says a campaign system does with each churn alert record, and nothing
 * else: alerts are the trigger (stage transitions are the record, see {@link CareerRecord}).
 *
 * <ul>
 *   <li>A record whose {@code alertId} was handled before is a redelivery or a replay: ignored.
 *   <li>An opened alert starts the flow the career map suggests, unless {@code doNotContact} is true,
 *       or {@code heldOut} is (the customer is in the action's hold-out group: left alone so that
 *       the action's lift can be measured, docs/lift.md).
 *   <li>An ended alert stops the flow its {@code endsAlertId} started, if one runs.
 *   <li>An opened alert whose {@code at} is further behind the clock than the maximum age (when one
 *       is set) is history, not news: a replay or a backfill of old data. It starts nothing.
 * </ul>
 */
public final class CampaignRules {

    /** What was done with one alert record. */
    public enum Outcome { STARTED, STOPPED, DUPLICATE, DO_NOT_CONTACT, HELD_OUT, NOTHING_RUNNING, TOO_OLD }

    private final CampaignSystem campaigns;
    private final Duration maxAge;
    private final Clock clock;

    /** Acts on every alert, however old (a replay of old data starts flows for old silences). */
    public CampaignRules(CampaignSystem campaigns) {
        this(campaigns, null, Clock.systemUTC());
    }

    /**
     * @param maxAge how far behind {@code clock} an opened alert's {@code at} may be for a flow to
     *               start; null for no limit
     */
    public CampaignRules(CampaignSystem campaigns, Duration maxAge, Clock clock) {
        if (maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative: " + maxAge);
        }
        this.campaigns = campaigns;
        this.maxAge = maxAge;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Outcome onAlert(ChurnAlert alert) {
        if (!campaigns.markHandled(alert.getAlertId())) {
            return Outcome.DUPLICATE;
        }
        String customerId = alert.getCustomerId();
        if (alert.getStatus() == AlertStatus.ENDED) {
            // The episode (or this level of it) is over: whatever the flow was saying no longer fits.
            if (!campaigns.isRunning(alert.getEndsAlertId())) {
                return Outcome.NOTHING_RUNNING; // never started (do-not-contact), or stopped already
            }
            campaigns.stopFlow(customerId, alert.getEndsAlertId(), String.valueOf(alert.getEndReason()));
            return Outcome.STOPPED;
        }
        if (maxAge != null && alert.getAt().isBefore(clock.instant().minus(maxAge))) {
            // Stopping is always safe (above); starting a campaign for a silence of long ago is not.
            return Outcome.TOO_OLD;
        }
        if (alert.getDoNotContact()) {
            // Marketing to this customer now would do harm (unsubscribed, open complaint, ...).
            return Outcome.DO_NOT_CONTACT;
        }
        if (alert.getHeldOut()) {
            // The hold-out of this action: not contacted on purpose. A real campaign system reports
            // it back as an email DELIVERED with heldOut=true, so the stream counts its lift.
            return Outcome.HELD_OUT;
        }
        campaigns.startFlow(customerId, alert.getAlertId(), alert.getSuggestedAction());
        return Outcome.STARTED;
    }
}
