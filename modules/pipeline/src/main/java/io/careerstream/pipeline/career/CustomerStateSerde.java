package io.careerstream.pipeline.career;

import io.careerstream.domain.CustomerState;
import io.careerstream.domain.CustomerStateCodec;
import io.careerstream.serde.SerdeCounts;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Store serde for {@link CustomerState}: the domain's compact versioned binary codec. Counts what
 * it encodes and decodes ({@link SerdeCounts}, read by the benchmark's per-event accounting).
 */
public final class CustomerStateSerde extends Serdes.WrapperSerde<CustomerState> {

    /** The name the counts go under. */
    public static final String COUNTED_AS = "CustomerState";

    private static final LongAdder ENCODES = SerdeCounts.encodes(COUNTED_AS);
    private static final LongAdder DECODES = SerdeCounts.decodes(COUNTED_AS);

    public CustomerStateSerde() {
        super((topic, state) -> {
            if (state == null) {
                return null;
            }
            ENCODES.increment();
            return CustomerStateCodec.encode(state);
        }, (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            DECODES.increment();
            return CustomerStateCodec.decode(bytes);
        });
    }
}
