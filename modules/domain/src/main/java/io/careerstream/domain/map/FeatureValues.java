package io.careerstream.domain.map;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The values of a map's features for one customer at one moment, each computed when first asked
 * for and then kept. The conditions stop at the first rule that holds and short-circuit inside a
 * condition, so most evaluations read a handful of features; computing every feature up front
 * (P(alive), expected purchases by a hypergeometric series, silence crossings) cost more than the
 * conditions. A feature the map does not compute reads as absent, as from a plain map.
 */
final class FeatureValues extends AbstractMap<String, Object> {

    private final Set<CustomerFeature> computed;
    private final CustomerFeature.Context context;
    private final Object[] values = new Object[CustomerFeature.values().length];

    FeatureValues(Set<CustomerFeature> computed, CustomerFeature.Context context) {
        this.computed = computed;
        this.context = context;
    }

    @Override
    public Object get(Object key) {
        if (!(key instanceof String name)) {
            return null;
        }
        CustomerFeature feature = CustomerFeature.byName(name).orElse(null);
        return feature == null || !computed.contains(feature) ? null : value(feature);
    }

    /** {@link #get(Object)} without the lookup by name: the decision's conditions know their features. */
    Object get(CustomerFeature feature) {
        return computed.contains(feature) ? value(feature) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && CustomerFeature.byName(name).filter(computed::contains).isPresent();
    }

    private Object value(CustomerFeature feature) {
        Object v = values[feature.ordinal()];
        if (v == null) {
            v = feature.valueFor(context);
            values[feature.ordinal()] = v;
        }
        return v;
    }

    /** Every computed feature, all computed now (for explaining a decision). */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (CustomerFeature f : computed) {
            all.put(f.featureName(), value(f));
        }
        return all.entrySet();
    }
}
