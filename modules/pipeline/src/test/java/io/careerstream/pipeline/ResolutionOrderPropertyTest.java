package io.careerstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.Touchpoint;
import io.careerstream.pipeline.ingest.ResolutionControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Replay = live: touchpoints that reach their customer by an alias, through another partition's
 * resolver, give the customer the same transitions, alerts and final state as if every touchpoint
 * had carried the customer id from the start, whatever the interleaving of the detour with the
 * customer's own partition.
 *
 * <p>The topology runs in one task here, so the test plays the other partition (number 1): like its
 * resolver it sends the link notices first (links are known before the touchpoints they resolve),
 * then each resolved touchpoint followed, at random, by a progress marker, in its own order, while
 * the customers' direct touchpoints go to the touchpoints topic; the two sequences are merged at
 * random. The expected careers are those of
 * {@link ReferenceCareerModel} on the histories with customer ids, and the final states those of
 * the real topology fed the same histories with customer ids.
 */
class ResolutionOrderPropertyTest {

    private static final long SEED = Long.getLong("QT_SEED", 20261207L);
    private static final int EXAMPLES = 60;
    private static final int OTHER_PARTITION = 1;
    /** Customers a and b have an alias (in the other partition); c has none. */
    private static final Map<String, String> ALIASES = Map.of("a", "@a", "b", "@b");

    /** A history, which of its steps travel by alias, how the two paths interleave, and where markers go. */
    record Case(List<CareerTopologyPropertyTest.Step> steps, List<Boolean> viaAlias, List<Boolean> interleaving,
                List<Boolean> markers) {
    }

    static Gen<Case> cases() {
        return CareerTopologyPropertyTest.histories().zip(lists().of(booleans().all()).ofSize(80),
                lists().of(booleans().all()).ofSize(200), lists().of(booleans().all()).ofSize(80), Case::new);
    }

