package io.careerstream.pipeline;

import io.careerstream.pipeline.config.CareerMapSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.RfmSketches;
import io.careerstream.contracts.StageTransition;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.RfmBoundaries;
import io.careerstream.pipeline.rfm.RfmSketch;
import io.careerstream.pipeline.rfm.RfmSketchesLoader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFM in the topology: the career task's sketches are published to rfm-sketches on a schedule and
 * at ticks, the global store merges them into quintile boundaries, and the career map's RFM
 * features are scored against them.
 */
class RfmTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final String MAP = """
            version: "rfm-1"
            features: [hasPurchased, rfmRecency, rfmFrequency, rfmMonetary, rfmSegment]
            stages:
              - {id: PROSPECT, when: "!hasPurchased", action: NURTURE}
              - id: CHAMPION
                when: 'rfmSegment == "Champions"'
                action: REWARD
                evidence: [rfmRecency, rfmFrequency, rfmMonetary]
              - id: LOST
                when: 'rfmSegment == "Lost"'
                action: WIN_BACK
                evidence: [rfmRecency, rfmFrequency, rfmMonetary]
              - {id: BUYER, when: "true", action: NONE}
            """;

    @TempDir
    Path stateDir;
    private TopologyFixture fixture;
    private StageTransitions transitions;
    private TestOutputTopic<String, RfmSketches> sketches;

    @BeforeEach
    void start() throws IOException {
        Path map = Files.writeString(stateDir.resolve("rfm-map.yaml"), MAP);
        // The test driver's wall clock stands still unless advanced: with the default share every
        // scheduled rebuild after the first would wait for it; these tests follow stream time alone.
        fixture = new TopologyFixture(stateDir.resolve("state"), Map.of(
                CareerMapSettings.CAREER_MAP, map.toString(),
                PipelineSettings.RFM_REBUILD_INTERVAL_MS, Duration.ofDays(7).toMillis(),
                PipelineSettings.RFM_REBUILD_MAX_TIME_SHARE, 1.0));
        transitions = new StageTransitions(fixture.output(fixture.topics.transitions(), StageTransition.class));
        sketches = fixture.output(fixture.topics.rfmSketches(), RfmSketches.class);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    /** Customer c{i} (i = 1..5) buys on i days, 10.00 x i each time, the last on day 10 i. */
    private void fiveCustomers() {
        for (int i = 1; i <= 5; i++) {
            for (int d = i - 1; d >= 0; d--) {
                fixture.send(purchase("c" + i, "o" + i + "-" + d, T0.plus(Duration.ofDays(10L * i - d)), 1000L * i));
            }
        }
    }

    private RfmBoundaries boundariesInForce() {
        KeyValueStore<String, byte[]> store = fixture.driver.getKeyValueStore(CareerTopology.RFM_SKETCHES_STORE);
        return RfmSketchesLoader.decode(store.get(RfmSketchesLoader.BOUNDARIES_KEY));
    }

    @Test
    void sketchesArePublishedByStreamTimeAndAtATickAndMergedIntoTheBoundaries() {
        fiveCustomers(); // stream time runs over 50 days: the 7-day schedule fires on the way
        List<RfmSketches> scheduled = sketches.readValuesToList();
        assertThat(scheduled).isNotEmpty().allSatisfy(s -> assertThat(s.getTask()).isEqualTo("0_0"));
        assertThat(scheduled.get(0).getCustomers()).isLessThan(5); // before everyone had bought

        fixture.tick(T0.plus(Duration.ofDays(51)));
        List<org.apache.kafka.streams.test.TestRecord<String, RfmSketches>> atTick = sketches.readRecordsToList();
        assertThat(atTick).hasSize(1);
        RfmSketches published = atTick.get(0).value();
        assertThat(atTick.get(0).key()).isEqualTo("0_0");
        assertThat(atTick.get(0).timestamp()).isEqualTo(T0.plus(Duration.ofDays(51)).toEpochMilli());
        assertThat(published.getCustomers()).isEqualTo(5);
        RfmSketch sketch = RfmSketch.of(bytes(published.getRecency()), bytes(published.getFrequency()),
                bytes(published.getMonetary()));

        // Five customers: the boundary at rank r is the (5 r)-th smallest value, exactly.
        RfmBoundaries expected = new RfmBoundaries(
                new double[] {day(10), day(20), day(30), day(40)}, new double[] {1, 2, 3, 4},
                new double[] {1000, 4000, 9000, 16000}, 5); // monetary in cents, the reporting currency's minor units
        assertThat(sketch.boundaries()).isEqualTo(expected);
        assertThat(boundariesInForce()).isEqualTo(expected);
    }

    /**
     * A replay moves stream time far faster than the wall clock; without the limit a daily rebuild
     * scanned every customer once per replayed day. Here the wall clock stands still while 50 days
     * of stream time pass: the 7-day schedule rebuilds once, not seven times, until wall-clock time
     * has passed; a tick always rebuilds.
     */
    @Test
    void scheduledRebuildsWaitForTheWallClockWhenStreamTimeRunsAhead() throws IOException {
        fixture.close();
        Path map = stateDir.resolve("rfm-map.yaml");
        fixture = new TopologyFixture(stateDir.resolve("state-limited"), Map.of(
                CareerMapSettings.CAREER_MAP, map.toString(),
                PipelineSettings.RFM_REBUILD_INTERVAL_MS, Duration.ofDays(7).toMillis()));
        sketches = fixture.output(fixture.topics.rfmSketches(), RfmSketches.class);

        fiveCustomers();
        assertThat(sketches.readValuesToList()).hasSize(1);

        fixture.driver.advanceWallClockTime(Duration.ofMinutes(10));
        fixture.send(email("c1", T0.plus(Duration.ofDays(60)), EmailAction.OPEN));
        fixture.send(email("c1", T0.plus(Duration.ofDays(75)), EmailAction.OPEN));
        assertThat(sketches.readValuesToList()).as("after wall-clock time passed: one more, then waiting again").hasSize(1);

        fixture.tick(T0.plus(Duration.ofDays(76)));
        assertThat(sketches.readValuesToList()).singleElement()
                .satisfies(s -> assertThat(s.getCustomers()).isEqualTo(5));
    }

    @Test
    void theCareerMapScoresCustomersAgainstTheBoundariesInForceWhenTheyAreEvaluated() {
        // While the five arrive, each is scored against the customers published before it: c3's
        // second purchase day makes it a champion among c1 and c2.
        fiveCustomers();
        fixture.tick(T0.plus(Duration.ofDays(51)));
        // Re-evaluated at their next touchpoint, against the boundaries of all five.
        for (int i = 1; i <= 5; i++) {
            fixture.send(email("c" + i, T0.plus(Duration.ofDays(52)), EmailAction.OPEN));
        }
        KeyValueStore<String, CustomerState> states = fixture.driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
        // c1: R1 F1 M1 Lost; c2: R2 F2 M2 Hibernating; c3: R3 F3 M3 Need attention; c4, c5 Champions.
        assertThat(List.of(1, 2, 3, 4, 5)).extracting(i -> states.get("c" + i).stage())
                .containsExactly("LOST", "BUYER", "BUYER", "CHAMPION", "CHAMPION");

        List<StageTransition> all = transitions.readValuesToList();
        StageTransition c3 = last(all, "c3");
        assertThat(List.of(c3.getFrom(), c3.getTo())).as("c3 moved with the population").containsExactly("CHAMPION", "BUYER");
        StageTransition c1 = last(all, "c1");
        assertThat(c1.getTo()).isEqualTo("LOST");
        assertThat(c1.getEvidence()).containsOnly(entry("rfmRecency", "1"), entry("rfmFrequency", "1"),
                entry("rfmMonetary", "1"), entry("rfmSegment", "Lost"));
    }

    private static StageTransition last(List<StageTransition> transitions, String customer) {
        return transitions.stream().filter(t -> t.getCustomerId().equals(customer)).reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aRecordThatIsNotSketchesIsSkippedAndTheBoundariesInForceStay() {
        fiveCustomers();
        fixture.tick(T0.plus(Duration.ofDays(51)));
        RfmBoundaries before = boundariesInForce();
        assertThat(before.available()).isTrue();

        TestInputTopic<String, byte[]> raw = fixture.driver.createInputTopic(fixture.topics.rfmSketches(),
                new StringSerializer(), new ByteArraySerializer());
        raw.pipeInput("9_9", new byte[] {9, 9, 9}); // not the wire format
        raw.pipeInput(RfmSketchesLoader.BOUNDARIES_KEY, new byte[] {1}); // not a task's key
        assertThat(boundariesInForce()).isEqualTo(before);
        double rejected = fixture.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("rfm-sketches-rejected-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
        assertThat(rejected).isEqualTo(2.0);

        // ...and the pipeline goes on: a tombstone for the only task removes its sketches.
        raw.pipeInput("0_0", (byte[]) null);
        assertThat(boundariesInForce()).isEqualTo(RfmBoundaries.NONE);
    }

    private static long day(int days) {
        return T0.plus(Duration.ofDays(days)).toEpochMilli();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] b = new byte[buffer.remaining()];
        buffer.duplicate().get(b);
        return b;
    }
}
