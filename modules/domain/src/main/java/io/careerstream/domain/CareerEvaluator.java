package io.careerstream.domain;

import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CustomerFeature;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Asks the career map what a customer's state means at a moment and applies the verdict: a churn
 * signal when silence has reached a level not yet alerted in this episode, a stage change unless a
 * minimum dwell time holds the current stage, a track change. Each change carries the rule, the
 * evidence it read and the suggested action (replaced by the first do-not-contact override).
 */
final class CareerEvaluator {

    private final ChurnMaths churn;
    private final CareerMap map;
    private final Supplier<RfmBoundaries> rfm;

    CareerEvaluator(ChurnMaths churn, CareerMap map, Supplier<RfmBoundaries> rfm) {
        this.churn = churn;
        this.map = map;
        this.rfm = rfm;
    }

    /** What the map's features are computed from; the RFM boundaries in force are asked for every time. */
    CustomerFeature.Context context(CustomerState s, long at) {
        return new CustomerFeature.Context(s, at, churn, rfm.get());
    }

    /** The map's verdict for a state at a moment, without changing anything. */
    CareerMap.Decision decide(CustomerState s, long at) {
        return map.evaluate(map.features(context(s, at)));
    }

    /**
     * Evaluates {@code s} at {@code now} (which becomes its {@code evaluatedAt}), updates its stage,
     * track and alert level and adds what changed to {@code changes} and {@code signals}.
     *
     * @param trigger the touchpoint's event id, or {@link CustomerCareer#TIMER}
     * @return the map's decision at {@code now}
     */
    CareerMap.Decision evaluate(CustomerState s, String customerId, long now, String trigger,
                                List<StageChange> changes, List<ChurnSignal> signals) {
        s.evaluatedAt = now;
        s.mapVersionHash = map.versionHash();
        Map<String, Object> features = map.features(context(s, now));
        CareerMap.Decision decision = map.evaluate(features);
        CareerMap.Rule target = decision.stage();
        boolean stageMoves = !target.id().equals(s.stage) && !heldByDwell(s, now);
        String track = decision.trackId();
        String currentTrack = s.track == null ? CareerMap.NO_TRACK : s.track;
        CareerMap.Rule trackRule = decision.track();
        // Evidence is read before the state moves on: features are computed when first read, and
        // the track's evidence must see the customer as the decision did (daysInStage before the change).
        Map<String, String> stageEvidence = stageMoves ? CareerMap.evidence(target.reads(), features) : Map.of();
        Map<String, String> trackEvidence = !track.equals(currentTrack) && trackRule != null
                ? CareerMap.evidence(trackRule.reads(), features) : Map.of();
        AlertLevel level = churn.silenceLevel(s, now);
        Map<String, String> alertEvidence = level.compareTo(s.alertLevel) > 0
                ? CareerMap.evidence(map.alert(level).reads(), features) : Map.of();
        String stageTransition = null;
        if (stageMoves) {
            StageChange change = new StageChange(customerId, StageChange.Dimension.STAGE, s.stage, target.id(), now,
                    target.id(), stageEvidence, trigger, decision.action(target), decision.doNotContactReasons(), map.version());
            changes.add(change);
            stageTransition = change.transitionId();
            s.stage = target.id();
            s.stageSince = now;
            s.history.record(StageChange.Dimension.STAGE, s.stage, now);
        }
        if (!track.equals(currentTrack)) {
            changes.add(new StageChange(customerId, StageChange.Dimension.TRACK, currentTrack, track, now,
                    trackRule == null ? CareerMap.NO_TRACK : trackRule.id(), trackEvidence, trigger,
                    trackRule == null || trackRule.action() == null ? "NONE" : override(decision, trackRule.action()),
                    decision.doNotContactReasons(), map.version()));
            s.track = track.equals(CareerMap.NO_TRACK) ? null : track;
            s.history.record(StageChange.Dimension.TRACK, s.track, now);
        }
        alerts(s, customerId, now, level, decision, alertEvidence, stageTransition, signals);
        return decision;
    }

    /**
     * Opens the alert of a silence level the customer has just crossed (each level at most once per
     * episode), ends the one it supersedes, and ends an open alert a new model or map no longer
     * supports. What an alert suggests and reports is the career map's alert rule for its level.
     */
    private void alerts(CustomerState s, String customerId, long now, AlertLevel level, CareerMap.Decision decision,
                        Map<String, String> evidence, String stageTransition, List<ChurnSignal> signals) {
        if (s.alertOpen && level.compareTo(s.alertLevel) < 0) {
            signals.add(end(s, customerId, now, ChurnSignal.EndReason.NO_LONGER_CROSSED));
            s.alertOpen = false; // the level stays alerted: not alerted again this episode
        }
        if (level.compareTo(s.alertLevel) <= 0) {
            return;
        }
        if (s.alertOpen) {
            signals.add(end(s, customerId, now, ChurnSignal.EndReason.SUPERSEDED));
        }
        s.alertLevel = level;
        s.alertOpen = true;
        CareerMap.AlertRule rule = map.alert(level);
        double purchases90 = churn.expectedPurchases(s, now, 90);
        signals.add(new ChurnSignal(customerId, level, ChurnSignal.Status.OPENED, null, now, s.lastPurchaseAt,
                churn.daysSinceLastPurchase(s, now), churn.expectedIntervalDays(s), s.purchaseDays,
                churn.probabilityAlive(s, now), purchases90, purchases90 * churn.expectedSpendPerPurchase(s),
                override(decision, rule.action()), decision.doNotContactReasons(), churn.model().name(),
                churn.regularity(s), churn.daysOverdue(s, now), rule.id() + ": " + churn.describe(level),
                evidence, map.version(), stageTransition));
    }

    /** The end of the customer's open alert at {@code now}. */
    ChurnSignal end(CustomerState s, String customerId, long now, ChurnSignal.EndReason reason) {
        return ChurnSignal.ended(customerId, s.alertLevel, s.lastPurchaseAt, now, reason,
                churn.daysSinceLastPurchase(s, now), churn.expectedIntervalDays(s), s.purchaseDays,
                churn.probabilityAlive(s, now), map.alert(s.alertLevel).id(), map.version());
    }

    /**
     * When the current stage's minimum stay ends; {@link Long#MIN_VALUE} when it asks for none (or
     * the map no longer has the stage).
     */
    long dwellEnd(CustomerState s) {
        CareerMap.Rule current = map.stage(s.stage);
        if (current == null || current.minDwellDays() <= 0) {
            return Long.MIN_VALUE; // a stage the map no longer has holds nobody
        }
        return s.stageSince + Math.round(current.minDwellDays() * CustomerState.DAY_MS);
    }

    /** The current stage asks for a minimum stay that has not passed yet (hysteresis). */
    private boolean heldByDwell(CustomerState s, long now) {
        return s.stage != null && now < dwellEnd(s);
    }

    private static String override(CareerMap.Decision decision, String action) {
        for (CareerMap.DoNotContactRule d : decision.doNotContact()) {
            if (d.actionOverride() != null) {
                return d.actionOverride();
            }
        }
        return action;
    }
}
