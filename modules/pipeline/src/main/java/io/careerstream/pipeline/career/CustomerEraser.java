package io.careerstream.pipeline.career;

import io.careerstream.domain.CustomerState;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.pipeline.config.CareerRules;
import io.careerstream.pipeline.ingest.ErasureFanOut;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Erases a customer (right to erasure) on a request keyed by the customer id: the state (with its
 * de-duplication memory), the pending silence check in the timer index and the customer's place in
 * the stage and track counts are deleted, in the task that owns the customer (the requests topic is
 * co-partitioned with the input), with the touchpoints held for ordering and the partitions of
 * its aliases, and a tombstone goes to the profiles topic. The stores' deletes become tombstones in
 * their changelogs. The customer's identity links live in other tasks (keyed by alias): a copy of
 * the request goes to every partition of the requests topic, for the identity resolvers there
 * ({@link ErasureFanOut}). Nothing more is published for the id until a touchpoint brings it back,
 * as a new customer.
 *
 * <p>An erasure is idempotent: a request for an unknown id still writes the profile tombstone.
 */
public final class CustomerEraser extends ContextualProcessor<String, String, String, SpecificRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(CustomerEraser.class);

    private final CustomerCareerProcessor.Names names;
    /** The sink that writes the copy of the request to every partition. */
    private final String fanOutSink;
    /** To end an open alert (every alert that opens also ends) in the map's and the currency's terms. */
    private final CustomerCareer career;
    private final String currency;
    private KeyValueStore<String, CustomerState> states;
    private ChurnTimerIndex timers;
    private CareerCounts counts;
    private PAliveDistribution pAlive;
    private HeldTouchpoints held;
    private ResolutionGate gate;

    public CustomerEraser(CustomerCareerProcessor.Names names, CareerRules rules, String fanOutSink) {
        this.names = names;
        this.fanOutSink = fanOutSink;
        this.career = rules.career(rules::configuredParameters, () -> RfmBoundaries.NONE);
        this.currency = rules.money().code();
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        super.init(context);
        states = context.getStateStore(names.customerStates());
        timers = new ChurnTimerIndex(context.getStateStore(names.timerIndex()));
        counts = new CareerCounts(context.getStateStore(names.careerCounts()));
        pAlive = new PAliveDistribution(context.getStateStore(names.careerCounts()));
        held = new HeldTouchpoints(context.getStateStore(names.heldTouchpoints()));
        gate = new ResolutionGate(context.getStateStore(names.resolutionProgress()),
                context.getStateStore(names.aliasPartitions()));
    }

    @Override
    public void process(Record<String, String> request) {
        if (ErasureFanOut.isAliasErasure(request.headers())) {
            return; // this eraser's own copy, for the identity resolvers: the customer is already erased
        }
        String customerId = request.key();
        if (customerId == null || customerId.isBlank()) {
            LOG.warn("Erasure request without a customer id (the record key) ignored");
            return;
        }
        CustomerState state = states.get(customerId);
        // Stamped with stream time, like every output: the request's own time is not an event time.
        long at = Math.max(0, context().currentStreamTimeMs());
        career.erased(state, customerId, at).ifPresent(end -> context().forward(
                new Record<String, SpecificRecord>(customerId, ContractMapping.alert(end, currency), end.at()),
                names.alertsSink()));
        if (state != null) {
            timers.reschedule(customerId, state.nextCheckAt(), 0);
            counts.forget(state.stage(), state.track());
            pAlive.forget(state);
            states.delete(customerId);
        }
        int heldBack = held.removeCustomer(customerId);
        gate.forget(customerId);
        context().forward(new Record<String, SpecificRecord>(customerId, null, at), names.profilesSink());
        context().forward(new Record<String, SpecificRecord>(customerId, null, at, ErasureFanOut.aliasesOfCustomer()),
                fanOutSink);
        LOG.info("Customer {} erased ({}{})", customerId, state == null ? "no state was held" : "state, timer and counts",
                heldBack == 0 ? "" : ", " + heldBack + " touchpoints held for ordering");
    }
}
