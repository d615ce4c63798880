package io.careerstream.examples.campaign;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stand-in campaign system that prints what it would do and remembers it, for the example's
 * command and its test. Not durable: a real one keeps its flows and handled alert ids in its own
 * database (see {@link CampaignSystem}).
 */
public final class InMemoryCampaignSystem implements CampaignSystem {

    /** One flow: which alert started it, what it does, and why it stopped (null while running). */
    public record Flow(String customerId, String alertId, String action, String stoppedBecause) {
    }

    private final Map<String, Flow> flows = new LinkedHashMap<>();
    private final Set<String> handled = new HashSet<>();
    private final PrintStream out;

    public InMemoryCampaignSystem(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void startFlow(String customerId, String alertId, String action) {
        flows.put(alertId, new Flow(customerId, alertId, action, null));
        out.printf("start %s for %s (alert %s)%n", action, customerId, alertId);
    }

    @Override
    public synchronized void stopFlow(String customerId, String alertId, String reason) {
        Flow flow = flows.get(alertId);
        flows.put(alertId, new Flow(customerId, alertId, flow.action(), reason));
        out.printf("stop  %s for %s (alert %s ended: %s)%n", flow.action(), customerId, alertId, reason);
    }

    @Override
    public synchronized boolean isRunning(String alertId) {
        Flow flow = flows.get(alertId);
        return flow != null && flow.stoppedBecause() == null;
    }

    @Override
    public synchronized boolean markHandled(String alertId) {
        return handled.add(alertId);
    }

    /** Every flow ever started, in the order they started. */
    public synchronized List<Flow> flows() {
        return new ArrayList<>(flows.values());
    }
}
