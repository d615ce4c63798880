package io.careerstream.domain.map;

import dev.cel.common.types.CelType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import io.careerstream.domain.CategoryRhythms;
import java.util.List;
import java.util.Map;

/**
 * What a map reads about one product category: {@code category("coffee").meanIntervalDays}. The
 * {@code category(NAME)} macro reads the {@code categories} feature, a map from category name to
 * these fields; a category the customer never bought (or that was dropped) is absent, and a
 * condition reading it does not hold (an unknown key is an evaluation error, which CareerMap
 * treats as false). Test for it with {@code "coffee" in categories}.
 */
final class CategoryFields {

    static final String PURCHASE_DAYS = "purchaseDays";
    static final String MEAN_INTERVAL_DAYS = "meanIntervalDays";
    static final String INTERVAL_CV = "intervalCv";
    static final String DAYS_SINCE_LAST_PURCHASE = "daysSinceLastPurchase";
    static final String SPEND = "spend";
    static final List<String> NAMES = List.of(PURCHASE_DAYS, MEAN_INTERVAL_DAYS, INTERVAL_CV, DAYS_SINCE_LAST_PURCHASE, SPEND);

    /** {@link #NAMES} in the order of the values {@link #of} gives. */
    private static final String[] FIELDS = NAMES.toArray(String[]::new);
    private static final CelType FIELDS_TYPE = MapType.create(SimpleType.STRING, SimpleType.DOUBLE);

    private static final double DAY_MS = 86_400_000.0;

    private CategoryFields() {
    }

    /**
     * Every kept category's fields at {@code context.now()}: mean interval and its coefficient of
     * variation are NaN until there are two (three) purchase days, which no comparison satisfies;
     * days since the last purchase count from the start of that UTC day; spend in currency units.
     */
    static Map<String, Map<String, Double>> of(CustomerFeature.Context context) {
        CategoryRhythms rhythms = context.state().categories();
        String[] names = new String[rhythms.size()];
        @SuppressWarnings("unchecked")
        Map<String, Double>[] categories = new Map[rhythms.size()];
        for (int i = 0; i < rhythms.size(); i++) {
            CategoryRhythms.Rhythm r = rhythms.get(i);
            names[i] = r.name();
            categories[i] = new SmallMap<>(FIELDS_TYPE, FIELDS, new Double[] {
                    (double) r.purchaseDays(),
                    r.meanIntervalDays(),
                    r.intervalCv(),
                    (context.now() - r.lastDay() * DAY_MS) / DAY_MS,
                    context.churn().money().toMajor(r.spendMinor())});
        }
        return new SmallMap<>(CustomerFeature.CATEGORIES.type(), names, categories);
    }
}
