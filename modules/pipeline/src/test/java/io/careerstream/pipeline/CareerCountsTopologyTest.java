package io.careerstream.pipeline;

import io.careerstream.pipeline.config.ChurnSettings;
import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.EmailAction;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.pipeline.career.CareerCounts;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-stage and per-track counters always equal a tally of the customers' states. */
class CareerCountsTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void countersMatchTheCustomersStatesThroughStageAndTrackChangesAndSilence() {
        // Thresholds fixed here (not the defaults) so that this history reaches several stages,
        // LAPSED included, whatever defaults the churn evaluation picks.
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.<String, Object>of(ChurnSettings.CHURN_AT_RISK_P_ALIVE, 0.3,
                ChurnSettings.CHURN_LAPSED_P_ALIVE, 0.1))) {
            Random random = new Random(7);
            Instant at = T0;
            for (int i = 0; i < 400; i++) {
                at = at.plus(Duration.ofHours(1 + random.nextInt(24 * 20)));
                String customer = "c" + random.nextInt(40);
                fixture.send(random.nextInt(4) == 0 ? email(customer, at, EmailAction.OPEN)
                        : purchase(customer, "o" + i, at, 500 + random.nextInt(5000)));
                if (i % 100 == 99) {
                    fixture.tick(at.plus(Duration.ofDays(200))); // silence: AT_RISK and LAPSED by the clock
                }
            }
            fixture.tick(at.plus(Duration.ofDays(400)));

            KeyValueStore<String, CustomerState> states = fixture.driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
            Map<String, Long> stages = new HashMap<>();
            Map<String, Long> tracks = new HashMap<>();
            try (var all = states.all()) {
                all.forEachRemaining(kv -> {
                    stages.merge(kv.value.stage(), 1L, Long::sum);
                    tracks.merge(kv.value.track() == null ? CareerMap.NO_TRACK : kv.value.track(), 1L, Long::sum);
                });
            }
            KeyValueStore<String, Long> counts = fixture.driver.getKeyValueStore(CareerTopology.CAREER_COUNTS_STORE);
            assertThat(stages.keySet()).hasSizeGreaterThan(2);
            assertThat(CareerCounts.read(counts, CareerCounts.STAGE)).isEqualTo(stages);
            assertThat(CareerCounts.read(counts, CareerCounts.TRACK)).isEqualTo(tracks);
        }
    }
}
