package io.careerstream.domain;

/** What a campaign system should do next for a customer. */
public enum SuggestedAction {
    NURTURE,
    ONBOARDING,
    CROSS_SELL,
    LOYALTY_REWARD,
    RETENTION_OFFER,
    WIN_BACK,
    WELCOME_BACK,
    /** An open complaint comes first: fix it before any marketing. */
    SERVICE_RECOVERY,
    /** The customer asked not to be contacted, or reported us as spam. */
    NO_CONTACT;

    /**
     * The action for a stage, overridden by what the customer dislikes: an opt-out or spam report
     * forbids contact, and an open complaint calls for service recovery instead of a campaign.
     */
    public static SuggestedAction forStage(Stage stage, java.util.Set<DoNotContactReason> reasons) {
        if (reasons.contains(DoNotContactReason.UNSUBSCRIBED) || reasons.contains(DoNotContactReason.SPAM_REPORT)) {
            return NO_CONTACT;
        }
        if (reasons.contains(DoNotContactReason.OPEN_COMPLAINT)) {
            return SERVICE_RECOVERY;
        }
        if (reasons.contains(DoNotContactReason.NEGATIVE_SENTIMENT)) {
            return NO_CONTACT;
        }
        return stage.defaultAction();
    }
}
