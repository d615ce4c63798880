package io.careerstream.pipeline;

import io.careerstream.domain.CustomerState;
import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.AlertStatus;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.StageTransition;
import io.careerstream.domain.StageChange;
import io.careerstream.pipeline.career.CareerFlows;
import io.careerstream.pipeline.career.PAliveDistribution;
import io.careerstream.pipeline.config.ChurnSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's counts kept in the stream equal a plain tally of what the pipeline published:
 * transitions per edge and alerts per level per event-time hour (over the retained days), and
 * customers per P(alive) bucket as their latest profiles say, erasures included.
 */
class ConsoleCountsTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T00:00:00Z");
    private static final long HOUR = CareerFlows.BUCKET.toMillis();

    @TempDir
    Path stateDir;

    @Test
    void flowsAndTheAliveDistributionMatchATallyOfTheOutputs() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.<String, Object>of(ChurnSettings.CHURN_AT_RISK_P_ALIVE, 0.3,
                ChurnSettings.CHURN_LAPSED_P_ALIVE, 0.1))) {
            TestOutputTopic<String, StageTransition> transitions = fixture.output(fixture.topics.transitions(), StageTransition.class);
            TestOutputTopic<String, ChurnAlert> alerts = fixture.output(fixture.topics.alerts(), ChurnAlert.class);
            TestOutputTopic<String, CustomerProfile> profiles = fixture.output(fixture.topics.profiles(), CustomerProfile.class);
            var erasures = fixture.driver.createInputTopic(fixture.topics.erasureRequests(), new StringSerializer(), new StringSerializer());
            Random random = new Random(11);
            Instant at = T0;
            Map<String, Long> tally = new HashMap<>(); // key@bucketStart -> count
            Map<String, CustomerProfile> latest = new HashMap<>();
            long newest = Long.MIN_VALUE;
            for (int i = 0; i < 600; i++) {
                at = at.plus(Duration.ofHours(1 + random.nextInt(24 * 3)));
                String customer = "c" + random.nextInt(60);
                fixture.send(random.nextInt(4) == 0 ? email(customer, at, EmailAction.OPEN)
                        : purchase(customer, "o" + i, at, 500 + random.nextInt(5000)));
                if (i % 150 == 149) {
                    fixture.tick(at.plus(Duration.ofDays(120))); // silence: alerts and moves by the clock
                    at = at.plus(Duration.ofDays(120));
                }
                if (i % 200 == 199) {
                    erasures.pipeInput(customer, "request-" + i);
                }
                for (StageTransition t : transitions.readValuesToList()) {
                    long when = t.getAt().toEpochMilli();
                    tally.merge(CareerFlows.edge(StageChange.Dimension.valueOf(t.getDimension()), t.getFrom(), t.getTo())
                            + "@" + CareerFlows.bucketStart(when), 1L, Long::sum);
                    newest = Math.max(newest, when);
                }
                for (ChurnAlert a : alerts.readValuesToList()) {
                    if (a.getStatus() == AlertStatus.OPENED) {
                        long when = a.getAt().toEpochMilli();
                        tally.merge(CareerFlows.ALERT + a.getLevel().name() + "@" + CareerFlows.bucketStart(when), 1L, Long::sum);
                        newest = Math.max(newest, when);
                    }
                }
                for (KeyValue<String, CustomerProfile> p : profiles.readKeyValuesToList()) {
                    if (p.value == null) {
                        latest.remove(p.key);
                    } else {
                        latest.put(p.key, p.value);
                    }
                }
            }

            WindowStore<String, Long> flowStore = fixture.driver.getWindowStore(CareerFlows.STORE);
            Map<String, Long> kept = new HashMap<>();
            for (CareerFlows.Bucket b : CareerFlows.read(flowStore)) {
                kept.put(b.key() + "@" + b.start(), b.count());
            }
            long windowStart = newest - Duration.ofDays(30).toMillis();
            Map<String, Long> lastThirtyDays = new HashMap<>();
            tally.forEach((k, v) -> {
                if (Long.parseLong(k.substring(k.lastIndexOf('@') + 1)) + HOUR > windowStart) {
                    lastThirtyDays.put(k, v);
                }
            });
            assertThat(lastThirtyDays).as("the history reaches the last 30 days").isNotEmpty();
            assertThat(kept).as("every hour of the last 30 days, as published").containsAllEntriesOf(lastThirtyDays);
            assertThat(tally).as("nothing counted that was not published").containsAllEntriesOf(kept);
            assertThat(kept.keySet().stream().mapToLong(k -> Long.parseLong(k.substring(k.lastIndexOf('@') + 1))).min().orElseThrow())
                    .as("what is read back is within the retention")
                    .isGreaterThan(newest - CareerFlows.RETENTION.toMillis() - HOUR);
            assertThat(tally.size()).as("the history is longer than the retention").isGreaterThan(kept.size());

            Map<String, Long> distribution = new HashMap<>();
            latest.values().forEach(p -> distribution.merge(p.getProbabilityAlive() == null ? PAliveDistribution.NONE
                    : PAliveDistribution.label((byte) Math.min(9, (int) Math.floor(p.getProbabilityAlive() * 10))), 1L, Long::sum));
            KeyValueStore<String, Long> counts = fixture.driver.getKeyValueStore(CareerTopology.CAREER_COUNTS_STORE);
            assertThat(distribution.keySet()).hasSizeGreaterThan(2);
            assertThat(PAliveDistribution.read(counts)).isEqualTo(distribution);
            KeyValueStore<String, CustomerState> states = fixture.driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
            latest.forEach((customerId, p) -> assertThat(PAliveDistribution.label(states.get(customerId).countedAliveTenth()))
                    .as(customerId + ": the tenth its state remembers is that of its last profile")
                    .isEqualTo(p.getProbabilityAlive() == null ? PAliveDistribution.NONE
                            : PAliveDistribution.label((byte) Math.min(9, (int) Math.floor(p.getProbabilityAlive() * 10)))));
        }
    }
}
