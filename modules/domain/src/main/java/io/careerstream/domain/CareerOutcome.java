package io.careerstream.domain;

import java.util.List;

/**
 * What one touchpoint or one due timer did to a customer.
 *
 * @param state the state after it (the same instance as before for a duplicate)
 * @param previousCheckAt the silence check that was scheduled before, 0 for none; the caller's
 *     timer index moves the entry from here to {@code state.nextCheckAt()}
 * @param duplicate true when the touchpoint was a resend and changed nothing
 * @param figures what the profile shows beside the state, at the state's latest evaluation; null
 *     for a duplicate (nothing changed, nothing to publish)
 */
public record CareerOutcome(CustomerState state, List<StageChange> stageChanges, List<ChurnSignal> churnSignals,
                            long previousCheckAt, boolean duplicate, CareerFigures figures) {
    public CareerOutcome {
        stageChanges = List.copyOf(stageChanges);
        churnSignals = List.copyOf(churnSignals);
        if (figures == null && !duplicate) {
            throw new IllegalArgumentException("an outcome that changed the state needs its figures");
        }
    }
}
