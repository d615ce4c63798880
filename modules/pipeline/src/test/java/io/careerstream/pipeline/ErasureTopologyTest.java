package io.careerstream.pipeline;

import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.StageTransition;
import io.careerstream.domain.CustomerState;
import io.careerstream.pipeline.career.CareerCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Right to erasure: state, timer entry, counts and de-duplication memory go; profiles get a tombstone. */
class ErasureTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void anErasedCustomerLeavesNothingBehindAndIsSilentUntilTheyReappear() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            TestOutputTopic<String, CustomerProfile> profiles = fixture.output(fixture.topics.profiles(), CustomerProfile.class);
            TestOutputTopic<String, StageTransition> transitions = fixture.output(fixture.topics.transitions(), StageTransition.class);
            ChurnAlerts alerts = new ChurnAlerts(fixture.output(fixture.topics.alerts(), ChurnAlert.class));
            TestInputTopic<String, String> erasures = fixture.driver.createInputTopic(fixture.topics.erasureRequests(),
                    new StringSerializer(), new StringSerializer());
            var first = purchase("gone", "o1", T0, 1000);
            fixture.send(first);
            fixture.send(purchase("gone", "o2", T0.plus(Duration.ofDays(20)), 1000));
            fixture.send(purchase("stays", "o3", T0, 500));
            KeyValueStore<String, CustomerState> states = fixture.driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
            KeyValueStore<Bytes, byte[]> timers = fixture.driver.getKeyValueStore(CareerTopology.CHURN_TIMER_STORE);
            KeyValueStore<String, Long> counts = fixture.driver.getKeyValueStore(CareerTopology.CAREER_COUNTS_STORE);
            assertThat(states.get("gone").nextCheckAt()).isPositive();
            assertThat(timerOwners(timers)).contains("gone", "stays");
            profiles.readRecordsToList();
            transitions.readRecordsToList();

            erasures.pipeInput("gone", "request-1");

            assertThat(states.get("gone")).isNull();
            assertThat(timerOwners(timers)).containsExactly("stays");
            assertThat(CareerCounts.read(counts, CareerCounts.STAGE).values().stream().mapToLong(Long::longValue).sum())
                    .as("only the customer who stays is counted").isEqualTo(1);
            List<KeyValue<String, CustomerProfile>> tombstones = profiles.readKeyValuesToList();
            assertThat(tombstones).hasSize(1);
            assertThat(tombstones.get(0).key).isEqualTo("gone");
            assertThat(tombstones.get(0).value).isNull();

            // Years pass: the customer who stays is judged, the erased one is not.
            fixture.tick(T0.plus(Duration.ofDays(2000)));
            assertThat(alerts.readValuesToList()).extracting(ChurnAlert::getCustomerId).containsOnly("stays").isNotEmpty();
            assertThat(transitions.readValuesToList()).extracting(StageTransition::getCustomerId).containsOnly("stays");
            assertThat(profiles.readKeyValuesToList()).extracting(kv -> kv.key).containsOnly("stays");

            // The de-duplication memory went too: the same event again is a new customer's first touchpoint.
            fixture.send(first);
            assertThat(states.get("gone").purchases()).isEqualTo(1);
            assertThat(transitions.readValuesToList()).extracting(StageTransition::getCustomerId).contains("gone");
        }
    }

    private static List<String> timerOwners(KeyValueStore<Bytes, byte[]> timers) {
        List<String> owners = new ArrayList<>();
        try (var all = timers.all()) {
            all.forEachRemaining(kv -> owners.add(new String(kv.key.get(), 8, kv.key.get().length - 8,
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
        return owners;
    }
}
