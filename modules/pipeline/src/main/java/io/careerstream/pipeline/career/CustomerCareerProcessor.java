package io.careerstream.pipeline.career;

import io.careerstream.pipeline.config.CareerRules;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.pipeline.ingest.ResolutionControl;
import io.careerstream.pipeline.ingest.TouchpointEvents;
import io.careerstream.topics.Topic;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.util.HashMap;
import java.util.Map;
import io.careerstream.domain.CareerOutcome;
import io.careerstream.domain.ChurnSignal;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.pipeline.rfm.RfmSketchesLoader;
import io.careerstream.churn.ChurnModelParameters;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import io.careerstream.domain.StageChange;
import io.careerstream.domain.lift.HoldOutGroups;
import io.careerstream.domain.Touchpoint;
import io.careerstream.pipeline.errors.InvalidTouchpointException;
import io.careerstream.topics.RejectionReason;
import io.careerstream.topics.Topics;
import io.careerstream.pipeline.metrics.CareerMetrics;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each customer's state, applies touchpoints to it and, on a schedule, settles the silence
 * checks that have come due. Emits stage transitions, churn alerts and the updated profile to
 * the three named sinks.
 */
public final class CustomerCareerProcessor extends ContextualProcessor<String, Touchpoint, Object, Object> {

    /** The stores this processor uses and the sinks it forwards to, as the topology named them. */
    public record Names(String customerStates, String timerIndex, String careerCounts, String modelParameters,
                        String rfmSketches, String heldTouchpoints, String resolutionProgress, String aliasPartitions,
                        String transitionsSink, String alertsSink, String profilesSink, String deadLetterSink,
                        String liftNode) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CustomerCareerProcessor.class);

    private final Names names;
    private final CustomerCareer career;
    /** The reporting currency's code and the career map's version, written on every alert and profile. */
    private final String money;
    private final String mapVersion;
    /** Who is held out of which action: the flag on alerts and transitions. */
    private final HoldOutGroups holdOut;
    private final ChurnModelParameters configuredParameters;
    private final PunctuationType punctuationType;
    private final Duration punctuationInterval;
    private final CareerMetrics metrics;
    /** How often a step of the map roll-out runs (wall clock), and how many customers a second it visits. */
    private static final Duration ROLL_OUT_STEP = Duration.ofMillis(100);
    private final int rollOutRate;
    /** The input's topic and serdes: a held touchpoint that cannot be applied is dead-lettered in its format. */
    private final Topic<String, TouchpointEvent> touchpoints;
    private CareerMetrics.TaskGauge timerIndexEntries;
    private KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> timerStore;
    private KeyValueStore<String, CustomerState> states;
    private ChurnTimerIndex timers;
    private CareerCounts counts;
    /** The console's counts: transitions per edge and alerts per level per hour, P(alive) per bucket. */
    private CareerFlows flows;
    private PAliveDistribution pAlive;
    private ResolutionGate gate;
    private HeldTouchpoints held;
    private MapRollOut rollOut;
    private CareerMetrics.TaskGauge rollOutProgress;
    /** The furthest time the due checks were settled up to (punctuation or tick): checks held back are settled up to it. */
    private long settledUpTo = Long.MIN_VALUE;
    private ReadOnlyKeyValueStore<String, byte[]> publishedParameters;
    /** Looked up once per record or punctuation, then used by every rule evaluation. */
    private ChurnModelParameters parametersInForce;
    private ReadOnlyKeyValueStore<String, byte[]> publishedSketches;
    /** The population's RFM quintiles, looked up with the parameters and read by the RFM features. */
    private RfmBoundaries rfmInForce = RfmBoundaries.NONE;
    /** The stored values {@link #parametersInForce} and {@link #rfmInForce} were decoded from. */
    private byte[] decodedParameters;
    private byte[] decodedBoundaries;

    public CustomerCareerProcessor(Names names, CareerRules rules, PunctuationType punctuationType,
                                   Duration punctuationInterval, int rollOutRate, Topic<String, TouchpointEvent> touchpoints,
                                   CareerMetrics metrics) {
        this.rollOutRate = rollOutRate;
        this.names = names;
        this.configuredParameters = rules.configuredParameters();
        this.parametersInForce = configuredParameters;
        this.career = rules.career(() -> parametersInForce, () -> rfmInForce);
        this.money = rules.money().code();
        this.mapVersion = rules.map().version();
        this.holdOut = rules.holdOut();
        this.punctuationType = punctuationType;
        this.punctuationInterval = punctuationInterval;
        this.metrics = metrics;
        this.touchpoints = touchpoints;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        super.init(context);
        states = context.getStateStore(names.customerStates());
        timerStore = context.getStateStore(names.timerIndex());
        timers = new ChurnTimerIndex(timerStore);
        long started = System.nanoTime();
        long scheduled = timers.rebuildFrom(states);
        LOG.info("Task {}: churn timer index rebuilt from the customer states, {} checks scheduled, in {} ms",
                context.taskId(), scheduled, (System.nanoTime() - started) / 1_000_000);
        timerIndexEntries = metrics.timerIndexEntries(context.taskId().toString());
        counts = new CareerCounts(context.getStateStore(names.careerCounts()));
        flows = new CareerFlows(context.getStateStore(CareerFlows.STORE));
        pAlive = new PAliveDistribution(context.getStateStore(names.careerCounts()));
        gate = new ResolutionGate(context.getStateStore(names.resolutionProgress()),
                context.getStateStore(names.aliasPartitions()));
        held = new HeldTouchpoints(context.getStateStore(names.heldTouchpoints()));
        publishedParameters = context.getStateStore(names.modelParameters());
        publishedSketches = context.getStateStore(names.rfmSketches());
        context.schedule(punctuationInterval, punctuationType, this::settleDueChecks);
        rollOut = new MapRollOut(career, states, context.taskId().toString());
        rollOutProgress = metrics.mapRollOutProgress(context.taskId().toString());
        int batch = Math.max(1, (int) (rollOutRate * ROLL_OUT_STEP.toMillis() / 1000));
        context.schedule(ROLL_OUT_STEP, PunctuationType.WALL_CLOCK_TIME, now -> rollOutStep(batch));
    }

    @Override
    public void process(Record<String, Touchpoint> record) {
        Touchpoint touchpoint = record.value();
        if (touchpoint == null) {
            control(record);
            return;
        }
        metrics.touchpointIn(touchpoint);
        long enteredAt = ResolutionControl.enteredAt(record.headers()).orElse(Long.MAX_VALUE);
        // A customer with an alias also gets touchpoints by the identity detour: what is not yet
        // known to be in order waits, and is applied once every path has moved past it.
        if (!gate.gates(touchpoint.customerId())) {
            apply(touchpoint, enteredAt);
        } else if (touchpoint.occurredAt() >= gate.watermark(touchpoint.customerId(), context().currentStreamTimeMs())) {
            held.hold(touchpoint, enteredAt);
        } else {
            apply(touchpoint, enteredAt); // it waited for its link, or was out of order at its source
        }
        if (releaseWhatIsInOrder()) {
            settleHeldBackChecks();
        }
    }

    /** One paced step of the new career map's roll-out (MapRollOut). */
    private void rollOutStep(int batch) {
        refreshParameters();
        int evaluated = rollOut.step(batch, (customerId, state) -> {
            publish(customerId, career.rollOut(state, customerId));
            metrics.mapRolledOut();
        });
        rollOutProgress.set(rollOut.progress());
        if (evaluated > 0) {
            timerIndexEntries.set(timerStore.approximateNumEntries());
        }
    }

    /** A record without a value: a tick, or a message of the identity detour (ResolutionControl). */
    private void control(Record<String, Touchpoint> record) {
        ResolutionControl.Progress progress = ResolutionControl.progressOf(record.headers());
        int linked = ResolutionControl.linkedPartitionOf(record.headers());
        if (progress != null) {
            if (gate.advance(progress.partition(), progress.watermark())) {
                releaseWhatIsInOrder();
                settleHeldBackChecks();
            }
        } else if (linked >= 0) {
            gate.link(record.key(), linked);
        } else {
            // A tick: settle exactly what is due up to its time, independent of when the scheduled
            // punctuation last ran, so that a replay ends in the same state every time.
            gate.ticked(record.timestamp());
            releaseWhatIsInOrder();
            settleDueChecks(record.timestamp());
        }
    }

    /** Applies the touchpoints held back that every path has now moved past, earliest first; true if any was. */
    private boolean releaseWhatIsInOrder() {
        if (!gate.active()) {
            return false;
        }
        long streamTime = context().currentStreamTimeMs();
        long furthest = gate.furthest(streamTime);
        if (!held.anyBefore(furthest)) {
            return false;
        }
        boolean released = false;
        Map<String, Long> watermarks = new HashMap<>();
        for (HeldTouchpoints.Held waiting : held.before(furthest)) {
            Touchpoint touchpoint = waiting.touchpoint();
            long watermark = watermarks.computeIfAbsent(touchpoint.customerId(), c -> gate.watermark(c, streamTime));
            if (touchpoint.occurredAt() < watermark) {
                held.release(waiting);
                released = true;
                try {
                    apply(touchpoint, waiting.enteredAt());
                } catch (InvalidTouchpointException rejected) {
                    // Not the record being processed now: dead-lettered here, and the next held one goes on.
                    deadLetter(touchpoint, rejected);
                }
            }
        }
        return released;
    }

    /**
     * Settles the checks of customers with an alias that were held back (due after their paths'
     * progress) up to where the latest tick or punctuation settled everyone else's.
     */
    private void settleHeldBackChecks() {
        if (gate.active() && settledUpTo != Long.MIN_VALUE) {
            settleDueChecks(settledUpTo);
        }
    }

    /** A held touchpoint the career could not take, to the dead-letter topic as the contract, with the reason. */
    private void deadLetter(Touchpoint touchpoint, InvalidTouchpointException rejected) {
        LOG.error("Held touchpoint {} of customer {} dead-lettered: {}", touchpoint.eventId(), touchpoint.customerId(),
                rejected.getMessage());
        Headers headers = new RecordHeaders()
                .add(DeadLetters.REASON_HEADER, rejected.reason().name().getBytes(StandardCharsets.UTF_8))
                .add(DeadLetters.MESSAGE_HEADER, (rejected.getMessage() + " (held for the identity detour; re-encoded "
                        + "from the pipeline's state)").getBytes(StandardCharsets.UTF_8))
                .add(DeadLetters.TOPIC_HEADER, names.heldTouchpoints().getBytes(StandardCharsets.UTF_8));
        byte[] value = touchpoints.valueSerializer().serialize(touchpoints.name(), TouchpointEvents.of(touchpoint));
        context().forward(new Record<Object, Object>(touchpoint.customerId().getBytes(StandardCharsets.UTF_8), value,
                Math.max(context().currentStreamTimeMs(), 0), headers), names.deadLetterSink());
        metrics.deadLetter(rejected.reason());
    }

    /** Applies one touchpoint that is in order (or as late as it will ever be). */
    private void apply(Touchpoint touchpoint, long enteredAt) {
        refreshParameters();
        CustomerState prior = states.get(touchpoint.customerId()); // a store failure is not the input's fault
        switch (career.arrival(prior, touchpoint, enteredAt)) {
            case DUPLICATE -> {
                metrics.duplicate(); // a resend within the de-duplication window: already counted
                return;
            }
            case LATE -> throw new InvalidTouchpointException(RejectionReason.LATE, "occurredAt "
                    + Instant.ofEpochMilli(touchpoint.occurredAt()) + " is more than "
                    + career.arrivalPolicy().lateGrace() + " (" + PipelineSettings.LATE_GRACE_MS + ") behind customer "
                    + touchpoint.customerId() + "'s latest event time " + Instant.ofEpochMilli(prior.clock())
                    + (enteredAt == Long.MAX_VALUE ? "" : " and behind its alias's latest event time when it entered, "
                            + Instant.ofEpochMilli(enteredAt))
                    + " (eventId=" + touchpoint.eventId() + ")");
            case NEW -> { }
        }
        CareerOutcome outcome;
        try {
            outcome = career.onTouchpoint(prior, touchpoint, enteredAt);
        } catch (RuntimeException defect) {
            // Nothing is written yet: this touchpoint is what the domain cannot handle, so it goes to the
            // dead-letter topic with the reason rather than stopping every customer behind it.
            throw new InvalidTouchpointException(RejectionReason.PROCESSING_ERROR, "the career could not be computed for "
                    + "eventId=" + touchpoint.eventId() + ": " + defect, defect);
        }
        publish(touchpoint.customerId(), outcome);
        if (touchpoint instanceof Touchpoint.Purchase
                || touchpoint instanceof Touchpoint.EmailEngagement e && e.isCampaignExposure()) {
            // After de-duplication: a resent order or send is not counted twice.
            context().forward(new Record<Object, Object>(touchpoint.customerId(), touchpoint, touchpoint.occurredAt()),
                    names.liftNode());
        }
        metrics.eventToOutput(touchpoint.occurredAt(), context().currentSystemTimeMs());
    }

    /** Visits only the customers whose check is due; see {@link ChurnTimerIndex}. */
    void settleDueChecks(long now) {
        long started = System.nanoTime();
        int settled = 0;
        settledUpTo = Math.max(settledUpTo, now);
        refreshParameters();
        long streamTime = context().currentStreamTimeMs();
        for (ChurnTimerIndex.Entry due : timers.dueAt(now)) {
            CustomerState state = states.get(due.customerId());
            if (state == null || state.nextCheckAt() != due.dueAt()) {
                timers.remove(due); // stale: the customer was rescheduled or erased since
                continue;
            }
            long upTo = now;
            if (gate.gates(due.customerId())) {
                // A touchpoint before the check may still be on its way by an alias: settle only what
                // every path has moved past; the rest when it has (releaseWhatIsInOrder).
                upTo = Math.min(now, gate.watermark(due.customerId(), streamTime) - 1);
                if (due.dueAt() > upTo) {
                    continue;
                }
            }
            publish(due.customerId(), career.onTimer(state, due.customerId(), upTo));
            settled++;
        }
        metrics.punctuation(System.nanoTime() - started, settled);
        timerIndexEntries.set(timerStore.approximateNumEntries());
    }

    @Override
    public void close() {
        if (timerIndexEntries != null) {
            timerIndexEntries.close();
        }
        if (rollOutProgress != null) {
            rollOutProgress.close();
        }
    }

    /**
     * A newly published parameter set applies from the next evaluation on; checks already in the
     * timer index keep their time and are re-planned with the new parameters when they fire.
     */
    private void refreshParameters() {
        // The global stores hand back the value they hold, the same array until a new one is
        // published: decoded again only then, not for every touchpoint.
        byte[] published = publishedParameters.get(Topics.DEFAULT_PARAMETERS_KEY);
        if (published != decodedParameters || parametersInForce == null) {
            parametersInForce = published == null ? configuredParameters : ModelParametersLoader.decode(published);
            decodedParameters = published;
        }
        // New boundaries apply from the next evaluation on, like new parameters: scores are not
        // time-dependent, so a customer's stored stage moves with them at its next touchpoint or check.
        byte[] boundaries = publishedSketches.get(RfmSketchesLoader.BOUNDARIES_KEY);
        if (boundaries != decodedBoundaries) {
            rfmInForce = RfmSketchesLoader.decode(boundaries);
            decodedBoundaries = boundaries;
        }
    }

    /**
     * Outputs first, state last: an output that cannot be serialized fails here before the state
     * moves on (with exactly-once the whole transaction is aborted anyway; with at-least-once this
     * order keeps a failed output from leaving the state changed without it).
     */
    private void publish(String customerId, CareerOutcome outcome) {
        CustomerState state = outcome.state();
        for (ChurnSignal signal : outcome.churnSignals()) {
            Record<Object, Object> alert = new Record<>(customerId, ContractMapping.alert(signal, money, holdOut), signal.at());
            context().forward(alert, names.alertsSink());
            context().forward(alert, names.liftNode());
            metrics.alert(signal);
        }
        for (StageChange change : outcome.stageChanges()) {
            context().forward(new Record<Object, Object>(customerId, ContractMapping.transition(change, holdOut), change.at()),
                    names.transitionsSink());
            metrics.transition(change);
        }
        context().forward(new Record<Object, Object>(customerId, ContractMapping.profile(customerId, outcome, money,
                mapVersion), state.evaluatedAt()),
                names.profilesSink());
        if (outcome.figures() != null) {
            pAlive.apply(state, outcome.figures().probabilityAlive()); // before the state is stored: it records the tenth
        }
        states.put(customerId, state);
        timers.reschedule(customerId, outcome.previousCheckAt(), state.nextCheckAt());
        outcome.stageChanges().forEach(counts::apply);
        outcome.stageChanges().forEach(flows::apply);
        outcome.churnSignals().forEach(flows::apply);
    }
}
