package io.careerstream.pipeline;

import io.careerstream.pipeline.config.PipelineSettings;
import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerState;
import io.careerstream.pipeline.errors.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicktheories.core.Gen;

/**
 * De-duplication by time and the late-event policy through the real topology: a resend is never
 * counted twice however far apart, a touchpoint past the grace period is dead-lettered as
 * {@code LATE}, and input shuffled within the grace period ends in the same profiles.
 */
class ArrivalTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);
    private static final long SEED = Long.getLong("QT_SEED", 19970315L);

    @TempDir
    Path stateDir;

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static TestOutputTopic<byte[], byte[]> deadLetters(TopologyFixture fixture) {
        return fixture.driver.createOutputTopic(fixture.topics.deadLetters(), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    @Test
    void aResendDaysLaterWithHundredsOfTouchpointsBetweenIsNotCountedAgain() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            TestOutputTopic<String, CustomerProfile> profiles = fixture.output(fixture.topics.profiles(), CustomerProfile.class);
            TouchpointEvent first = purchase("c1", "o1", T0, 1000);
            fixture.send(first);
            for (int i = 1; i <= 300; i++) {
                fixture.send(email("c1", T0.plus(Duration.ofMinutes(28L * i)), EmailAction.OPEN)); // ~6 days
            }
            fixture.send(first); // the same event, 300 touchpoints and almost six days later
            fixture.send(purchase("c1", "o1", T0.plus(Duration.ofMinutes(28L * 300)), 1000)); // same order, new id

            KeyValueStore<String, CustomerState> store = fixture.driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
            assertThat(store.get("c1").purchases()).isEqualTo(1);
            assertThat(store.get("c1").totalSpendMinor()).isEqualTo(1000);
            assertThat(store.get("c1").emailOpens()).isEqualTo(300);
            assertThat(profiles.readValuesToList()).as("one profile per counted touchpoint, none for the resends")
                    .hasSize(301).allSatisfy(p -> assertThat(p.getPurchases()).isEqualTo(1));
            assertThat(deadLetters(fixture).isEmpty()).isTrue();
        }
    }

    @Test
    void aTouchpointPastTheGraceIsDeadLetteredAsLateAndOneWithinItIsApplied() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(PipelineSettings.LATE_GRACE_MS,
                Duration.ofHours(6).toMillis()))) {
            TestOutputTopic<byte[], byte[]> dead = deadLetters(fixture);
            fixture.send(purchase("c1", "o1", T0, 1000));
            fixture.send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(3)), 1000));
            fixture.send(purchase("c1", "o3", T0.plus(DAY.multipliedBy(3)).minus(Duration.ofHours(5)), 500)); // within
            fixture.send(purchase("c1", "o4", T0.plus(DAY.multipliedBy(2)), 700)); // a day behind: late

            TestRecord<byte[], byte[]> late = dead.readRecord();
            assertThat(header(late, DeadLetters.REASON_HEADER)).isEqualTo("LATE");
            assertThat(header(late, "__streams.errors.message")).contains("careerstream.late.grace.ms", "c1");
            assertThat(fixture.decode(fixture.topics.touchpoints(), TouchpointEvent.class, late.value()).getPayload())
                    .hasFieldOrPropertyWithValue("orderId", "o4");
            assertThat(dead.isEmpty()).isTrue();
            CustomerState state = fixture.driver.<String, CustomerState>getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE).get("c1");
            assertThat(state.purchases()).isEqualTo(3);
            assertThat(state.totalSpendMinor()).isEqualTo(2500);
        }
    }

    @Test
    void aResendOnceTheWindowHasPassedIsLateNotCounted() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            TestOutputTopic<byte[], byte[]> dead = deadLetters(fixture);
            TouchpointEvent first = purchase("c1", "o1", T0, 1000);
            fixture.send(first);
            fixture.send(purchase("c1", "o2", T0.plus(DAY.multipliedBy(8)), 1000));
            fixture.send(first);
            assertThat(header(dead.readRecord(), DeadLetters.REASON_HEADER)).isEqualTo("LATE");
            CustomerState state = fixture.driver.<String, CustomerState>getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE).get("c1");
            assertThat(state.purchases()).isEqualTo(2);
            assertThat(state.rememberedKeys()).as("o1 was forgotten: seen 8 days before the clock").isEqualTo(1);
        }
    }

    /** One touchpoint of a generated history: whose, how long after the previous, what, and its delay on the way. */
    record Event(int customer, int gapMinutes, int kind, int delayMinutes) {
    }

    static Gen<List<Event>> histories() {
        Gen<Integer> gaps = integers().between(0, 3).flatMap(scale -> switch (scale) {
            case 0 -> integers().between(0, 120);
            case 1 -> integers().between(120, 24 * 60);
            case 2 -> integers().between(24 * 60, 40 * 24 * 60);
            default -> integers().between(40 * 24 * 60, 300 * 24 * 60);
        });
        // The delay on the way stays below the default grace of one day.
        return lists().of(integers().between(0, 2).zip(gaps, integers().between(0, 9), integers().between(0, 24 * 60 - 1),
                Event::new)).ofSizeBetween(1, 40);
    }

    private static TouchpointEvent touchpoint(Event e, int index, Instant at) {
        String customer = "c" + e.customer();
        return switch (e.kind()) {
            case 0, 1, 2, 3, 4, 5 -> purchase(customer, "o" + index, at, 100L * (1 + e.kind()));
            case 6 -> email(customer, at, EmailAction.OPEN);
            case 7 -> email(customer, at, EmailAction.CLICK);
            case 8 -> Touchpoints.inquiry(customer, at, io.careerstream.contracts.InquiryKind.QUESTION, true);
            default -> Touchpoints.mention(customer, at, io.careerstream.contracts.Sentiment.POSITIVE);
        };
    }

    /** The last profile of every customer after the input and a final tick, and the dead letters. */
    private Map<String, CustomerProfile> run(List<TouchpointEvent> input, Instant end) throws Exception {
        try (TopologyFixture fixture = new TopologyFixture(Files.createTempDirectory(stateDir, "run"), Map.of())) {
            TestOutputTopic<String, CustomerProfile> profiles = fixture.output(fixture.topics.profiles(), CustomerProfile.class);
            TestOutputTopic<String, StageTransition> transitions = fixture.output(fixture.topics.transitions(), StageTransition.class);
            input.forEach(fixture::send);
            fixture.tick(end);
            assertThat(deadLetters(fixture).isEmpty()).as("nothing within the grace is dead-lettered").isTrue();
            transitions.readValuesToList();
            return new TreeMap<>(profiles.readKeyValuesToMap());
        }
    }

    /**
     * Each touchpoint is delayed on its way by less than the grace period and the input arrives in
     * the order of arrival: the final profile of every customer (stage, track and every counter) is
     * the one of the input in event-time order.
     */
    @Test
    void inputShuffledWithinTheGraceEndsInTheSameProfiles() {
        qt().withFixedSeed(SEED).withExamples(25).withShrinkCycles(100).forAll(histories()).checkAssert(history -> {
            List<TouchpointEvent> inOrder = new ArrayList<>();
            List<long[]> arrival = new ArrayList<>(); // {arrival time, index}
            Instant at = T0;
            for (int i = 0; i < history.size(); i++) {
                Event e = history.get(i);
                at = at.plus(Duration.ofMinutes(e.gapMinutes()));
                inOrder.add(touchpoint(e, i, at));
                arrival.add(new long[] {at.toEpochMilli() + e.delayMinutes() * 60_000L, i});
            }
            arrival.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
            List<TouchpointEvent> shuffled = arrival.stream().map(a -> inOrder.get((int) a[1])).toList();
            Instant end = at.plus(DAY.multipliedBy(2));
            try {
                Map<String, CustomerProfile> expected = run(inOrder, end);
                Map<String, CustomerProfile> actual = run(shuffled, end);
                assertThat(actual.keySet()).isEqualTo(expected.keySet());
                expected.forEach((customer, profile) -> {
                    CustomerProfile got = actual.get(customer);
                    assertThat(got.getStage()).as(customer + " stage").isEqualTo(profile.getStage());
                    assertThat(got.getTrack()).as(customer + " track").isEqualTo(profile.getTrack());
                    assertThat(got.getPurchases()).as(customer + " purchases").isEqualTo(profile.getPurchases());
                    assertThat(got.getPurchaseDays()).as(customer + " purchase days").isEqualTo(profile.getPurchaseDays());
                    assertThat(got.getTotalSpendMinor()).isEqualTo(profile.getTotalSpendMinor());
                    assertThat(got.getFirstPurchaseAt()).isEqualTo(profile.getFirstPurchaseAt());
                    assertThat(got.getLastPurchaseAt()).isEqualTo(profile.getLastPurchaseAt());
                    assertThat(got.getEmailOpens() + got.getEmailClicks() + got.getInquiries() + got.getPositiveMentions())
                            .isEqualTo(profile.getEmailOpens() + profile.getEmailClicks() + profile.getInquiries()
                                    + profile.getPositiveMentions());
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
