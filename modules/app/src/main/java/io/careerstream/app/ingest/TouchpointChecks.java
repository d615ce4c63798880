package io.careerstream.app.ingest;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.ReportingCurrency;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ingest.TouchpointValidator;

/**
 * The pipeline's own rules for a touchpoint ({@link TouchpointValidator}), applied before it is
 * sent: what the pipeline would dead-letter is refused at the source instead, with the same reason.
 */
public final class TouchpointChecks {

    private final long maxFutureSkewMs;
    private final ReportingCurrency money;

    public TouchpointChecks(long maxFutureSkewMs, ReportingCurrency money) {
        this.maxFutureSkewMs = maxFutureSkewMs;
        this.money = money;
    }

    /** With the pipeline's settings ({@code careerstream.validation.max.future.skew.ms}, {@code careerstream.currency.*}). */
    public static TouchpointChecks of(CareerstreamConfig config) {
        return new TouchpointChecks(config.pipeline().maxFutureSkewMs(), config.currency().money());
    }

    /**
     * The record key {@code event} is sent with (its customerId, else its alias), once the event
     * passes every rule.
     *
     * @throws io.careerstream.pipeline.errors.InvalidTouchpointException with the reason it would be dead-lettered for
     */
    public String check(TouchpointEvent event) {
        String key = key(event);
        TouchpointValidator.validate(key, event, System.currentTimeMillis(), maxFutureSkewMs, money);
        return key;
    }

    /** A touchpoint's record key: its customerId, or its alias when it names its customer by an alias only. */
    public static String key(TouchpointEvent event) {
        return TouchpointValidator.isAliased(event) ? event.getAlias() : event.getCustomerId();
    }
}
