package io.careerstream.domain;

import io.careerstream.domain.map.CareerExplanation;
import io.careerstream.domain.map.CareerMap;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A customer's career, one touchpoint or one due check at a time: what the pipeline calls. It
 * orders the work of three single-purpose parts: {@link TouchpointRecorder} records a touchpoint
 * in the state, {@link CareerEvaluator} asks the career map what the state means and says what
 * changed, {@link CheckPlanner} plans when the customer must next be checked. Every outcome that
 * is not a duplicate carries the {@link CareerFigures} of the resulting state, computed once, here.
 *
 * <p>Time-driven checks are evaluated at the moment they became due, not at the moment someone
 * looked: silence that crossed a threshold before a touchpoint is settled first, at its own
 * time. The outcome is therefore the same whether a timer fired early, late or not at all before
 * the next event, which makes replays and live processing agree.
 */
public final class CustomerCareer {

    /** Triggering event id of changes caused by the passing of time. */
    public static final String TIMER = "timer";
    /** The trigger of a change a new career map made, when it was rolled out to a customer. */
    public static final String MAP_ROLLOUT = "map-rollout";

    private final ChurnMaths churn;
    private final CareerMap map;
    private final CareerEvaluator evaluator;
    private final CheckPlanner planner;
    private final ArrivalPolicy arrivals;

    /** With the default de-duplication window and late grace ({@link ArrivalPolicy#DEFAULT}). */
    public CustomerCareer(ChurnMaths churn, CareerMap map, LookAhead lookAhead) {
        this(churn, map, lookAhead, ArrivalPolicy.DEFAULT);
    }

    /** Without RFM boundaries: every RFM score is 0. */
    public CustomerCareer(ChurnMaths churn, CareerMap map, LookAhead lookAhead, ArrivalPolicy arrivals) {
        this(churn, map, lookAhead, arrivals, () -> RfmBoundaries.NONE);
    }

    /**
     * @param rfm the population's RFM quintile boundaries in force; asked at every evaluation, so
     *     they can be replaced while running (as the churn model's parameters can)
     */
    public CustomerCareer(ChurnMaths churn, CareerMap map, LookAhead lookAhead, ArrivalPolicy arrivals,
                          Supplier<RfmBoundaries> rfm) {
        this.arrivals = arrivals;
        this.churn = churn;
        this.map = map;
        this.evaluator = new CareerEvaluator(churn, map, rfm);
        this.planner = new CheckPlanner(churn, map, evaluator, lookAhead);
    }

    public ChurnMaths churnMaths() {
        return churn;
    }

    /** The map's verdict for a state at a moment (features and decision), without changing anything. */
    public CareerMap.Decision decide(CustomerState s, long now) {
        return evaluator.decide(s, now);
    }

    /** What a profile shows for a stored state: its figures at its latest evaluation, as published then. */
    public CareerFigures figures(CustomerState s) {
        return CareerFigures.of(s, churn, evaluator.decide(s, s.evaluatedAt));
    }

    /**
     * Why the map decides what it does for a state at a moment: every rule, its result and its
     * evidence, with every feature's value, not only those this map reads (computed on request
     * only), so the explanation shows all of a customer's figures (RFM scores included) and can be
     * replayed under another map ({@code map explain FILE --customer ID}).
     */
    public CareerExplanation explain(CustomerState s, long at) {
        return CareerExplanation.of(map, map.allFeatures(evaluator.context(s, at)));
    }

    /**
     * Whether {@code touchpoint} is to be applied to {@code prior} (null: a customer never seen), is
     * a resend within the de-duplication window, or is further behind the customer's clock than the
     * late grace period. A resend is recognised first: a duplicate is dropped even when late.
     */
    public ArrivalPolicy.Arrival arrival(CustomerState prior, Touchpoint touchpoint) {
        return arrival(prior, touchpoint, Long.MAX_VALUE);
    }

    /**
     * {@link #arrival(CustomerState, Touchpoint)}, for a touchpoint that reached its customer
     * after a wait of the pipeline's own (an identity to resolve): it is late only if it was
     * already late when it entered, at {@code enteredAt}, so lateness is measured against the
     * earlier of the customer's clock and that time. Waiting is not lateness.
     */
    public ArrivalPolicy.Arrival arrival(CustomerState prior, Touchpoint touchpoint, long enteredAt) {
        if (prior == null) {
            return ArrivalPolicy.Arrival.NEW;
        }
        if (prior.seen.contains(TouchpointRecorder.deduplicationKey(touchpoint))) {
            return ArrivalPolicy.Arrival.DUPLICATE;
        }
        return touchpoint.occurredAt() < Math.min(prior.clock(), enteredAt) - arrivals.lateGrace().toMillis()
                ? ArrivalPolicy.Arrival.LATE : ArrivalPolicy.Arrival.NEW;
    }

    public ArrivalPolicy arrivalPolicy() {
        return arrivals;
    }

    /**
     * Applies one touchpoint. {@code prior} is not modified; null means a customer never seen. A
     * duplicate ({@link #arrival}) gives an outcome that changes nothing; a late touchpoint is
     * refused with {@link IllegalArgumentException}: the caller decides where it goes.
     */
    public CareerOutcome onTouchpoint(CustomerState prior, Touchpoint touchpoint) {
        return onTouchpoint(prior, touchpoint, Long.MAX_VALUE);
    }

