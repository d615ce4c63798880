package io.careerstream.domain.map;

import io.careerstream.domain.LookAhead;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.Touchpoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The {@code categories} feature is handed to CEL as a value CEL does not convert (see SmallMap).
 * Every way a condition can read it answers as it does for the same values in plain Java maps,
 * the form CEL converts: indexing, selecting, {@code in}, {@code size}, and a category that is not
 * there (the maps' compiler has no macros besides {@code category}).
 */
class CategoriesAsCelValueTest {

    private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final List<String> NAMES = List.of("coffee", "tea", "mugs", "beans");

    private static final List<String> CONDITIONS = List.of(
            "category(\"coffee\").purchaseDays >= 3 && category(\"coffee\").meanIntervalDays <= 10.0",
            "category(mainCategory).spend > 20.0",
            "category(\"tea\").daysSinceLastPurchase > 5.0",
            "category(\"mugs\").intervalCv < 0.5",
            "\"coffee\" in categories",
            "\"spend\" in category(\"coffee\")",
            "size(categories) >= 2",
            "categories == {\"coffee\": category(\"coffee\")}",
            "size(category(\"beans\")) == 5",
            "categories[\"coffee\"][\"purchaseDays\"] >= 2.0",
            "categories.coffee.purchaseDays >= 2.0",
            "mainCategory != \"\" && category(mainCategory).purchaseDays >= 2");

    private static final CareerMap MAP = map();

    private static CareerMap map() {
        StringBuilder yaml = new StringBuilder("version: \"t\"\nfeatures: [categories, mainCategory]\nstages:\n");
        for (int i = 0; i < CONDITIONS.size(); i++) {
            yaml.append("  - id: C").append(i).append("\n    when: '").append(CONDITIONS.get(i))
                    .append("'\n    action: X\n");
        }
        yaml.append("  - {id: OTHER, when: \"true\", action: X}\n");
        return CareerMapLoader.parse(yaml.toString(), "categories.yaml");
    }

    @Test
    void everyFormOfConditionAnswersAsForPlainMaps() {
        CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT), MAP,
                new LookAhead(Duration.ofHours(6), Duration.ofDays(365)));
        List<Boolean> answers = new ArrayList<>();
        qt().withFixedSeed(20261128L).withExamples(300)
                .forAll(lists().of(integers().between(0, 4 * 40 - 1)).ofSizeBetween(0, 12))
                .checkAssert(purchases -> {
                    CustomerState s = null;
                    long at = T0;
                    for (int i = 0; i < purchases.size(); i++) {
                        int p = purchases.get(i);
                        at += (p / 4) * DAY / 4; // 0 to 10 days later
                        Touchpoint t = new Touchpoint.Purchase("p" + i, "c", at, "o" + i, 500 + 100L * (p % 7), "USD", 1,
                                List.of(NAMES.get(p % 4)));
                        s = career.onTouchpoint(s, t).state();
                    }
                    CustomerState state = s == null ? CustomerState.empty() : s;
                    Map<String, Object> features = MAP.features(
                            new CustomerFeature.Context(state, at + 3 * DAY, career.churnMaths()));
                    Map<String, Object> plain = plainCopy(features);
                    for (CareerMap.Rule rule : MAP.stages()) {
                        boolean asCelValue = rule.compiled().evaluate(features);
                        assertThat(asCelValue).as("%s with %s", rule.condition(), plain)
                                .isEqualTo(rule.compiled().evaluate(plain));
                        answers.add(asCelValue);
                    }
                });
        assertThat(answers).as("the conditions are not all of one answer").contains(true, false);
    }

    private static Map<String, Object> plainCopy(Map<String, Object> features) {
        Map<String, Object> plain = new HashMap<>();
        plain.put("mainCategory", features.get("mainCategory"));
        Map<String, Map<String, Double>> categories = new HashMap<>();
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Double>> given = (Map<String, Map<String, Double>>) features.get("categories");
        given.forEach((name, fields) -> categories.put(name, new HashMap<>(fields)));
        assertThat(categories).isEqualTo(given).isNotInstanceOf(SmallMap.class);
        plain.put("categories", categories);
        return plain;
    }
}
