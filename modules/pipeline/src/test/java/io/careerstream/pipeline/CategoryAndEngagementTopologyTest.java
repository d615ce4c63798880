package io.careerstream.pipeline;

import io.careerstream.pipeline.config.CurrencySettings;
import io.careerstream.pipeline.config.CareerMapSettings;
import static io.careerstream.pipeline.Touchpoints.email;
import static io.careerstream.pipeline.Touchpoints.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.StageTransition;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coffee-subscription example map (config/examples) in the topology: a weekly coffee buyer
 * becomes a REGULAR, is warned after three weeks without coffee by the timer index alone, and an
 * engaged regular joins the ENTHUSIAST track until the engagement fades.
 */
class CategoryAndEngagementTopologyTest {

    private static final Instant T0 = Instant.parse("2024-01-08T09:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    @TempDir
    Path stateDir;

    @Test
    void aWeeklyCoffeeBuyerIsRegularThenWarnedBySilenceInCoffeeAndEngagementFades() {
        Map<String, Object> settings = Map.of(CareerMapSettings.CAREER_MAP, "../../config/examples/coffee-subscription.yaml",
                CurrencySettings.REPORTING, "EUR"); // a coffee shop that sells in euros
        try (TopologyFixture fixture = new TopologyFixture(stateDir, settings)) {
            TestOutputTopic<String, StageTransition> transitions = fixture.output(fixture.topics.transitions(),
                    StageTransition.class);
            for (int week = 0; week < 5; week++) {
                Instant at = T0.plus(DAY.multipliedBy(7L * week));
                fixture.send(event("c1", at, "pos", new Purchase("o" + week, 450L, "EUR", 1, List.of("coffee", "milk"))));
                fixture.send(email("c1", at.plusSeconds(60), EmailAction.OPEN));
                fixture.send(email("c1", at.plusSeconds(120), EmailAction.CLICK));
            }
            List<StageTransition> sofar = transitions.readValuesToList();
            assertThat(sofar).filteredOn(t -> t.getDimension().equals("STAGE")).extracting(StageTransition::getTo)
                    .containsExactly("FIRST_TIME", "OCCASIONAL", "REGULAR");
            StageTransition enthusiast = sofar.stream().filter(t -> t.getDimension().equals("TRACK")).findFirst().orElseThrow();
            assertThat(enthusiast.getTo()).isEqualTo("ENTHUSIAST");
            assertThat(enthusiast.getEvidence()).containsKey("engagement");

            // Silence in coffee: only the clock moves; the timer index brings each change at its time.
            Instant lastCoffee = T0.plus(DAY.multipliedBy(28));
            fixture.tick(lastCoffee.plus(DAY.multipliedBy(60)));
            List<StageTransition> later = transitions.readValuesToList();
            assertThat(later).filteredOn(t -> t.getDimension().equals("STAGE"))
                    .extracting(StageTransition::getTo, StageTransition::getTriggeringEventId)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("AT_RISK", "timer"),
                            org.assertj.core.groups.Tuple.tuple("LAPSED", "timer"));
            StageTransition atRisk = later.stream().filter(t -> t.getTo().equals("AT_RISK")).findFirst().orElseThrow();
            long lastCoffeeDayStart = lastCoffee.truncatedTo(java.time.temporal.ChronoUnit.DAYS).toEpochMilli();
            assertThat(atRisk.getAt().toEpochMilli()).isBetween(lastCoffeeDayStart + 21 * DAY.toMillis(),
                    lastCoffeeDayStart + 22 * DAY.toMillis());
            // The opens and clicks fade (half-life 30 days in this map): the track ends by the clock too.
            assertThat(later).filteredOn(t -> t.getDimension().equals("TRACK")).extracting(StageTransition::getTo)
                    .containsExactly("NONE");
        }
    }
}
