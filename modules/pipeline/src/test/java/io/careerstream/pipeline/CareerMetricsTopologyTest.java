package io.careerstream.pipeline;

import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.mention;
import static io.careerstream.pipeline.Touchpoints.purchase;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.Sentiment;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our careerstream_* metrics count exactly what the topics received. */
class CareerMetricsTopologyTest {

    private static final Instant T0 = Instant.parse("1997-01-01T00:00:00Z");

    @TempDir
    Path stateDir;

    @Test
    void countersAgreeWithTheOutputTopics() {
        try (TopologyFixture fixture = new TopologyFixture(stateDir, Map.of())) {
            Random random = new Random(11);
            Instant at = T0;
            Map<String, Integer> sentByKind = new HashMap<>();
            TouchpointEvent resendable = null;
            int resent = 0;
            int invalid = 0;
            for (int i = 0; i < 300; i++) {
                at = at.plus(Duration.ofHours(1 + random.nextInt(24 * 10)));
                String customer = "c" + random.nextInt(30);
                TouchpointEvent event = switch (random.nextInt(3)) {
                    case 0 -> email(customer, at, EmailAction.OPEN);
                    case 1 -> mention(customer, at, random.nextBoolean() ? Sentiment.POSITIVE : Sentiment.NEGATIVE);
                    default -> purchase(customer, "o" + i, at, 500 + random.nextInt(5000));
                };
                fixture.send(event);
                sentByKind.merge(kind(event), 1, Integer::sum);
                if (i % 50 == 10) {
                    resendable = event;
                }
                if (i % 50 == 20) {
                    fixture.send(resendable); // a re-send: counted as a duplicate, not as a touchpoint twice
                    sentByKind.merge(kind(resendable), 1, Integer::sum);
                    resent++;
                }
                if (i % 75 == 0) {
                    TouchpointEvent bad = purchase(customer, "bad" + i, at, 100);
                    ((Purchase) bad.getPayload()).setAmountMinor(-1);
                    fixture.send(bad);
                    invalid++;
                }
                if (i % 100 == 99) {
                    // Not ahead of the input: a tick declares that time has passed, so touchpoints
                    // before it would be judged after the fact (late, see careerstream.late.grace.ms).
                    fixture.tick(at);
                }
            }
            fixture.tick(at.plus(Duration.ofDays(600)));

            MeterRegistry registry = fixture.metrics.registry();
            sentByKind.forEach((kind, sent) -> assertThat(registry.get(CareerMetrics.TOUCHPOINTS).tag("kind", kind)
                    .counter().count()).as(kind).isEqualTo(sent.doubleValue()));
            // A re-send is a duplicate while the customer's clock has moved on by less than the window
            // and the grace; further on it is dead-lettered as LATE: either way it is not counted again.
            var lateCounter = registry.find(CareerMetrics.DEAD_LETTERS).tag("reason", "LATE").counter();
            double late = lateCounter == null ? 0 : lateCounter.count();
            assertThat(registry.get(CareerMetrics.DUPLICATES).counter().count()).isPositive()
                    .isEqualTo(resent - late);
            assertThat(registry.get(CareerMetrics.DEAD_LETTERS).tag("reason", "NEGATIVE_AMOUNT").counter().count())
                    .isEqualTo((double) invalid);
            TestOutputTopic<byte[], byte[]> deadLetters = fixture.driver.createOutputTopic(fixture.topics.deadLetters(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            assertThat(deadLetters.readRecordsToList()).hasSize(invalid + (int) late);

            List<StageTransition> transitions = fixture.output(fixture.topics.transitions(), StageTransition.class)
                    .readValuesToList();
            Map<String, Long> stagesEntered = transitions.stream().filter(t -> t.getDimension().equals("STAGE"))
                    .collect(Collectors.groupingBy(StageTransition::getTo, Collectors.counting()));
            assertThat(stagesEntered).hasSizeGreaterThan(3);
            stagesEntered.forEach((stage, n) -> assertThat(registry.get(CareerMetrics.TRANSITIONS)
                    .tags("dimension", "stage", "to", stage).counter().count()).as(stage).isEqualTo(n.doubleValue()));
            List<ChurnAlert> alertRecords = fixture.output(fixture.topics.alerts(), ChurnAlert.class).readValuesToList();
            List<ChurnAlert> alertList = alertRecords.stream()
                    .filter(a -> a.getStatus() == io.careerstream.contracts.AlertStatus.OPENED).toList();
            alertRecords.stream().filter(a -> a.getStatus() == io.careerstream.contracts.AlertStatus.ENDED)
                    .collect(Collectors.groupingBy(a -> List.of(a.getLevel().name(), a.getEndReason().name()), Collectors.counting()))
                    .forEach((key, n) -> assertThat(registry.get(CareerMetrics.ALERT_ENDS).tags("level", key.get(0),
                            "reason", key.get(1)).counter().count()).as("ended " + key).isEqualTo(n.doubleValue()));
            Map<String, Long> alerts = alertList.stream()
                    .collect(Collectors.groupingBy(a -> a.getLevel().name(), Collectors.counting()));
            Instant lastTouchpoint = at;
            long alertsAfterTheInput = alertList.stream().filter(a -> a.getAt().isAfter(lastTouchpoint)).count();
            assertThat(alerts).containsKeys("AT_RISK", "LAPSED");
            alerts.forEach((level, n) -> assertThat(registry.get(CareerMetrics.ALERTS).tag("level", level).counter().count())
                    .as(level).isEqualTo(n.doubleValue()));

            // Every accepted, non-duplicate touchpoint's outputs are timed; the replayed 1997 history is years old.
            long accepted = sentByKind.values().stream().mapToLong(Integer::longValue).sum() - resent;
            assertThat(registry.get(CareerMetrics.EVENT_TO_OUTPUT).timer().count()).isEqualTo(accepted);
            assertThat(registry.get(CareerMetrics.EVENT_TO_OUTPUT).timer().max(java.util.concurrent.TimeUnit.DAYS))
                    .isGreaterThan(365);
            // Each tick settles the checks due; the alerts after the last touchpoint can only come from them.
            assertThat(registry.get(CareerMetrics.PUNCTUATION).timer().count()).isGreaterThanOrEqualTo(4);
            assertThat(alertsAfterTheInput).isPositive();
            assertThat(registry.get(CareerMetrics.DUE_CHECKS).summary().totalAmount())
                    .isGreaterThanOrEqualTo(alertsAfterTheInput);
            assertThat(registry.get(CareerMetrics.TIMER_INDEX_ENTRIES).gauge().value()).isGreaterThanOrEqualTo(0);
        }
    }

    private static String kind(TouchpointEvent event) {
        Function<Object, String> kind = p -> p instanceof Purchase ? "purchase"
                : p instanceof io.careerstream.contracts.EmailEngagement ? "email_engagement" : "social_mention";
        return kind.apply(event.getPayload());
    }
}
