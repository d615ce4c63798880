package io.careerstream.pipeline.rfm;

import io.careerstream.contracts.RfmSketches;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.pipeline.errors.RejectedRecords;
import io.careerstream.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global rfm-sketches store: every task's latest sketches (by task id) and, under
 * {@link #BOUNDARIES_KEY}, the quintile boundaries of all of them merged, recomputed whenever a
 * task's sketches change. The career processor reads only the boundaries, as plain numbers, for
 * every record; merging happens here, once per published sketch. A record that cannot be decoded
 * is logged as an error, counted ({@code rfm-sketches-rejected-total}) and skipped, the previous
 * sketches of that task stay: a poison record in a compacted topic must not stop the instance at
 * every restart (the dead-letter handlers do not run on the global thread).
 */
public final class RfmSketchesLoader implements Processor<String, byte[], Void, Void> {

    /** The merged boundaries' key: not a task id (those read {@code subtopology_partition}). */
    public static final String BOUNDARIES_KEY = "*";

    private static final Logger LOG = LoggerFactory.getLogger(RfmSketchesLoader.class);

    private final String storeName;
    private final String topic;
    private final Deserializer<RfmSketches> deserializer;
    private KeyValueStore<String, byte[]> store;
    private Sensor rejected;

    public RfmSketchesLoader(String storeName, String topic, Deserializer<RfmSketches> deserializer) {
        this.storeName = storeName;
        this.topic = topic;
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        rejected = RejectedRecords.sensor(context, "rfm-sketches",
                "Records on the rfm-sketches topic skipped because they could not be decoded");
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null || record.key().equals(BOUNDARIES_KEY)) {
            reject(record, "its key is not a task id");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            remerge();
            return;
        }
        RfmSketch sketch;
        try {
            RfmSketches value = deserializer.deserialize(topic, record.headers(), record.value());
            sketch = RfmSketch.of(bytes(value.getRecency()), bytes(value.getFrequency()), bytes(value.getMonetary()));
        } catch (RuntimeException e) {
            if (SchemaRegistryException.isUnavailable(e)) {
                throw e; // the record may be good: fail rather than skip it (see ModelParametersLoader)
            }
            reject(record, "it is not an RfmSketches record with three KLL sketches (" + e.getMessage() + ")");
            return;
        }
        store.put(record.key(), sketch.toBytes());
        remerge();
    }

    private void remerge() {
        RfmSketch all = RfmSketch.empty();
        try (KeyValueIterator<String, byte[]> tasks = store.all()) {
            while (tasks.hasNext()) {
                KeyValue<String, byte[]> task = tasks.next();
                if (!task.key.equals(BOUNDARIES_KEY)) {
                    all.merge(RfmSketch.fromBytes(task.value));
                }
            }
        }
        RfmBoundaries boundaries = all.boundaries();
        if (boundaries.available()) {
            store.put(BOUNDARIES_KEY, encode(boundaries));
        } else {
            store.delete(BOUNDARIES_KEY);
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }

    private void reject(Record<String, byte[]> record, String why) {
        rejected.record(1);
        LOG.error("Skipping the rfm-sketches record with key '{}' at {}: {}. The RFM boundaries in force are unchanged.",
                record.key(), record.timestamp(), why);
    }

    static byte[] encode(RfmBoundaries b) {
        ByteBuffer out = ByteBuffer.allocate(Long.BYTES + 3 * RfmBoundaries.QUINTILE_RANKS.length * Double.BYTES);
        out.putLong(b.customers());
        for (double[] bounds : new double[][] {b.recency(), b.frequency(), b.monetary()}) {
            for (double v : bounds) {
                out.putDouble(v);
            }
        }
        return out.array();
    }

    /** The boundaries in the store's value under {@link #BOUNDARIES_KEY}; {@link RfmBoundaries#NONE} for null. */
    public static RfmBoundaries decode(byte[] bytes) {
        if (bytes == null) {
            return RfmBoundaries.NONE;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long customers = in.getLong();
        double[][] bounds = new double[3][RfmBoundaries.QUINTILE_RANKS.length];
        for (double[] b : bounds) {
            for (int i = 0; i < b.length; i++) {
                b[i] = in.getDouble();
            }
        }
        return new RfmBoundaries(bounds[0], bounds[1], bounds[2], customers);
    }
}
