package io.careerstream.domain.map;

import io.careerstream.domain.LookAhead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.domain.ArrivalPolicy;
import io.careerstream.domain.CareerOutcome;
import io.careerstream.domain.CategoryRhythms;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.CustomerStateCodec;
import io.careerstream.domain.DecayedEngagement;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.Touchpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Loyalty per product rhythm and engagement that fades, driven through CustomerCareer. */
class CategoryAndEngagementTest {

    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();

    private static final String COFFEE_MAP = """
            settings: {maxCategories: 3, engagementHalfLifeDays: 30}
            features: [categories, mainCategory, engagement, recentEmailOpens]
            stages:
              - {id: COFFEE_SILENT, when: "category(\\"coffee\\").daysSinceLastPurchase > 30.0", action: WIN_BACK}
              - {id: COFFEE_REGULAR, when: "category(\\"coffee\\").meanIntervalDays <= 14.0 && category(\\"coffee\\").purchaseDays >= 4", action: REWARD}
              - {id: ENGAGED, when: "engagement >= 2.0", action: NURTURE}
              - {id: OTHER, when: "true", action: NONE}
            """;

    private static CustomerCareer career(String yaml) {
        return new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
                CareerMapLoader.parse("version: \"t\"\n" + yaml, "test.yaml"),
                new LookAhead(Duration.ofHours(6), Duration.ofDays(365)));
    }

    private static Touchpoint purchase(int n, long at, long amountMinor, String... categories) {
        return new Touchpoint.Purchase("p" + n, "c", at, "o" + n, amountMinor, "USD", 1, List.of(categories));
    }

    private static Touchpoint open(int n, long at) {
        return new Touchpoint.EmailEngagement("e" + n, "c", at, Touchpoint.EmailAction.OPEN);
    }

    @Test
    void aWeeklyCoffeeBuyerIsARegularAndTheSilenceInCoffeeComesDueByTheClock() {
        CustomerCareer career = career(COFFEE_MAP);
        CustomerState s = null;
        List<String> path = new ArrayList<>();
        for (int week = 0; week < 5; week++) {
            CareerOutcome o = career.onTouchpoint(s, purchase(week, T0 + week * 7 * DAY, 1200, "coffee", "mugs"));
            o.stageChanges().forEach(c -> path.add(c.to()));
            s = o.state();
        }
        assertThat(path).containsExactly("OTHER", "COFFEE_REGULAR");
        CategoryRhythms.Rhythm coffee = s.categories().find("coffee");
        assertThat(coffee.purchaseDays()).isEqualTo(5);
        assertThat(coffee.meanIntervalDays()).isEqualTo(7.0);
        assertThat(coffee.intervalCv()).isEqualTo(0.0);
        assertThat(coffee.spendMinor() + s.categories().find("mugs").spendMinor()).isEqualTo(s.totalSpendMinor());
        // Silence in coffee: the map reads time, so the timer index brings the change at its moment
        // (30 days after the start of the last coffee day, within the look-ahead's 6 hours).
        long lastCoffeeDayStart = Math.floorDiv(T0 + 4 * 7 * DAY, DAY) * DAY;
        CareerOutcome o = null;
        for (int checks = 0; checks < 20 && (o == null || o.stageChanges().isEmpty()); checks++) {
            o = career.onTimer(s, "c", s.nextCheckAt());
            s = o.state();
        }
        assertThat(o.stageChanges()).singleElement().satisfies(c -> {
            assertThat(c.to()).isEqualTo("COFFEE_SILENT");
            assertThat(c.at()).isBetween(lastCoffeeDayStart + 30 * DAY, lastCoffeeDayStart + 30 * DAY + 6 * 3600_000L);
        });
    }

    @Test
    void onlyTheMostRecentCategoriesAreKept() {
        CustomerCareer career = career(COFFEE_MAP);
        CustomerState s = null;
        String[] bought = {"coffee", "tea", "cups", "filters", "beans"};
        for (int i = 0; i < bought.length; i++) {
            s = career.onTouchpoint(s, purchase(i, T0 + i * DAY, 500, bought[i])).state();
        }
        assertThat(s.categories().size()).isEqualTo(3);
        assertThat(s.categories().find("coffee")).as("bought longest ago: dropped").isNull();
        assertThat(s.categories().find("beans")).isNotNull();
        assertThat(career.decide(s, s.lastTouchpointAt()).stage().id()).as("coffee unknown: no coffee rule holds")
                .isEqualTo("OTHER");
    }

    @Test
    void engagementFadesByHalfEveryHalfLife() {
        CustomerCareer career = career(COFFEE_MAP);
        CustomerState s = career.onTouchpoint(null, open(1, T0)).state();
        s = career.onTouchpoint(s, open(2, T0)).state();
        s = career.onTouchpoint(s, open(3, T0)).state();
        assertThat(career.decide(s, T0).stage().id()).isEqualTo("ENGAGED");
        assertThat(s.engagement().at(DecayedEngagement.Kind.EMAIL_OPEN, T0 + 30 * DAY, 30 * DAY)).isCloseTo(1.5, within(1e-6));
        assertThat(career.decide(s, T0 + 30 * DAY).stage().id()).as("3 opens a half-life ago are 1.5 points").isEqualTo("OTHER");
        assertThat(s.emailOpens()).as("the lifetime count stays").isEqualTo(3);
    }

    @Test
    void decayedCountsEqualTheReferenceSumWhateverTheOrderOfArrival() {
        double halfLife = 30 * DAY;
        // A grace period as long as the history: every order of arrival is accepted.
        CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT),
                CareerMapLoader.parse("version: \"t\"\nsettings: {engagementHalfLifeDays: 30}\n"
                        + "stages: [{id: ANY, when: \"true\", action: NONE}]", "test.yaml"), LookAhead.DEFAULT,
                new ArrivalPolicy(Duration.ofDays(400), 1000, Duration.ofDays(400)));
        qt().withExamples(200).forAll(lists().of(integers().between(0, 400)).ofSizeBetween(1, 30), integers().all())
                .checkAssert((offsetsDays, seed) -> {
                    List<Integer> arrival = new ArrayList<>(offsetsDays);
                    Collections.shuffle(arrival, new Random(seed));
                    CustomerState s = null;
                    for (int i = 0; i < arrival.size(); i++) {
                        s = career.onTouchpoint(s, open(i, T0 + arrival.get(i) * DAY / 3)).state();
                    }
                    long now = T0 + 500 * DAY;
                    double reference = 0;
                    for (int offset : offsetsDays) {
                        reference += Math.pow(0.5, (now - (T0 + offset * DAY / 3)) / halfLife);
                    }
                    assertThat(s.engagement().at(DecayedEngagement.Kind.EMAIL_OPEN, now, halfLife))
                            .isCloseTo(reference, within(1e-4 * Math.max(1, reference)));
                });
    }

    @Test
    void categoriesAndEngagementSurviveTheCodec() {
        CustomerCareer career = career(COFFEE_MAP);
        CustomerState s = null;
        for (int i = 0; i < 6; i++) {
            s = career.onTouchpoint(s, purchase(i, T0 + i * 9 * DAY + i * 3600_000L, 700 + i, "coffee", i % 2 == 0 ? "tea" : "mugs"))
                    .state();
            s = career.onTouchpoint(s, open(i, T0 + i * 9 * DAY + 5000)).state();
        }
        byte[] bytes = CustomerStateCodec.encode(s);
        assertThat(CustomerStateCodec.decode(bytes)).isEqualTo(s);
        CustomerState plain = career.onTouchpoint(null, new Touchpoint.Inquiry("q", "c", T0, Touchpoint.InquiryKind.QUESTION,
                true)).state();
        CustomerState noCategories = career.onTouchpoint(null, purchase(0, T0, 100)).state();
        CustomerState oneCategory = career.onTouchpoint(null, purchase(0, T0, 100, "coffee")).state();
        assertThat(CustomerStateCodec.decode(CustomerStateCodec.encode(plain))).isEqualTo(plain);
        assertThat(CustomerStateCodec.encode(oneCategory).length - CustomerStateCodec.encode(noCategories).length)
                .as("a category costs its name and six small numbers").isEqualTo("coffee".length() + 7);
    }

    @Test
    void aCategoryRhythmRuleIsLookedAheadOnlyWhenItReadsTheCategorysSilence() {
        String rhythmOnly = "version: \"t\"\nstages:\n"
                + "  - {id: A, when: \"category(\\\"tea\\\").meanIntervalDays <= 14.0\", action: X}\n"
                + "  - {id: B, when: \"true\", action: Y}\n";
        assertThat(CareerMapLoader.parse(rhythmOnly, "t.yaml").timeDependent()).isFalse();
        assertThat(CareerMapLoader.parse(rhythmOnly.replace("meanIntervalDays <= 14.0", "daysSinceLastPurchase > 30.0"),
                "t.yaml").timeDependent()).isTrue();
    }

    @Test
    void aMisspeltCategoryFieldOrABadSettingIsRefusedAtLoad() {
        assertThatThrownBy(() -> CareerMapLoader.parse("""
                version: "t"
                stages:
                  - {id: A, when: "category(\\"coffee\\").meanInterval <= 14.0", action: X}
                  - {id: B, when: "true", action: Y}
                """, "bad.yaml"))
                .isInstanceOf(CareerMapException.class)
                .hasMessageContaining("stage 'A'").hasMessageContaining("meanInterval is not a category field");
        assertThatThrownBy(() -> CareerMapLoader.parse("""
                version: "t"
                settings: {engagementHalfLifeDays: 0}
                stages:
                  - {id: B, when: "true", action: Y}
                """, "bad.yaml"))
                .isInstanceOf(CareerMapException.class).hasMessageContaining("settings.engagementHalfLifeDays");
        assertThatThrownBy(() -> CareerMapLoader.parse("""
                version: "t"
                stages:
                  - {id: A, when: "category(\\"coffee\\").purchaseDays >= \\"4\\"", action: X}
                  - {id: B, when: "true", action: Y}
                """, "bad.yaml"))
                .as("type-checked: a double against a string").isInstanceOf(CareerMapException.class);
    }

    @Test
    void mapExplanationShowsTheCategories() {
        CustomerCareer career = career(COFFEE_MAP);
        CustomerState s = career.onTouchpoint(null, purchase(1, T0, 900, "coffee")).state();
        CareerExplanation why = career.explain(s, T0 + DAY);
        assertThat(String.valueOf(((Map<?, ?>) why.features().get("categories")).keySet())).isEqualTo("[coffee]");
    }
}
