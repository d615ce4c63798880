package io.careerstream.pipeline;

import io.careerstream.pipeline.config.ChurnSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import io.careerstream.contracts.Inquiry;
import io.careerstream.contracts.InquiryKind;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.SocialMention;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.Touchpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.AsString;
import org.quicktheories.api.Pair;
import org.quicktheories.api.Tuple3;
import org.quicktheories.core.ExceptionReporter;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random interleaved histories of several customers through the real topology must give exactly
 * the stage and track transitions and the alerts of {@link ReferenceCareerModel}, whatever the punctuation interval,
 * under both silence rules.
 *
 * <p>A QuickTheories property run from a plain JUnit test: a counterexample fails the test with an
 * {@link AssertionError} that shows the shrunk inputs and the seed.
 */
class CareerTopologyPropertyTest {

    private static final long T0 = Instant.parse("1997-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final String[] CUSTOMERS = {"a", "b", "c"};

    /** Fixed so that a failure reproduces; {@code -DQT_SEED=n} explores another sequence. */
    private static final long SEED = Long.getLong("QT_SEED", 19970101L);
    private static final int EXAMPLES = 80;
    /**
     * Each example builds a topology (about 0.1 s), so QuickTheories' shrinking gets a bounded budget
     * (its default is 100 000 cycles); {@link DroppingSteps} then shortens the history.
     */
    private static final int SHRINK_CYCLES = 100;

    /** One step of a generated history. */
    record Step(int customer, int gapMinutes, int kind, int variant, boolean resend) {
    }

    static Gen<List<Step>> histories() {
        // Minutes between events: same day, days to weeks, and long silences.
        Gen<Integer> gaps = Generate.frequency(
                Pair.of(3, integers().between(1, 600)),
                Pair.of(5, integers().between(600, 60 * 24 * 60)),
                Pair.of(2, integers().between(60 * 24 * 60, 500 * 24 * 60)));
        // One step in ten is resent; 9 rather than 0 marks it, so that shrinking removes resends.
        Gen<Step> step = integers().between(0, CUSTOMERS.length - 1).zip(gaps,
                integers().between(0, 9), integers().between(0, 99),
                integers().between(0, 9).map(n -> n == 9), Step::new);
        return lists().of(step).ofSizeBetween(1, 40);
    }

    static Gen<Long> punctuationIntervals() {
        return arbitrary().pick(MINUTE, 86_400_000L, 30 * 86_400_000L);
    }

    @Test
    void topologyAgreesWithTheReferenceModel() {
        // The scalars come first: shrinking the history's length then leaves them as they were.
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).withShrinkCycles(SHRINK_CYCLES)
                .withReporter(new DroppingSteps())
                .forAll(punctuationIntervals(), arbitrary().enumValues(SilencePolicy.Rule.class), histories())
                .checkAssert(CareerTopologyPropertyTest::topologyAgreesWithTheReferenceModel);
    }

    /**
     * QuickTheories shrinks by lowering one drawn value at a time, which seldom hits a history's
     * length among its two hundred values. So before the failure is reported, its history is cut
     * down further by dropping steps, last first, while it still fails (at most two passes).
     */
    private static final class DroppingSteps extends ExceptionReporter {
        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                                   List<Object> examples, AsString<Object> toString) {
            @SuppressWarnings("unchecked")
            Tuple3<Long, SilencePolicy.Rule, List<Step>> found = (Tuple3<Long, SilencePolicy.Rule, List<Step>>) smallest;
            List<Step> steps = found._3;
            Throwable failure = cause;
            for (int pass = 0, before = -1; pass < 2 && steps.size() != before; pass++) {
                before = steps.size();
                for (int i = steps.size() - 1; i >= 0 && steps.size() > 1; i--) {
                    List<Step> fewer = new ArrayList<>(steps);
                    fewer.remove(i);
                    Throwable f = failureOf(found._1, found._2, fewer);
                    if (f != null) {
                        steps = fewer;
                        failure = f;
                    }
                }
            }
            super.falisification(seed, examplesUsed, Tuple3.of(found._1, found._2, steps), failure, examples, toString);
        }

