package io.careerstream.domain;

import io.careerstream.domain.map.CareerMap;
import java.util.Objects;

/**
 * Plans the next moment after an evaluation at which something about a customer may change
 * without a touchpoint: what the pipeline's timer index holds.
 *
 * <p>The silence thresholds are known exactly (the churn maths solves them), so is the end of a
 * minimum dwell time. A map whose conditions read other time-dependent features (days since,
 * P(alive), ...) is looked ahead: its decision is probed at doubling steps from the granularity up
 * to the horizon, and the first change is narrowed down to the granularity. A condition that holds
 * for less than the probe gap can be missed; conditions that, once true, stay true while the
 * customer is silent (the usual threshold kind) are found.
 */
final class CheckPlanner {

    private final ChurnMaths churn;
    private final CareerMap map;
    private final CareerEvaluator evaluator;
    private final LookAhead lookAhead;

    CheckPlanner(ChurnMaths churn, CareerMap map, CareerEvaluator evaluator, LookAhead lookAhead) {
        this.churn = churn;
        this.map = map;
        this.evaluator = evaluator;
        this.lookAhead = lookAhead;
    }

    /**
     * The earliest moment after {@code now} at which something about this customer may change, 0
     * for none; {@code decisionNow} is the map's decision at {@code now}.
     */
    long nextCheckAt(CustomerState s, long now, CareerMap.Decision decisionNow) {
        long next = switch (s.alertLevel) {
            case NONE -> churn.atRiskAt(s);
            case AT_RISK -> churn.lapsedAt(s);
            case LAPSED -> 0;
        };
        if (s.stage != null) {
            long dwell = evaluator.dwellEnd(s);
            if (dwell > now && !Objects.equals(decisionNow.stage().id(), s.stage)) {
                next = earliest(next, dwell);
            }
        }
        if (map.timeDependent()) {
            next = earliest(next, nextDecisionChange(s, now));
        }
        return next;
    }

    private static long earliest(long a, long b) {
        if (a == 0) {
            return b;
        }
        return b == 0 ? a : Math.min(a, b);
    }

    /** Probes a time-dependent map forward (see the class comment); the horizon when nothing changes. */
    private long nextDecisionChange(CustomerState s, long now) {
        long granularity = lookAhead.granularity().toMillis();
        long horizon = lookAhead.horizon().toMillis();
        String current = signature(s, now);
        long previous = now;
        for (long step = granularity; step <= horizon; step *= 2) {
            long t = now + step;
            if (!signature(s, t).equals(current)) {
                long lo = previous;
                long hi = t;
                while (hi - lo > granularity) {
                    long mid = lo + (hi - lo) / 2;
                    if (signature(s, mid).equals(current)) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return hi;
            }
            previous = t;
        }
        return now + horizon;
    }

    private String signature(CustomerState s, long at) {
        CareerMap.Decision d = evaluator.decide(s, at);
        return d.stage().id() + "|" + d.trackId() + "|" + d.doNotContactReasons();
    }
}
