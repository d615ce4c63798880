package io.careerstream.pipeline.rfm;

import io.careerstream.contracts.RfmSketches;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.Touchpoint;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs in every career task beside the career processor: on a schedule, and at every tick,
 * rebuilds the task's RFM sketches from its customer-state store and publishes them keyed by the
 * task id. Rebuilt from the store rather than updated per touchpoint, because a KLL sketch cannot
 * forget a customer's old values when they change (or when the customer is erased); a scan of the
 * task's customers at a modest interval is cheap by comparison. A tick rebuilds after the career
 * processor has applied it (this node is added after it), so a replay that ends with a tick
 * publishes sketches of its final states.
 */
public final class RfmSketchPublisher extends ContextualProcessor<String, Touchpoint, String, RfmSketches> {

    private final String customerStates;
    private final String sink;
    private final PunctuationType punctuationType;
    private final Duration interval;
    private ReadOnlyKeyValueStore<String, CustomerState> states;
    private String task;

    public RfmSketchPublisher(String customerStates, String sink, PunctuationType punctuationType, Duration interval) {
        this.customerStates = customerStates;
        this.sink = sink;
        this.punctuationType = punctuationType;
        this.interval = interval;
    }

    @Override
    public void init(ProcessorContext<String, RfmSketches> context) {
        super.init(context);
        states = context.getStateStore(customerStates);
        task = context.taskId().toString();
        context.schedule(interval, punctuationType, this::publish);
    }

    @Override
    public void process(Record<String, Touchpoint> record) {
        if (record.value() == null) {
            publish(record.timestamp()); // a tick
        }
        // A touchpoint is the career processor's business; its effect is read at the next rebuild.
    }

    void publish(long now) {
        RfmSketch sketch = RfmSketch.empty();
        try (KeyValueIterator<String, CustomerState> all = states.all()) {
            while (all.hasNext()) {
                KeyValue<String, CustomerState> next = all.next();
                if (next.value != null) {
                    sketch.add(next.value);
                }
            }
        }
        RfmSketches value = RfmSketches.newBuilder().setTask(task).setBuiltAt(Instant.ofEpochMilli(now))
                .setCustomers(sketch.customers()).setRecency(ByteBuffer.wrap(sketch.recencyBytes()))
                .setFrequency(ByteBuffer.wrap(sketch.frequencyBytes()))
                .setMonetary(ByteBuffer.wrap(sketch.monetaryBytes())).build();
        context().forward(new Record<>(task, value, now), sink);
    }
}