    @Test
    void touchpointsByAliasGiveTheCareersTheirCustomerIdsWouldGive() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).withShrinkCycles(50)
                .forAll(cases())
                .checkAssert(ResolutionOrderPropertyTest::agreesWithTheReference);
    }

    private static void agreesWithTheReference(Case c) {
        List<TouchpointEvent> history = CareerTopologyPropertyTest.toEvents(c.steps());
        long end = history.get(history.size() - 1).getOccurredAt().toEpochMilli() + 3650L * 86_400_000L;
        Outputs byAlias = run(fixture -> sendByAlias(fixture, history, c, end));
        Outputs byId = run(fixture -> {
            history.forEach(fixture::send);
            fixture.tick(Instant.ofEpochMilli(end));
        });

        ReferenceCareerModel model = new ReferenceCareerModel(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT);
        for (String customer : List.of("a", "b", "c")) {
            List<Touchpoint> own = history.stream().filter(e -> e.getCustomerId().equals(customer))
                    .map(CareerTopologyPropertyTest::toDomain).toList();
            ReferenceCareerModel.Result expected = model.run(own, end);
            assertThat(byAlias.transitions.getOrDefault(customer, List.of())).as("transitions of %s", customer)
                    .isEqualTo(expected.transitions());
            assertThat(byAlias.tracks.getOrDefault(customer, List.of())).as("career tracks of %s", customer)
                    .isEqualTo(expected.tracks());
            assertThat(byAlias.alerts.getOrDefault(customer, List.of())).as("alerts of %s", customer)
                    .isEqualTo(expected.alerts());
            assertThat(byAlias.states.get(customer)).as("final state of %s", customer).isEqualTo(byId.states.get(customer));
        }
        assertThat(byAlias.held).as("nothing left held after the closing tick").isZero();
    }

    /**
     * The customers' own touchpoints to the touchpoints topic; the aliased ones as the other
     * partition's resolver writes them to the resolved topic; merged as {@code c.interleaving} says.
     */
    private static void sendByAlias(TopologyFixture fixture, List<TouchpointEvent> history, Case c, long end) {
        TestInputTopic<String, TouchpointEvent> resolved = fixture.input(fixture.topics.resolvedTouchpoints(),
                TouchpointEvent.class);
        TestInputTopic<byte[], byte[]> resolvedControl = fixture.driver.createInputTopic(
                fixture.topics.resolvedTouchpoints(), new ByteArraySerializer(), new ByteArraySerializer());
        List<Runnable> direct = new ArrayList<>();
        List<Runnable> detour = new ArrayList<>();
        // The links are known before the touchpoints they resolve (as the demo loads them first): their
        // notices reach the customers' task first.
        for (String customer : ALIASES.keySet()) {
            resolvedControl.pipeInput(new TestRecord<>(customer.getBytes(StandardCharsets.UTF_8), null,
                    ResolutionControl.linked(OTHER_PARTITION), Instant.EPOCH));
        }
        Iterator<Boolean> viaAlias = c.viaAlias().iterator();
        Iterator<Boolean> marker = c.markers().iterator();
        for (TouchpointEvent event : history) {
            String alias = ALIASES.get(event.getCustomerId());
            boolean aliased = alias != null && viaAlias.hasNext() && viaAlias.next();
            if (!aliased) {
                direct.add(() -> fixture.send(event));
                continue;
            }
            long at = event.getOccurredAt().toEpochMilli();
            TouchpointEvent withAlias = TouchpointEvent.newBuilder(event).setAlias(alias).build();
            Headers entered = new RecordHeaders();
            ResolutionControl.stampEntered(entered, at);
            detour.add(() -> resolved.pipeInput(new TestRecord<>(event.getCustomerId(), withAlias, entered, Instant.EPOCH)));
            if (marker.hasNext() && marker.next()) {
                detour.add(() -> progress(resolvedControl, at));
            }
        }
        Iterator<Boolean> choice = c.interleaving().iterator();
        int d = 0;
        int r = 0;
        while (d < direct.size() || r < detour.size()) {
            boolean takeDirect = r == detour.size() || (d < direct.size() && (!choice.hasNext() || choice.next()));
            (takeDirect ? direct.get(d++) : detour.get(r++)).run();
        }
        // The closing ticks: one on the customers' partition, one on the other (its resolver's marker).
        fixture.tick(Instant.ofEpochMilli(end));
        progress(resolvedControl, end + 1);
    }

    private static void progress(TestInputTopic<byte[], byte[]> resolvedControl, long watermark) {
        resolvedControl.pipeInput(new TestRecord<>(null, null, ResolutionControl.progress(OTHER_PARTITION, watermark),
                Instant.EPOCH));
    }

    private static final class Outputs {
        final Map<String, List<String>> transitions = new HashMap<>();
        final Map<String, List<String>> tracks = new HashMap<>();
        final Map<String, List<String>> alerts = new HashMap<>();
        final Map<String, CustomerState> states = new HashMap<>();
        long held;
    }

    private static Outputs run(java.util.function.Consumer<TopologyFixture> send) {
        Outputs out = new Outputs();
        try {
            Path stateDir = Files.createTempDirectory("careerstream-order-");
            try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
                send.accept(fixture);
                StageTransitions all = new StageTransitions(fixture.output(fixture.topics.transitions(), StageTransition.class));
                all.readValuesToList().forEach(t -> out.transitions.computeIfAbsent(t.getCustomerId(), k -> new ArrayList<>())
                        .add(t.getTo() + "@" + t.getAt().toEpochMilli()));
                all.tracks().forEach(t -> out.tracks.computeIfAbsent(t.getCustomerId(), k -> new ArrayList<>())
                        .add(t.getTo() + "@" + t.getAt().toEpochMilli()));
                fixture.output(fixture.topics.alerts(), ChurnAlert.class).readValuesToList().stream()
                        .filter(a -> a.getStatus() == io.careerstream.contracts.AlertStatus.OPENED) // the model's alerts
                        .forEach(a -> out.alerts.computeIfAbsent(a.getCustomerId(), k -> new ArrayList<>())
                                .add(a.getLevel() + "@" + a.getAt().toEpochMilli()));
                KeyValueStore<String, CustomerState> states = fixture.driver.getKeyValueStore(CareerTopology.CUSTOMER_STATE_STORE);
                for (String customer : List.of("a", "b", "c")) {
                    out.states.put(customer, states.get(customer));
                }
                KeyValueStore<Object, Object> held = fixture.driver.getKeyValueStore(CareerTopology.HELD_TOUCHPOINTS_STORE);
                try (var entries = held.all()) {
                    entries.forEachRemaining(entry -> out.held++);
                }
            } finally {
                try (var paths = Files.walk(stateDir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
