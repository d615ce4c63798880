package io.careerstream.pipeline.career;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.pipeline.errors.RejectedRecords;
import io.careerstream.registry.SchemaRegistryException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global model-parameters store: every instance reads the whole topic, so a newly fitted
 * set of parameters reaches all customers without a restart. A record that cannot be decoded or
 * holds invalid parameters is logged as an error, counted ({@code model-parameters-rejected-total})
 * and skipped; the previous parameters stay in force. The store holds the seven numbers as plain
 * doubles, the regularity k as an int and the regularity mixture's class weights (a count, then
 * doubles), so the career processor, which looks them up for every record, never decodes Avro.
 */
public final class ModelParametersLoader implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelParametersLoader.class);

    private final String storeName;
    private final String topic;
    private final Deserializer<ModelParameters> deserializer;
    private KeyValueStore<String, byte[]> store;
    private Sensor rejected;

    public ModelParametersLoader(String storeName, String topic, Deserializer<ModelParameters> deserializer) {
        this.storeName = storeName;
        this.topic = topic;
        this.deserializer = deserializer;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
        rejected = RejectedRecords.sensor(context, "model-parameters",
                "Records on the model-parameters topic skipped because they could not be decoded or were invalid");
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            reject(record, "it has no key");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        ModelParameters parameters;
        try {
            parameters = deserializer.deserialize(topic, record.headers(), record.value());
        } catch (RuntimeException e) {
            if (SchemaRegistryException.isUnavailable(e)) {
                // The record may be good: skipping it would leave old parameters in force until a
                // restart. The global thread fails instead, and the instance stops.
                throw e;
            }
            reject(record, "it is not a ModelParameters record (" + e.getMessage() + ")");
            return;
        }
        try {
            store.put(record.key(), encode(ChurnModelContracts.toDomain(parameters)));
            LOG.info("Model parameters '{}' now in force: {}", record.key(), parameters);
        } catch (IllegalArgumentException e) {
            reject(record, "its parameters are invalid (" + e.getMessage() + ")");
        }
    }

    private void reject(Record<String, byte[]> record, String why) {
        rejected.record(1);
        LOG.error("Skipping the model-parameters record with key '{}' at {}: {}. The parameters in force are unchanged.",
                record.key(), record.timestamp(), why);
    }

    static byte[] encode(ChurnModelParameters p) {
        List<Double> weights = p.regularityWeights();
        ByteBuffer out = ByteBuffer.allocate(7 * Double.BYTES + 2 * Integer.BYTES + weights.size() * Double.BYTES)
                .putDouble(p.r()).putDouble(p.alpha()).putDouble(p.a())
                .putDouble(p.b()).putDouble(p.p()).putDouble(p.q()).putDouble(p.gamma()).putInt(p.k()).putInt(weights.size());
        weights.forEach(out::putDouble);
        return out.array();
    }

    /**
     * Also reads the forms stored before: seven numbers (k = 1, MBG/NBD), then with the regularity
     * k but no mixture weights.
     */
    public static ChurnModelParameters decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        double r = in.getDouble(), alpha = in.getDouble(), a = in.getDouble(), b = in.getDouble(), p = in.getDouble(),
                q = in.getDouble(), gamma = in.getDouble();
        int k = in.remaining() >= Integer.BYTES ? in.getInt() : 1;
        int classes = in.remaining() >= Integer.BYTES ? in.getInt() : 0;
        List<Double> weights = new ArrayList<>(classes);
        for (int i = 0; i < classes; i++) {
            weights.add(in.getDouble());
        }
        return new ChurnModelParameters(r, alpha, a, b, p, q, gamma, k, weights);
    }
}
