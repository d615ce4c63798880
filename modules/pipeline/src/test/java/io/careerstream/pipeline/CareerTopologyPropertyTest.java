package io.careerstream.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.careerstream.pipeline.config.CareerstreamConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random interleaved histories of several customers through the real topology must give exactly
 * the stage and track transitions and the alerts of {@link ReferenceCareerModel}, whatever the punctuation interval,
 * under both silence rules.
 */
class CareerTopologyPropertyTest {

    private static final long T0 = Instant.parse("1997-01-01T00:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000L;
    private static final String[] CUSTOMERS = {"a", "b", "c"};

    /** One step of a generated history. */
    record Step(int customer, int gapMinutes, int kind, int variant, boolean resend) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        // Minutes between events: same day, days to weeks, and long silences.
        Arbitrary<Integer> gaps = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.integers().between(1, 600)),
                Tuple.of(5, Arbitraries.integers().between(600, 60 * 24 * 60)),
                Tuple.of(2, Arbitraries.integers().between(60 * 24 * 60, 500 * 24 * 60)));
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, CUSTOMERS.length - 1), gaps,
                Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 99),
                Arbitraries.integers().between(0, 9).map(n -> n == 0)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Provide
    Arbitrary<Long> punctuationIntervals() {
        return Arbitraries.of(MINUTE, 86_400_000L, 30 * 86_400_000L);
    }

    @Property(tries = 80)
    void topologyAgreesWithTheReferenceModel(@ForAll("histories") List<Step> steps,
                                             @ForAll("punctuationIntervals") long punctuationIntervalMs,
                                             @ForAll SilencePolicy.Rule silenceRule)
            throws IOException {
        List<TouchpointEvent> sent = toEvents(steps);
        Map<String, List<String>> transitions = new HashMap<>();
        Map<String, List<String>> tracks = new HashMap<>();
        Map<String, List<String>> alerts = new HashMap<>();
        long end = sent.get(sent.size() - 1).getOccurredAt().toEpochMilli() + 3650L * 86_400_000L;
        Path stateDir = Files.createTempDirectory("careerstream-prop-");
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of(
                CareerstreamConfig.PUNCTUATION_INTERVAL_MS, punctuationIntervalMs,
                CareerstreamConfig.CHURN_RULE, silenceRule.name()))) {
            sent.forEach(fixture::send);
            fixture.tick(Instant.ofEpochMilli(end));
            StageTransitions all = new StageTransitions(fixture.output(fixture.topics.transitions(), StageTransition.class));
            all.readValuesToList().forEach(t -> transitions.computeIfAbsent(t.getCustomerId(), k -> new ArrayList<>())
                    .add(t.getTo() + "@" + t.getAt().toEpochMilli()));
            all.tracks().forEach(t -> tracks.computeIfAbsent(t.getCustomerId(), k -> new ArrayList<>())
                    .add(t.getTo() + "@" + t.getAt().toEpochMilli()));
            fixture.output(fixture.topics.alerts(), ChurnAlert.class).readValuesToList()
                    .forEach(a -> alerts.computeIfAbsent(a.getCustomerId(), k -> new ArrayList<>())
                            .add(a.getLevel() + "@" + a.getAt().toEpochMilli()));
        } finally {
            try (var paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
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

    private static List<TouchpointEvent> toEvents(List<Step> steps) {
        List<TouchpointEvent> events = new ArrayList<>();
        long clock = T0;
        int n = 0;
        for (Step s : steps) {
            clock += s.gapMinutes() * MINUTE + s.variant() * 997L; // odd milliseconds avoid ties with thresholds
            String customer = CUSTOMERS[s.customer()];
            Object payload = switch (s.kind()) {
                case 0, 1, 2, 3 -> new Purchase("o" + n, 100L * (s.variant() + 1), "USD", 1, List.of());
                case 4, 5 -> new Inquiry(InquiryKind.values()[s.variant() % 4], "t", s.variant() % 3 == 0);
                case 6 -> new SocialMention("x", Sentiment.values()[s.variant() % 3], 1L, s.variant() % 4 == 0);
                default -> new EmailEngagement("c", EmailAction.values()[s.variant() % 5]);
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

    private static Touchpoint toDomain(TouchpointEvent e) {
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