    /**
     * {@link #onTouchpoint(CustomerState, Touchpoint)} for a touchpoint that entered the pipeline
     * at {@code enteredAt} and waited there ({@link #arrival(CustomerState, Touchpoint, long)}):
     * applied like a late touchpoint, judged at the latest time already evaluated, however far the
     * customer's clock moved while it waited.
     */
    public CareerOutcome onTouchpoint(CustomerState prior, Touchpoint touchpoint, long enteredAt) {
        CustomerState before = prior == null ? CustomerState.empty() : prior;
        long key = TouchpointRecorder.deduplicationKey(touchpoint);
        switch (arrival(prior, touchpoint, enteredAt)) {
            case DUPLICATE -> {
                return new CareerOutcome(before, List.of(), List.of(), before.nextCheckAt, true, null);
            }
            case LATE -> throw new IllegalArgumentException("touchpoint " + touchpoint.eventId() + " at "
                    + touchpoint.occurredAt() + " is more than the late grace " + arrivals.lateGrace()
                    + " behind the customer's clock " + before.clock());
            case NEW -> { }
        }
        CustomerState s = before.copy();
        List<StageChange> changes = new ArrayList<>();
        List<ChurnSignal> signals = new ArrayList<>();
        long at = touchpoint.occurredAt();
        settleDueChecks(s, touchpoint.customerId(), at, false, changes, signals);
        CustomerState episode = s.alertOpen ? s.copy() : null;
        TouchpointRecorder.record(s, touchpoint, key, arrivals, map.settings(), churn.money());
        if (episode != null && !s.alertOpen) {
            // A purchase ended the silence episode: so ends its open alert.
            signals.add(evaluator.end(episode, touchpoint.customerId(), Math.max(at, episode.evaluatedAt),
                    ChurnSignal.EndReason.PURCHASE));
        }
        long now = Math.max(at, s.evaluatedAt);
        CareerMap.Decision decision = evaluator.evaluate(s, touchpoint.customerId(), now, touchpoint.eventId(),
                changes, signals);
        s.nextCheckAt = planner.nextCheckAt(s, now, decision);
        return outcome(s, changes, signals, before.nextCheckAt, decision);
    }

    /**
     * Settles every check due at or before {@code now}. {@code prior} is not modified.
     */
    /** Whether the customer was last evaluated under another career map than this one. */
    public boolean needsRollOut(CustomerState s) {
        return s.mapVersionHash != map.versionHash();
    }

    /**
     * Re-evaluates a customer under this career map at the latest time already evaluated (no time
     * passes): the stage, track and alerts the new map gives, with {@link #MAP_ROLLOUT} as trigger
     * and the new map's version. {@code prior} is not modified.
     */
    public CareerOutcome rollOut(CustomerState prior, String customerId) {
        CustomerState s = prior.copy();
        List<StageChange> changes = new ArrayList<>();
        List<ChurnSignal> signals = new ArrayList<>();
        long at = s.evaluatedAt;
        CareerMap.Decision decision = evaluator.evaluate(s, customerId, at, MAP_ROLLOUT, changes, signals);
        s.nextCheckAt = planner.nextCheckAt(s, at, decision);
        return outcome(s, changes, signals, prior.nextCheckAt, decision);
    }

    /**
     * The end of the customer's open alert, if one is open, because the customer is erased at
     * {@code at}: every alert that opens also ends.
     */
    public java.util.Optional<ChurnSignal> erased(CustomerState state, String customerId, long at) {
        return state != null && state.alertOpen
                ? java.util.Optional.of(evaluator.end(state, customerId, Math.max(at, state.evaluatedAt),
                        ChurnSignal.EndReason.ERASED))
                : java.util.Optional.empty();
    }

    public CareerOutcome onTimer(CustomerState prior, String customerId, long now) {
        CustomerState s = prior.copy();
        List<StageChange> changes = new ArrayList<>();
        List<ChurnSignal> signals = new ArrayList<>();
        CareerMap.Decision decision = settleDueChecks(s, customerId, now, true, changes, signals);
        return outcome(s, changes, signals, prior.nextCheckAt, decision);
    }

    /**
     * {@code lastDecision}: the map's decision at {@code s.evaluatedAt}, carried from the evaluation
     * that made it; null when nothing was evaluated (a timer with nothing due), then asked here.
     */
    private CareerOutcome outcome(CustomerState s, List<StageChange> changes, List<ChurnSignal> signals,
                                  long previousCheckAt, CareerMap.Decision lastDecision) {
        CareerMap.Decision latest = lastDecision != null ? lastDecision : evaluator.decide(s, s.evaluatedAt);
        return new CareerOutcome(s, changes, signals, previousCheckAt, false, CareerFigures.of(s, churn, latest));
    }

    /** Evaluates each check due before {@code limit} at its own time; the last decision, or null when none was due. */
    private CareerMap.Decision settleDueChecks(CustomerState s, String customerId, long limit, boolean inclusive,
                                               List<StageChange> changes, List<ChurnSignal> signals) {
        CareerMap.Decision last = null;
        while (s.nextCheckAt != 0 && (inclusive ? s.nextCheckAt <= limit : s.nextCheckAt < limit)) {
            long at = Math.max(s.nextCheckAt, s.evaluatedAt);
            last = evaluator.evaluate(s, customerId, at, TIMER, changes, signals);
            s.nextCheckAt = planner.nextCheckAt(s, at, last);
        }
        return last;
    }
}
