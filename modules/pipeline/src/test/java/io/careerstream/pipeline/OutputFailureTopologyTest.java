package io.careerstream.pipeline;

import io.careerstream.serde.SerdeSettings;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.careerstream.contracts.StageTransition;
import io.careerstream.domain.CustomerState;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An output that cannot be written is not the input's fault: the record is not dead-lettered,
 * the task fails, and the customer's state does not move on without its outputs.
 */
class OutputFailureTopologyTest {

    @TempDir
    Path stateDir;

    @Test
    void anOutputSchemaTheRegistryDoesNotKnowFailsTheTaskAndLeavesTheStateUnchanged() {
        // auto.register.schemas=false and only the input's schema registered: every output lookup fails.
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(SerdeSettings.AUTO_REGISTER_SCHEMAS, false))) {
            var transitions = fixture.output(fixture.topics.transitions(), StageTransition.class);

            assertThatThrownBy(() -> fixture.send(purchase("c1", "o1", Instant.parse("1997-01-01T00:00:00Z"), 1000)))
                    .isInstanceOf(StreamsException.class)
                    .rootCause().hasMessageContaining("not found");

            KeyValueStore<String, CustomerState> states = fixture.driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
            assertThat(states.get("c1")).as("state must not move on without its outputs").isNull();
            assertThat(transitions.isEmpty()).isTrue();
        }
    }
}
