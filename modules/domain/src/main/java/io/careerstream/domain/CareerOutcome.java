package io.careerstream.domain;

import io.careerstream.domain.map.CareerMap;
import java.util.List;

/**
 * What one touchpoint or one due timer did to a customer.
 *
 * @param state the state after it (the same instance as before for a duplicate)
 * @param previousCheckAt the silence check that was scheduled before, 0 for none; the caller's
 *     timer index moves the entry from here to {@code state.nextCheckAt()}
 * @param duplicate true when the touchpoint was a resend and changed nothing
 * @param lastDecision the career map's decision at the state's latest evaluation, or null when
 *     nothing was evaluated (a duplicate, or a timer with nothing due)
 */
public record CareerOutcome(CustomerState state, List<StageChange> stageChanges, List<ChurnSignal> churnSignals,
                            long previousCheckAt, boolean duplicate, CareerMap.Decision lastDecision) {
    public CareerOutcome {
        stageChanges = List.copyOf(stageChanges);
        churnSignals = List.copyOf(churnSignals);
    }

}
