package io.careerstream.domain;

/** A customer's lifecycle stage: exactly one at a time. */
public enum Stage {
    /** Touchpoints but no purchase yet. */
    PROSPECT(SuggestedAction.NURTURE),
    /** One purchase day so far: onboarding time. */
    NEW(SuggestedAction.ONBOARDING),
    /** Repeat buyer within their own rhythm. */
    ACTIVE(SuggestedAction.CROSS_SELL),
    /** Meets the concrete loyalty definition: enough purchase days, at least every N days. */
    LOYAL(SuggestedAction.LOYALTY_REWARD),
    /** Overdue against their own rhythm, or souring signals (open complaint, negative voice). */
    AT_RISK(SuggestedAction.RETENTION_OFFER),
    /** Silent far beyond their own rhythm: churned or dormant. */
    LAPSED(SuggestedAction.WIN_BACK),
    /** Bought again after lapsing; stays until the next purchase day. */
    REACTIVATED(SuggestedAction.WELCOME_BACK);

    private final SuggestedAction defaultAction;

    Stage(SuggestedAction defaultAction) {
        this.defaultAction = defaultAction;
    }

    public SuggestedAction defaultAction() {
        return defaultAction;
    }
}
