package io.careerstream.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.StageTransition;
import io.careerstream.serde.SpecificAvroSerde;
import org.junit.jupiter.api.Test;

/**
 * The contract floor bounds the pipeline from above only if it publishes no more than the pipeline
 * does: its records, encoded as on the wire, are no larger than the pipeline's mean records at the
 * default workload (129 B a profile and 161 B a transition as sent, less the 8-byte key and about 8
 * bytes of record framing; docs/benchmarks.md, "Where the time goes"), and not much smaller.
 */
class ContractFloorTopologyTest {

    private static final String REGISTRY = "mock://contract-floor-test";

    @Test
    void theSampleProfileIsNoLargerThanThePipelinesMeanProfile() {
        try (SpecificAvroSerde<CustomerProfile> serde = SpecificAvroSerde.forValues(CustomerProfile.class, REGISTRY)) {
            byte[] wire = serde.serializer().serialize("customer-profiles", ContractFloorTopology.sampleProfile());
            assertThat(wire.length).isBetween(95, 113);
        }
    }

    @Test
    void theSampleTransitionIsNoLargerThanThePipelinesMeanTransition() {
        try (SpecificAvroSerde<StageTransition> serde = SpecificAvroSerde.forValues(StageTransition.class, REGISTRY)) {
            byte[] wire = serde.serializer().serialize("customer-stage-transitions", ContractFloorTopology.sampleTransition());
            assertThat(wire.length).isBetween(125, 144);
        }
    }
}
