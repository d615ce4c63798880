package io.careerstream.pipeline.career;

import io.careerstream.domain.CustomerState;
import io.careerstream.domain.CustomerStateCodec;
import org.apache.kafka.common.serialization.Serdes;

/** Store serde for {@link CustomerState}: the domain's compact versioned binary codec. */
public final class CustomerStateSerde extends Serdes.WrapperSerde<CustomerState> {
    public CustomerStateSerde() {
        super((topic, state) -> state == null ? null : CustomerStateCodec.encode(state),
                (topic, bytes) -> bytes == null ? null : CustomerStateCodec.decode(bytes));
    }
}
