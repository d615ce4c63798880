package io.careerstream.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A customer's purchases replayed through {@link CustomerCareer}, the code the pipeline calls for
 * every touchpoint and every due check (the timer index holds the same {@code nextCheckAt}), and the
 * churn alerts it raises: what the stream would say, without Kafka. {@code model evaluate} uses it
 * to check the stream's alerts against its offline scoring of the same simulated customers.
 */
public final class SilenceReplay {

    private SilenceReplay() {
    }

    /**
     * The churn alerts opened for a customer who bought at {@code purchaseTimes} (epoch
     * milliseconds, ascending) and is watched until just before {@code until}. Each purchase is its
     * own order; due checks are settled at their own time before the next purchase, as the
     * pipeline's timers do. Their ends (the next purchase, a level superseding another) are left out.
     */
    public static List<ChurnSignal> alerts(CustomerCareer career, String customerId, long[] purchaseTimes, long until) {
        List<ChurnSignal> signals = new ArrayList<>();
        CustomerState state = null;
        for (int i = 0; i < purchaseTimes.length; i++) {
            CareerOutcome outcome = career.onTouchpoint(state, new Touchpoint.Purchase(customerId + "-" + i, customerId,
                    purchaseTimes[i], customerId + "-" + i, 1000, "USD", 1, List.of()));
            signals.addAll(opened(outcome.churnSignals()));
            state = outcome.state();
        }
        if (state != null) {
            signals.addAll(opened(career.onTimer(state, customerId, until - 1).churnSignals()));
        }
        return signals;
    }

    private static List<ChurnSignal> opened(List<ChurnSignal> signals) {
        return signals.stream().filter(s -> s.status() == ChurnSignal.Status.OPENED).toList();
    }
}