        private static Throwable failureOf(long punctuationIntervalMs, SilencePolicy.Rule silenceRule, List<Step> steps) {
            try {
                topologyAgreesWithTheReferenceModel(punctuationIntervalMs, silenceRule, steps);
                return null;
            } catch (AssertionError | RuntimeException e) {
                return e;
            }
        }
    }

    private static void topologyAgreesWithTheReferenceModel(long punctuationIntervalMs, SilencePolicy.Rule silenceRule,
                                                            List<Step> steps) {
        List<TouchpointEvent> sent = toEvents(steps);
        Map<String, List<String>> transitions = new HashMap<>();
        Map<String, List<String>> tracks = new HashMap<>();
        Map<String, List<String>> alerts = new HashMap<>();
        long end = sent.get(sent.size() - 1).getOccurredAt().toEpochMilli() + 3650L * 86_400_000L;
        try {
            Path stateDir = Files.createTempDirectory("careerstream-prop-");
            try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(
                    PipelineSettings.PUNCTUATION_INTERVAL_MS, punctuationIntervalMs,
                    ChurnSettings.CHURN_RULE, silenceRule.name()))) {
                sent.forEach(fixture::send);
                fixture.tick(Instant.ofEpochMilli(end));
                StageTransitions all = new StageTransitions(fixture.output(fixture.topics.transitions(), StageTransition.class));
                all.readValuesToList().forEach(t -> transitions.computeIfAbsent(t.getCustomerId(), k -> new ArrayList<>())
                        .add(t.getTo() + "@" + t.getAt().toEpochMilli()));
                all.tracks().forEach(t -> tracks.computeIfAbsent(t.getCustomerId(), k -> new ArrayList<>())
                        .add(t.getTo() + "@" + t.getAt().toEpochMilli()));
                fixture.output(fixture.topics.alerts(), ChurnAlert.class).readValuesToList().stream()
                        .filter(a -> a.getStatus() == io.careerstream.contracts.AlertStatus.OPENED) // the model's alerts
                        .forEach(a -> alerts.computeIfAbsent(a.getCustomerId(), k -> new ArrayList<>())
                                .add(a.getLevel() + "@" + a.getAt().toEpochMilli()));
            } finally {
                try (var paths = Files.walk(stateDir)) {
                    paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        SilencePolicy silence = silenceRule == SilencePolicy.Rule.CADENCE ? SilencePolicy.CADENCE : SilencePolicy.DEFAULT;
        ReferenceCareerModel model = new ReferenceCareerModel(LifecyclePolicy.DEFAULT, silence);
        for (String customer : CUSTOMERS) {
            List<Touchpoint> history = sent.stream().filter(e -> e.getCustomerId().equals(customer))
                    .map(CareerTopologyPropertyTest::toDomain).toList();
            ReferenceCareerModel.Result expected = model.run(history, end);
            assertThat(transitions.getOrDefault(customer, List.of())).as("transitions of %s", customer)
                    .isEqualTo(expected.transitions());
            assertThat(tracks.getOrDefault(customer, List.of())).as("career tracks of %s", customer)
                    .isEqualTo(expected.tracks());
            assertThat(alerts.getOrDefault(customer, List.of())).as("alerts of %s", customer)
                    .isEqualTo(expected.alerts());
        }
    }

    static List<TouchpointEvent> toEvents(List<Step> steps) {
        List<TouchpointEvent> events = new ArrayList<>();
        long clock = T0;
        int n = 0;
        for (Step s : steps) {
            clock += s.gapMinutes() * MINUTE + s.variant() * 997L; // odd milliseconds avoid ties with thresholds
            String customer = CUSTOMERS[s.customer()];
            Object payload = switch (s.kind()) {
                // Two product lines, bought apart or together: loyalty is judged in the main one.
                case 0, 1, 2, 3 -> new Purchase("o" + n, 100L * (s.variant() + 1), "USD", 1,
                        s.variant() % 4 == 0 ? List.of() : s.variant() % 4 == 1 ? List.of("tea")
                                : s.variant() % 4 == 2 ? List.of("coffee") : List.of("tea", "coffee"));
                case 4, 5 -> new Inquiry(InquiryKind.values()[s.variant() % 4], "t", s.variant() % 3 == 0);
                case 6 -> new SocialMention("x", Sentiment.values()[s.variant() % 3], 1L, s.variant() % 4 == 0);
                default -> new EmailEngagement("c", EmailAction.values()[s.variant() % 5], null, false);
            };
            TouchpointEvent event = TouchpointEvent.newBuilder().setEventId("e" + n).setCustomerId(customer)
                    .setOccurredAt(Instant.ofEpochMilli(clock)).setChannel("test").setPayload(payload).build();
            events.add(event);
            if (s.resend()) {
                events.add(event); // a producer retry: same event again, right away
            }
            n++;
        }
        return events;
    }

    static Touchpoint toDomain(TouchpointEvent e) {
        long at = e.getOccurredAt().toEpochMilli();
        Object p = e.getPayload();
        if (p instanceof Purchase purchase) {
            return new Touchpoint.Purchase(e.getEventId(), e.getCustomerId(), at, purchase.getOrderId(),
                    purchase.getAmountMinor(), purchase.getCurrency(), purchase.getItemCount(), purchase.getCategories());
        }
        if (p instanceof Inquiry i) {
            return new Touchpoint.Inquiry(e.getEventId(), e.getCustomerId(), at,
                    Touchpoint.InquiryKind.valueOf(i.getKind().name()), i.getResolved());
        }
        if (p instanceof SocialMention m) {
            return new Touchpoint.SocialMention(e.getEventId(), e.getCustomerId(), at,
                    Touchpoint.Sentiment.valueOf(m.getSentiment().name()), m.getReach(), m.getReferral());
        }
        EmailEngagement em = (EmailEngagement) p;
        return new Touchpoint.EmailEngagement(e.getEventId(), e.getCustomerId(), at,
                Touchpoint.EmailAction.valueOf(em.getAction().name()));
    }
}
