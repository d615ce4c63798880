package io.careerstream.examples.campaign;

import io.careerstream.contracts.StageTransition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The customers' careers as the stage transitions record them: what a CRM timeline or a report
 * shows. Nothing here starts a campaign: the AT_RISK and LAPSED transitions describe the same
 * silence as the churn alerts, and acting on both would contact the customer twice.
 */
public final class CareerRecord {

    private final Map<String, List<StageTransition>> byCustomer = new HashMap<>();
    private final Map<String, StageTransition> byId = new HashMap<>();

    public void onTransition(StageTransition transition) {
        if (transition.getTransitionId() != null && byId.putIfAbsent(transition.getTransitionId(), transition) != null) {
            return; // a redelivery or a replay: recorded already
        }
        byCustomer.computeIfAbsent(transition.getCustomerId(), c -> new ArrayList<>()).add(transition);
    }

    /** A customer's transitions in the order they happened (the topic's order per customer). */
    public List<StageTransition> of(String customerId) {
        return List.copyOf(byCustomer.getOrDefault(customerId, List.of()));
    }

    /** The transition an alert names in its {@code transitionId}. */
    public Optional<StageTransition> transition(String transitionId) {
        return Optional.ofNullable(byId.get(transitionId));
    }
}
