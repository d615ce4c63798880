package io.careerstream.domain.map;

import io.careerstream.domain.LookAhead;
import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.Touchpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example maps in config/examples load, and decide as their comments say. */
class ExampleMapsTest {

    private static final Path EXAMPLES = Path.of("..", "..", "config", "examples");
    private static final long T0 = Instant.parse("2024-01-08T09:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void everyExampleMapIsValid() throws IOException {
        List<Path> maps;
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            // Beside the maps: the column mappings of careerstream import (NAME.import.yaml), not maps.
            maps = files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().endsWith(".import.yaml")).toList();
        }
        assertThat(maps).hasSizeGreaterThanOrEqualTo(2);
        maps.forEach(map -> assertThat(CareerMapLoader.load(map).stages()).as(map.toString()).isNotEmpty());
    }

    @Test
    void aWeeklyCoffeeSubscriberIsARegularAndThreeWeeksWithoutCoffeeIsAWarning() {
        CustomerCareer career = career("coffee-subscription.yaml");
        CustomerState s = null;
        for (int week = 0; week < 5; week++) {
            s = career.onTouchpoint(s, purchase(week, T0 + week * 7 * DAY, "coffee", "milk")).state();
        }
        assertThat(s.stage()).isEqualTo("REGULAR");
        long lastPurchase = T0 + 28 * DAY;
        assertThat(career.decide(s, lastPurchase + 20 * DAY).stage().id()).isEqualTo("REGULAR");
        assertThat(career.decide(s, lastPurchase + 22 * DAY).stage().id()).isEqualTo("AT_RISK");
        assertThat(career.decide(s, lastPurchase + 43 * DAY).stage().id()).isEqualTo("LAPSED");
    }

    @Test
    void aSecondApplianceWithinThreeYearsIsLoyaltyAndFiveQuietYearsMeanReplacement() {
        CustomerCareer career = career("appliance-maker.yaml");
        CustomerState once = career.onTouchpoint(null, purchase(1, T0, "washer")).state();
        assertThat(once.stage()).isEqualTo("OWNER");
        CustomerState twice = career.onTouchpoint(once, purchase(2, T0 + 900 * DAY, "dryer")).state();
        assertThat(twice.stage()).isEqualTo("LOYAL");
        CustomerState late = career.onTouchpoint(once, purchase(3, T0 + 1200 * DAY, "dryer")).state();
        assertThat(late.stage()).as("the second after more than three years").isEqualTo("OWNER");
        assertThat(career.decide(once, T0 + 1826 * DAY).stage().id()).isEqualTo("REPLACEMENT_DUE");
    }

    private static CustomerCareer career(String file) {
        return new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT), CareerMapLoader.load(EXAMPLES.resolve(file)),
                LookAhead.DEFAULT);
    }

    private static Touchpoint purchase(int n, long at, String... categories) {
        return new Touchpoint.Purchase("p" + n, "c", at, "o" + n, 450, "USD", 1, List.of(categories));
    }
}
