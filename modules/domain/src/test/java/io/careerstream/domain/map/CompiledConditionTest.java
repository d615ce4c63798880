package io.careerstream.domain.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The memory of answers never changes an answer: over long runs of customers through one map (so
 * that slots are reused and overwritten), every condition answers as a fresh evaluation does.
 */
class CompiledConditionTest {

    private static final CareerMap MAP = CareerMapLoader.loadDefault();
    private static final List<String> LEVELS = List.of("NONE", "AT_RISK", "LAPSED");

    @Test
    void rememberedAnswersAreTheAnswersOfAFreshEvaluation() {
        qt().withFixedSeed(20261128L).withExamples(200).forAll(lists().of(customers()).ofSizeBetween(1, 300))
                .checkAssert(customers -> {
                    for (Map<String, Object> features : customers) {
                        for (CompiledCondition c : conditions()) {
                            assertThat(c.holds(features)).as("%s", features).isEqualTo(c.evaluate(features));
                        }
                    }
                });
    }

    @Test
    void aRememberedAnswerIsReusedOnlyForTheSameValues() {
        CompiledCondition loyal = MAP.stage("LOYAL").compiled();
        Map<String, Object> features = customer(5, 30.0, 0, false, "NONE");
        assertThat(loyal.holds(features)).isTrue();
        features.put("meanIntervalDays", 61.0);
        assertThat(loyal.holds(features)).isFalse();
        features.put("meanIntervalDays", 30.0);
        assertThat(loyal.holds(features)).isTrue();
    }

    private static List<CompiledCondition> conditions() {
        List<CompiledCondition> all = new ArrayList<>();
        MAP.stages().forEach(r -> all.add(r.compiled()));
        MAP.tracks().forEach(r -> all.add(r.compiled()));
        MAP.doNotContactRules().forEach(d -> all.add(d.compiled()));
        return all;
    }

    private static Gen<Map<String, Object>> customers() {
        return integers().between(0, 8).zip(doubles().between(0, 120), integers().between(0, 3), booleans().all(),
                integers().between(0, 2), (days, interval, complaints, negative, level) ->
                        customer(days, interval, complaints, negative, LEVELS.get(level)));
    }

    private static Map<String, Object> customer(int purchaseDays, double meanInterval, int complaints, boolean negative,
                                                String level) {
        Map<String, Object> base = new HashMap<>();
        for (CustomerFeature f : CustomerFeature.values()) {
            base.put(f.featureName(), f.neutralValue());
        }
        base.put("hasPurchased", purchaseDays > 0);
        base.put("purchaseDays", (long) purchaseDays);
        base.put("purchases", (long) purchaseDays);
        base.put("meanIntervalDays", meanInterval);
        base.put("openComplaints", (long) complaints);
        base.put("lastMentionNegative", negative);
        base.put("silenceLevel", level);
        base.put("praises", (long) (purchaseDays % 2));
        base.put("emailClicks", (long) (purchaseDays % 3));
        base.put("referrals", (long) (complaints % 2));
        return base;
    }
}
