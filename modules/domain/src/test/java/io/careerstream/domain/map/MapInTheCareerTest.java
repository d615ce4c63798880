package io.careerstream.domain.map;

import io.careerstream.domain.LookAhead;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.domain.CareerOutcome;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.StageChange;
import io.careerstream.domain.Touchpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hysteresis and time-dependent conditions of a career map, driven through CustomerCareer. */
class MapInTheCareerTest {

    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private static CustomerCareer career(String yaml) {
        return new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
                CareerMapLoader.parse("version: \"t\"\n" + yaml, "test.yaml"),
                new LookAhead(Duration.ofHours(1), Duration.ofDays(365)));
    }

    private static Touchpoint mention(int n, long at, Touchpoint.Sentiment sentiment) {
        return new Touchpoint.SocialMention("m" + n, "c", at, sentiment, 1, false);
    }

    @Test
    void aMinimumDwellKeepsACustomerFromFlappingBetweenTwoStages() {
        CustomerCareer career = career("""
                stages:
                  - {id: WATCH, when: "lastMentionNegative", action: LISTEN, minDwellDays: 10}
                  - {id: FINE, when: "true", action: NONE}
                """);
        List<String> path = new ArrayList<>();
        CustomerState s = null;
        for (int day = 0; day < 9; day++) {
            var sentiment = day % 2 == 0 ? Touchpoint.Sentiment.NEGATIVE : Touchpoint.Sentiment.POSITIVE;
            CareerOutcome o = career.onTouchpoint(s, mention(day, T0 + day * DAY, sentiment));
            o.stageChanges().forEach(c -> path.add(c.to()));
            s = o.state();
        }
        // Without the dwell this would be WATCH, FINE, WATCH, FINE, ...
        assertThat(path).containsExactly("WATCH");
        assertThat(s.nextCheckAt()).isEqualTo(0); // last mention (day 8) negative: WATCH is right, nothing to wait for

        CareerOutcome calm = career.onTouchpoint(s, mention(99, T0 + 9 * DAY, Touchpoint.Sentiment.POSITIVE));
        assertThat(calm.stageChanges()).isEmpty();
        assertThat(calm.state().nextCheckAt()).isEqualTo(T0 + 10 * DAY);
        CareerOutcome later = career.onTimer(calm.state(), "c", T0 + 10 * DAY);
        assertThat(later.stageChanges()).singleElement().satisfies(c -> {
            assertThat(c.to()).isEqualTo("FINE");
            assertThat(c.triggeringEventId()).isEqualTo(CustomerCareer.TIMER);
            assertThat(c.at()).isEqualTo(T0 + 10 * DAY);
        });
    }

    @Test
    void aTimeDependentConditionFiresWithinTheGranularityOfBecomingTrue() {
        CustomerCareer career = career("""
                stages:
                  - {id: QUIET, when: "daysSinceLastTouchpoint > 30.0", action: NUDGE}
                  - {id: AROUND, when: "true", action: NONE}
                tracks:
                  - {id: LONG_QUIET, when: "daysSinceLastTouchpoint > 100.0", action: CALL}
                """);
        CareerOutcome first = career.onTouchpoint(null, mention(1, T0, Touchpoint.Sentiment.NEUTRAL));
        long due = first.state().nextCheckAt();
        assertThat(due).isBetween(T0 + 30 * DAY, T0 + 30 * DAY + Duration.ofHours(1).toMillis());

        CareerOutcome quiet = career.onTimer(first.state(), "c", due);
        assertThat(quiet.stageChanges()).extracting(StageChange::to).containsExactly("QUIET");
        long trackDue = quiet.state().nextCheckAt();
        assertThat(trackDue).isBetween(T0 + 100 * DAY, T0 + 100 * DAY + Duration.ofHours(1).toMillis());
        CareerOutcome track = career.onTimer(quiet.state(), "c", trackDue);
        assertThat(track.stageChanges()).singleElement().satisfies(c -> {
            assertThat(c.dimension()).isEqualTo(StageChange.Dimension.TRACK);
            assertThat(c.from()).isEqualTo(CareerMap.NO_TRACK);
            assertThat(c.to()).isEqualTo("LONG_QUIET");
            assertThat(c.evidence()).containsKey("daysSinceLastTouchpoint");
            assertThat(c.mapVersion()).isEqualTo("t");
        });
    }
}
