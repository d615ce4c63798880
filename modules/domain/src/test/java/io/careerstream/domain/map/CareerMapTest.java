package io.careerstream.domain.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CareerMapTest {

    private static final String HEADER = "version: \"t1\"\n";

    private static CareerMap parse(String yaml) {
        return CareerMapLoader.parse(HEADER + yaml, "test-map.yaml");
    }

    private static Map<String, Object> customer(Object... pairs) {
        Map<String, Object> base = new HashMap<>();
        for (CustomerFeature f : CustomerFeature.values()) {
            base.put(f.featureName(), f.neutralValue());
        }
        base.put("hasPurchased", true);
        for (int i = 0; i < pairs.length; i += 2) {
            base.put((String) pairs[i], pairs[i + 1]);
        }
        return base;
    }

    @Test
    void theDefaultMapLoadsAndDecidesStageTrackAndDoNotContact() {
        CareerMap map = CareerMapLoader.loadDefault();
        assertThat(map.version()).isNotBlank();
        assertThat(map.stages()).extracting(CareerMap.Rule::id)
                .containsExactly("PROSPECT", "LAPSED", "AT_RISK", "REACTIVATED", "LOYAL", "ACTIVE", "NEW");

        CareerMap.Decision loyal = map.evaluate(customer("purchaseDays", 5L, "meanIntervalDays", 30.0, "referrals", 1L));
        assertThat(loyal.stage().id()).isEqualTo("LOYAL");
        assertThat(loyal.trackId()).isEqualTo("AMBASSADOR");
        assertThat(CareerMap.evidence(loyal.stage().reads(), customer("purchaseDays", 5L, "meanIntervalDays", 30.0)))
                .containsOnlyKeys("purchaseDays", "meanIntervalDays", "categories", "mainCategory");

        // With categories, loyalty is judged in the main product line.
        java.util.function.Function<Double, Map<String, Map<String, Double>>> rock = days -> Map.of("rock", Map.of(
                "purchaseDays", days, "meanIntervalDays", 20.0, "intervalCv", 0.1, "daysSinceLastPurchase", 1.0, "spend", 50.0));
        assertThat(map.evaluate(customer("purchaseDays", 9L, "meanIntervalDays", 10.0, "mainCategory", "rock",
                "categories", rock.apply(4.0))).stage().id()).isEqualTo("LOYAL");
        assertThat(map.evaluate(customer("purchaseDays", 9L, "meanIntervalDays", 10.0, "mainCategory", "rock",
                "categories", rock.apply(3.0))).stage().id()).as("frequent, but no line bought on 4 days").isEqualTo("ACTIVE");

        CareerMap.Decision complaining = map.evaluate(customer("purchaseDays", 5L, "openComplaints", 1L, "unsubscribed", true));
        assertThat(complaining.stage().id()).isEqualTo("AT_RISK");
        assertThat(complaining.doNotContactReasons()).containsExactly("UNSUBSCRIBED", "OPEN_COMPLAINT");
        assertThat(complaining.action(complaining.stage())).isEqualTo("NO_CONTACT");

        CareerMap.Decision quiet = map.evaluate(customer("purchaseDays", 3L, "meanIntervalDays", 90.0));
        assertThat(quiet.stage().id()).isEqualTo("ACTIVE");
        assertThat(quiet.trackId()).isEqualTo("HABITUAL");
        assertThat(quiet.action(quiet.stage())).isEqualTo("CROSS_SELL");
    }

    @Test
    void onlyTheFeaturesTheMapReadsAreComputedAndTimeDependenceIsKnown() {
        CareerMap map = CareerMapLoader.loadDefault();
        // P(alive) is only evidence in the default map: the decision does not depend on it, so no look-ahead.
        assertThat(map.usedFeatures()).contains(CustomerFeature.SILENCE_LEVEL).doesNotContain(CustomerFeature.PROBABILITY_ALIVE);
        assertThat(map.timeDependent()).isFalse();
        assertThat(map.stage("LAPSED").reads()).contains("probabilityAlive", "silenceLevel");
        CareerMap timed = parse("""
                stages:
                  - {id: QUIET, when: "daysSinceLastPurchase > 30.0", action: NUDGE}
                  - {id: OTHER, when: "true", action: NONE}
                """);
        assertThat(timed.timeDependent()).isTrue();
    }

    @Test
    void unknownFeatureIsNamedWithTheRuleAndTheExpression() {
        assertThatThrownBy(() -> parse("""
                stages:
                  - {id: BIG, when: "lifetimeValue > 100.0", action: VIP}
                  - {id: OTHER, when: "true", action: NONE}
                """)).isInstanceOf(CareerMapException.class)
                .hasMessageContaining("test-map.yaml").hasMessageContaining("stage 'BIG'")
                .hasMessageContaining("lifetimeValue > 100.0").hasMessageContaining("undeclared reference");
        assertThatThrownBy(() -> parse("""
                features: [purchaseDays, lifetimeValue]
                stages:
                  - {id: OTHER, when: "true", action: NONE}
                """)).hasMessageContaining("unknown feature 'lifetimeValue'");
    }

    @Test
    void aFeatureNotDeclaredInTheMapCannotBeUsed() {
        assertThatThrownBy(() -> parse("""
                features: [purchaseDays]
                stages:
                  - {id: A, when: "referrals > 1", action: X}
                  - {id: OTHER, when: "true", action: NONE}
                """)).hasMessageContaining("stage 'A'").hasMessageContaining("referrals");
    }

    @Test
    void typeErrorsAreCaughtAtLoadTime() {
        assertThatThrownBy(() -> parse("""
                stages:
                  - {id: A, when: "purchaseDays >= 'four'", action: X}
                  - {id: B, when: "purchaseDays + 1", action: X}
                  - {id: OTHER, when: "true", action: NONE}
                """)).isInstanceOfSatisfying(CareerMapException.class, e -> {
                    assertThat(e.problems()).hasSize(2);
                    assertThat(e.problems().get(0)).contains("stage 'A'", "purchaseDays >= 'four'");
                    assertThat(e.problems().get(1)).contains("stage 'B'", "purchaseDays + 1");
                });
    }

    @Test
    void duplicateIdsAreRefused() {
        assertThatThrownBy(() -> parse("""
                stages:
                  - {id: A, when: "purchaseDays > 1", action: X}
                  - {id: A, when: "purchaseDays > 2", action: X}
                  - {id: OTHER, when: "true", action: NONE}
                tracks:
                  - {id: T, when: "referrals > 0"}
                  - {id: T, when: "referrals > 1"}
                """)).hasMessageContaining("stage 'A': duplicate id").hasMessageContaining("track 'T': duplicate id");
    }

    @Test
    void unreachableStagesAreRefused() {
        assertThatThrownBy(() -> parse("""
                stages:
                  - {id: EVERYONE, when: "true", action: X}
                  - {id: NEVER, when: "purchaseDays > 2", action: X}
                """)).hasMessageContaining("stage 'NEVER': unreachable, stage 'EVERYONE' before it always holds");
    }

    @Test
    void aMissingDefaultStageIsRefused() {
        assertThatThrownBy(() -> parse("""
                stages:
                  - {id: A, when: "purchaseDays > 1", action: X}
                """)).hasMessageContaining("stage 'A': the last stage must be the default");
    }

    @Test
    void misspeltKeysAndMissingPartsAreRefused() {
        assertThatThrownBy(() -> parse("""
                stages:
                  - {id: A, wen: "true", action: X}
                """)).hasMessageContaining("wen");
        assertThatThrownBy(() -> parse("""
                features: [purchaseDays]
                stages:
                  - {id: A, when: "true", action: X, evidence: [probabilityAlive]}
                """)).hasMessageContaining("stage 'A': evidence names 'probabilityAlive'");
        assertThatThrownBy(() -> CareerMapLoader.parse("stages: []", "no-version.yaml"))
                .hasMessageContaining("version: required").hasMessageContaining("at least one stage");
    }
}
