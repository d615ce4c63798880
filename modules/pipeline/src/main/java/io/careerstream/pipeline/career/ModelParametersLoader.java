package io.careerstream.pipeline.career;

import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.contracts.ModelParameters;
import java.nio.ByteBuffer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global model-parameters store: every instance reads the whole topic, so a newly fitted
 * set of parameters reaches all customers without a restart. Invalid parameters are logged and
 * ignored; the previous ones stay in force. The store holds the seven numbers as plain doubles,
 * so the career processor, which looks them up for every record, never decodes Avro.
 */
final class ModelParametersLoader implements Processor<String, ModelParameters, Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelParametersLoader.class);

    private KeyValueStore<String, byte[]> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(CareerTopology.MODEL_PARAMETERS_STORE);
    }

    @Override
    public void process(Record<String, ModelParameters> record) {
        if (record.key() == null) {
            LOG.warn("Ignoring model parameters without a key");
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        try {
            store.put(record.key(), encode(toDomain(record.value())));
            LOG.info("Model parameters '{}' now in force: {}", record.key(), record.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring invalid model parameters '{}': {}", record.key(), e.getMessage());
        }
    }

    static byte[] encode(ChurnModelParameters p) {
        return ByteBuffer.allocate(7 * Double.BYTES).putDouble(p.r()).putDouble(p.alpha()).putDouble(p.a())
                .putDouble(p.b()).putDouble(p.p()).putDouble(p.q()).putDouble(p.gamma()).array();
    }

    static ChurnModelParameters decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return new ChurnModelParameters(in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble(),
                in.getDouble(), in.getDouble());
    }

    static ChurnModelParameters toDomain(ModelParameters m) {
        return new ChurnModelParameters(m.getR(), m.getAlpha(), m.getA(), m.getB(), m.getP(), m.getQ(), m.getGamma());
    }
}
