package io.careerstream.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapLoader;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A new career map is rolled out to a customer once, at the latest time already evaluated. */
class MapRollOutTest {

    private static final long T0 = Instant.parse("1997-01-01T12:00:00Z").toEpochMilli();
    private static final long DAY = CustomerState.DAY_MS;

    private static CustomerCareer career(CareerMap map) {
        return new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT), map, LookAhead.DEFAULT);
    }

    @Test
    void aStricterLoyaltyRuleMovesALoyalCustomerOnceWithTheNewMapsVersionAndTheRollOutAsTrigger() {
        CareerMap shipped = CareerMapLoader.loadDefault();
        CareerMap stricter = CareerMapLoader.parse(new String(readDefault()).replace("version: \"" + shipped.version() + "\"",
                "version: \"stricter-1\"").replace("purchaseDays >= 4", "purchaseDays >= 6"), "stricter.yaml");
        CustomerCareer before = career(shipped);
        CustomerState s = null;
        for (int i = 0; i < 4; i++) {
            s = before.onTouchpoint(s, new Touchpoint.Purchase("e" + i, "c", T0 + i * 30 * DAY, "o" + i, 1000, "USD", 1,
                    List.of())).state();
        }
        assertThat(s.stage()).isEqualTo("LOYAL");
        CustomerState loyal = s;
        CustomerCareer after = career(stricter);
        assertThat(before.needsRollOut(s)).isFalse();
        assertThat(after.needsRollOut(s)).isTrue();

        CareerOutcome rolled = after.rollOut(s, "c");
        assertThat(rolled.stageChanges()).singleElement().satisfies(change -> {
            assertThat(change.from()).isEqualTo("LOYAL");
            assertThat(change.to()).isEqualTo("ACTIVE");
            assertThat(change.triggeringEventId()).isEqualTo(CustomerCareer.MAP_ROLLOUT);
            assertThat(change.mapVersion()).isEqualTo("stricter-1");
            assertThat(change.at()).as("no time passes").isEqualTo(loyal.evaluatedAt());
        });
        assertThat(rolled.state().evaluatedAt()).isEqualTo(s.evaluatedAt());
        assertThat(after.needsRollOut(rolled.state())).as("once per customer per version").isFalse();
        assertThat(after.rollOut(rolled.state(), "c").stageChanges()).isEmpty();
    }

    private static byte[] readDefault() {
        try (var in = CareerMapLoader.class.getClassLoader().getResourceAsStream(CareerMapLoader.DEFAULT_RESOURCE)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
