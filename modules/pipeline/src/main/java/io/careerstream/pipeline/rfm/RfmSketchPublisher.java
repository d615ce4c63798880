package io.careerstream.pipeline.rfm;

import io.careerstream.contracts.RfmSketches;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.Touchpoint;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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
 *
 * <p>The schedule runs on stream time by default, and a replay or a catch-up moves stream time far
 * faster than the wall clock: a daily rebuild over two years of history would scan every customer
 * 730 times, which made the cost of a replay grow with the square of its size. So a scheduled
 * rebuild is skipped while less wall-clock time has passed since the last one than keeps rebuilds
 * to at most {@code maxTimeShare} of the time (the last rebuild's duration tells how long one
 * takes). The share is of the stream thread's time, all its tasks together: each task waits for
 * what the latest rebuilds of every task on its thread took (a thread with two tasks paced each on
 * its own spent twice the share scanning; docs/benchmarks.md). Live, stream time follows the wall
 * clock and nothing is skipped; a tick always rebuilds.
 */
public final class RfmSketchPublisher extends ContextualProcessor<String, Touchpoint, String, RfmSketches> {

    private final String customerStates;
    private final String sink;
    private final PunctuationType punctuationType;
    private final Duration interval;
    /** Wall-clock time to let pass after a rebuild, per nanosecond it took. */
    private final double pausePerRebuildNanos;
    private ReadOnlyKeyValueStore<String, CustomerState> states;
    private String task;
    private long lastRebuildEndedMs = Long.MIN_VALUE;
    /**
     * The latest rebuild's duration of each task on this stream thread (tasks run on one thread
     * at a time, and a thread's tasks share its time). Kept per thread, not per instance of the
     * pipeline: a thread belongs to one.
     */
    private static final ThreadLocal<Map<String, Long>> REBUILD_NANOS_ON_THREAD = ThreadLocal.withInitial(HashMap::new);

    /**
     * @param maxTimeShare the largest share of wall-clock time scheduled rebuilds may take, in (0, 1];
     *        1 never skips one
     */
    public RfmSketchPublisher(String customerStates, String sink, PunctuationType punctuationType, Duration interval,
                              double maxTimeShare) {
        this.customerStates = customerStates;
        this.sink = sink;
        this.punctuationType = punctuationType;
        this.interval = interval;
        this.pausePerRebuildNanos = 1 / maxTimeShare - 1;
    }

    @Override
    public void init(ProcessorContext<String, RfmSketches> context) {
        super.init(context);
        states = context.getStateStore(customerStates);
        task = context.taskId().toString();
        context.schedule(interval, punctuationType, this::scheduled);
    }

    @Override
    public void process(Record<String, Touchpoint> record) {
        if (record.value() == null) {
            publish(record.timestamp()); // a tick
        }
        // A touchpoint is the career processor's business; its effect is read at the next rebuild.
    }

    private void scheduled(long now) {
        long sinceLastMs = context().currentSystemTimeMs() - lastRebuildEndedMs;
        long threadRebuildNanos = 0;
        for (long nanos : REBUILD_NANOS_ON_THREAD.get().values()) {
            threadRebuildNanos += nanos;
        }
        if (lastRebuildEndedMs != Long.MIN_VALUE && sinceLastMs * 1e6 < pausePerRebuildNanos * threadRebuildNanos) {
            return; // stream time runs ahead of the wall clock (a replay): the next due rebuild will do
        }
        publish(now);
    }

    void publish(long now) {
        long started = System.nanoTime();
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
        REBUILD_NANOS_ON_THREAD.get().put(task, System.nanoTime() - started);
        lastRebuildEndedMs = context().currentSystemTimeMs();
    }

    @Override
    public void close() {
        if (task != null) {
            REBUILD_NANOS_ON_THREAD.get().remove(task);
        }
    }
}
