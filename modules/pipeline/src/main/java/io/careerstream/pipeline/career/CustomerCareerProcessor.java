package io.careerstream.pipeline.career;

import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.domain.ArrivalPolicy;
import io.careerstream.domain.CareerOutcome;
import io.careerstream.domain.ChurnSignal;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.pipeline.rfm.RfmSketchesLoader;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.churn.ChurnModelParameters;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import io.careerstream.domain.StageChange;
import io.careerstream.domain.Touchpoint;
import io.careerstream.pipeline.errors.InvalidTouchpointException;
import io.careerstream.topics.RejectionReason;
import io.careerstream.topics.Topics;
import io.careerstream.pipeline.metrics.CareerMetrics;
import java.time.Duration;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
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
public final class CustomerCareerProcessor extends ContextualProcessor<String, Touchpoint, String, SpecificRecord> {

    /** The stores this processor uses and the sinks it forwards to, as the topology named them. */
    public record Names(String customerStates, String timerIndex, String careerCounts, String modelParameters,
                        String rfmSketches, String transitionsSink, String alertsSink, String profilesSink) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(CustomerCareerProcessor.class);

    private final Names names;
    private final CustomerCareer career;
    private final ChurnModelParameters configuredParameters;
    private final PunctuationType punctuationType;
    private final Duration punctuationInterval;
    private final CareerMetrics metrics;
    private CareerMetrics.TaskGauge timerIndexEntries;
    private KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]> timerStore;
    private KeyValueStore<String, CustomerState> states;
    private ChurnTimerIndex timers;
    private CareerCounts counts;
    private ReadOnlyKeyValueStore<String, byte[]> publishedParameters;
    /** Looked up once per record or punctuation, then used by every rule evaluation. */
    private ChurnModelParameters parametersInForce;
    private ReadOnlyKeyValueStore<String, byte[]> publishedSketches;
    /** The population's RFM quintiles, looked up with the parameters and read by the RFM features. */
    private RfmBoundaries rfmInForce = RfmBoundaries.NONE;

    public CustomerCareerProcessor(Names names, LifecyclePolicy policy, SilencePolicy silence, ChurnModelParameters configuredParameters,
                                   CareerMap map, CustomerCareer.LookAhead lookAhead,
                                   ArrivalPolicy arrivals, PunctuationType punctuationType, Duration punctuationInterval,
                                   CareerMetrics metrics) {
        this.names = names;
        this.configuredParameters = configuredParameters;
        this.parametersInForce = configuredParameters;
        this.career = new CustomerCareer(new ChurnMaths(policy, silence, () -> parametersInForce), map, lookAhead, arrivals,
                () -> rfmInForce);
        this.punctuationType = punctuationType;
        this.punctuationInterval = punctuationInterval;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
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
        publishedParameters = context.getStateStore(names.modelParameters());
        publishedSketches = context.getStateStore(names.rfmSketches());
        context.schedule(punctuationInterval, punctuationType, this::settleDueChecks);
    }

    @Override
    public void process(Record<String, Touchpoint> record) {
        Touchpoint touchpoint = record.value();
        if (touchpoint == null) {
            // A tick: settle exactly what is due up to its time, independent of when the scheduled
            // punctuation last ran, so that a replay ends in the same state every time.
            settleDueChecks(record.timestamp());
            return;
        }
        refreshParameters();
        metrics.touchpointIn(touchpoint);
        CustomerState prior = states.get(touchpoint.customerId()); // a store failure is not the input's fault
        switch (career.arrival(prior, touchpoint)) {
            case DUPLICATE -> {
                metrics.duplicate(); // a resend within the de-duplication window: already counted
                return;
            }
            case LATE -> throw new InvalidTouchpointException(RejectionReason.LATE, "occurredAt "
                    + Instant.ofEpochMilli(touchpoint.occurredAt()) + " is more than "
                    + career.arrivalPolicy().lateGrace() + " (" + PipelineSettings.LATE_GRACE_MS + ") behind customer "
                    + touchpoint.customerId() + "'s latest event time " + Instant.ofEpochMilli(prior.clock())
                    + " (eventId=" + touchpoint.eventId() + ")");
            case NEW -> { }
        }
        CareerOutcome outcome;
        try {
            outcome = career.onTouchpoint(prior, touchpoint);
        } catch (RuntimeException defect) {
            // Nothing is written yet: this touchpoint is what the domain cannot handle, so it goes to the
            // dead-letter topic with the reason rather than stopping every customer behind it.
            throw new InvalidTouchpointException(RejectionReason.PROCESSING_ERROR, "the career could not be computed for "
                    + "eventId=" + touchpoint.eventId() + ": " + defect, defect);
        }
        publish(touchpoint.customerId(), outcome);
        metrics.eventToOutput(record.timestamp(), context().currentSystemTimeMs());
    }

    /** Visits only the customers whose check is due; see {@link ChurnTimerIndex}. */
    void settleDueChecks(long now) {
        long started = System.nanoTime();
        int settled = 0;
        refreshParameters();
        for (ChurnTimerIndex.Entry due : timers.dueAt(now)) {
            CustomerState state = states.get(due.customerId());
            if (state == null || state.nextCheckAt() != due.dueAt()) {
                timers.remove(due); // stale: the customer was rescheduled or erased since
                continue;
            }
            publish(due.customerId(), career.onTimer(state, due.customerId(), now));
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
    }

    /**
     * A newly published parameter set applies from the next evaluation on; checks already in the
     * timer index keep their time and are re-planned with the new parameters when they fire.
     */
    private void refreshParameters() {
        byte[] published = publishedParameters.get(Topics.DEFAULT_PARAMETERS_KEY);
        parametersInForce = published == null ? configuredParameters : ModelParametersLoader.decode(published);
        // New boundaries apply from the next evaluation on, like new parameters: scores are not
        // time-dependent, so a customer's stored stage moves with them at its next touchpoint or check.
        rfmInForce = RfmSketchesLoader.decode(publishedSketches.get(RfmSketchesLoader.BOUNDARIES_KEY));
    }

    /**
     * Outputs first, state last: an output that cannot be serialized fails here before the state
     * moves on (with exactly-once the whole transaction is aborted anyway; with at-least-once this
     * order keeps a failed output from leaving the state changed without it).
     */
    private void publish(String customerId, CareerOutcome outcome) {
        CustomerState state = outcome.state();
        for (ChurnSignal signal : outcome.churnSignals()) {
            context().forward(new Record<>(customerId, (SpecificRecord) ContractMapping.alert(signal), signal.at()),
                    names.alertsSink());
            metrics.alert(signal.level());
        }
        for (StageChange change : outcome.stageChanges()) {
            context().forward(new Record<>(customerId, (SpecificRecord) ContractMapping.transition(change), change.at()),
                    names.transitionsSink());
            metrics.transition(change);
        }
        context().forward(new Record<>(customerId,
                (SpecificRecord) ContractMapping.profile(customerId, outcome), state.evaluatedAt()),
                names.profilesSink());
        states.put(customerId, state);
        timers.reschedule(customerId, outcome.previousCheckAt(), state.nextCheckAt());
        outcome.stageChanges().forEach(counts::apply);
    }
}
