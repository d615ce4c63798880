package io.careerstream.pipeline.career;

import io.careerstream.contracts.AlertEndReason;
import io.careerstream.contracts.AlertStatus;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.StageTransition;
import io.careerstream.domain.AlertLevel;
import io.careerstream.domain.CareerFigures;
import io.careerstream.domain.CareerOutcome;
import io.careerstream.domain.ChurnSignal;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.StageChange;
import io.careerstream.domain.lift.HoldOutGroups;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/** Domain results to the published Avro contracts: copies, no rules and no maths. */
final class ContractMapping {

    private ContractMapping() {
    }

    static StageTransition transition(StageChange c) {
        return transition(c, HoldOutGroups.NONE);
    }

    /** A transition's record, with its hold-out flag: whether its customer is held out of its action. */
    static StageTransition transition(StageChange c, HoldOutGroups holdOut) {
        return StageTransition.newBuilder()
                .setCustomerId(c.customerId())
                .setDimension(c.dimension().name())
                .setMapVersion(c.mapVersion())
                .setFrom(c.from())
                .setTo(c.to())
                .setAt(Instant.ofEpochMilli(c.at()))
                .setRule(c.rule())
                .setEvidence(new TreeMap<>(c.evidence()))
                .setTriggeringEventId(c.triggeringEventId())
                .setSuggestedAction(c.suggestedAction())
                .setDoNotContact(!c.doNotContactReasons().isEmpty())
                .setDoNotContactReasons(names(c.doNotContactReasons()))
                .setTransitionId(c.transitionId())
                .setHeldOut(holdOut.heldOut(c.customerId(), c.suggestedAction()))
                .build();
    }

    /** An alert's record; {@code currency}: the reporting currency its money is in. */
    static ChurnAlert alert(ChurnSignal s, String currency) {
        return alert(s, currency, HoldOutGroups.NONE);
    }

    /**
     * An alert's record with its hold-out flag: an opened alert's customer held out of its action.
     * An end is never flagged: it stops a flow, and a held-out customer has none to stop.
     */
    static ChurnAlert alert(ChurnSignal s, String currency, HoldOutGroups holdOut) {
        return ChurnAlert.newBuilder()
                .setAlertId(s.alertId())
                .setCustomerId(s.customerId())
                .setLevel(ChurnLevel.valueOf(s.level().name()))
                .setAt(Instant.ofEpochMilli(s.at()))
                .setLastPurchaseAt(Instant.ofEpochMilli(s.lastPurchaseAt()))
                .setDaysSinceLastPurchase(s.daysSinceLastPurchase())
                .setExpectedIntervalDays(s.expectedIntervalDays())
                .setPurchaseDays(s.purchaseDays())
                .setDoNotContact(!s.doNotContactReasons().isEmpty())
                .setDoNotContactReasons(names(s.doNotContactReasons()))
                .setSuggestedAction(s.suggestedAction())
                .setProbabilityAlive(finiteOrNull(s.probabilityAlive()))
                .setExpectedPurchases90d(finiteOrNull(s.expectedPurchases90d()))
                .setExpectedValue90d(finiteOrNull(s.expectedValue90d()))
                .setModel(s.model())
                .setRegularity(s.status() == ChurnSignal.Status.OPENED ? s.regularity() : null)
                .setDaysOverdue(finiteOrNull(s.daysOverdue()))
                .setStatus(AlertStatus.valueOf(s.status().name()))
                .setEndReason(s.endReason() == null ? null : AlertEndReason.valueOf(s.endReason().name()))
                .setEndsAlertId(s.status() == ChurnSignal.Status.ENDED ? s.openedAlertId() : null)
                .setRule(s.rule())
                .setEvidence(new TreeMap<>(s.evidence()))
                .setMapVersion(s.mapVersion())
                .setTransitionId(s.transitionId())
                .setReportingCurrency(currency)
                .setHeldOut(s.status() == ChurnSignal.Status.OPENED && holdOut.heldOut(s.customerId(), s.suggestedAction()))
                .build();
    }

    /** The state and the figures the domain computed with it, copied; NaN figures become null. */
    static CustomerProfile profile(String customerId, CareerOutcome outcome, String currency, String mapVersion) {
        CustomerState s = outcome.state();
        CareerFigures f = outcome.figures();
        return CustomerProfile.newBuilder()
                .setCustomerId(customerId)
                .setStage(s.stage())
                .setTrack(s.track())
                .setStageSince(Instant.ofEpochMilli(s.stageSince()))
                .setFirstPurchaseAt(instantOrNull(s.firstPurchaseAt()))
                .setLastPurchaseAt(instantOrNull(s.lastPurchaseAt()))
                .setLastTouchpointAt(Instant.ofEpochMilli(s.lastTouchpointAt()))
                .setPurchaseDays(s.purchaseDays())
                .setPurchases(s.purchases())
                .setTotalSpendMinor(s.totalSpendMinor())
                .setMeanIntervalDays(finiteOrNull(f.meanIntervalDays()))
                .setExpectedIntervalDays(f.expectedIntervalDays())
                .setChurnLevel(s.alertLevel() == AlertLevel.NONE ? null : s.alertLevel().name())
                .setNextCheckAt(instantOrNull(s.nextCheckAt()))
                .setInquiries(s.inquiries())
                .setOpenComplaints(s.openComplaints())
                .setEmailOpens(s.emailOpens())
                .setEmailClicks(s.emailClicks())
                .setPositiveMentions(s.positiveMentions())
                .setNegativeMentions(s.negativeMentions())
                .setReferrals(s.referrals())
                .setUnsubscribed(s.unsubscribed())
                .setSpamReported(s.spamReported())
                .setDoNotContactReasons(names(f.doNotContactReasons()))
                .setProbabilityAlive(finiteOrNull(f.probabilityAlive()))
                .setExpectedPurchases30d(finiteOrNull(f.expectedPurchases30d()))
                .setExpectedPurchases90d(finiteOrNull(f.expectedPurchases90d()))
                .setExpectedValue90d(finiteOrNull(f.expectedValue90d()))
                .setReportingCurrency(currency)
                .setMapVersion(mapVersion)
                .build();
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    private static Instant instantOrNull(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }

    private static List<String> names(Collection<String> reasons) {
        // Nearly always empty, on every profile and transition: no stream for that (it showed in profiles).
        if (reasons.isEmpty()) {
            return List.of();
        }
        return reasons.stream().sorted().toList();
    }
}
