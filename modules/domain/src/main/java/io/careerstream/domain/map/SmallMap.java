package io.careerstream.domain.map;

import dev.cel.common.types.CelType;
import dev.cel.common.values.CelValue;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map of a few string keys, its entries in one array, in the order given; a lookup
 * compares keys one by one.
 *
 * <p>Why by hand, not a HashMap or Guava's ImmutableMap: CEL converts every value it is handed
 * into its own representation on every access, and for a map that means walking all its entries
 * and those of the maps inside it, two to four times per access; it leaves a {@link CelValue} as
 * it is. So this map is a CelValue too (its {@link #value()} is itself), and CEL indexes and
 * selects in it as in any map without walking it. Besides, the conditions' memory of answers
 * hashes and compares the maps a condition reads: here the hash is computed once, and two maps
 * built in the same order compare entry by entry.
 */
final class SmallMap<V> extends CelValue implements Map<String, V> {

    private final Map.Entry<String, V>[] entries;
    private final CelType type;
    private int hash; // 0: not computed yet (an empty map's hash is 0 anyway)
    private final AbstractMap<String, V> view = new AbstractMap<>() {
        @Override
        public Set<Map.Entry<String, V>> entrySet() {
            return entrySet;
        }
    };
    private final Set<Map.Entry<String, V>> entrySet = new AbstractSet<>() {
        @Override
        public Iterator<Map.Entry<String, V>> iterator() {
            return new Iterator<>() {
                private int next;

                @Override
                public boolean hasNext() {
                    return next < entries.length;
                }

                @Override
                public Map.Entry<String, V> next() {
                    if (next >= entries.length) {
                        throw new NoSuchElementException();
                    }
                    return entries[next++];
                }
            };
        }

        @Override
        public int size() {
            return entries.length;
        }
    };

    /**
     * @param type the map's CEL type, as the career map declares it
     * @param keys distinct, not null
     * @param values not null, one per key
     */
    @SuppressWarnings("unchecked")
    SmallMap(CelType type, String[] keys, V[] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys and " + values.length + " values");
        }
        this.type = type;
        entries = new Map.Entry[keys.length];
        for (int i = 0; i < keys.length; i++) {
            entries[i] = Map.entry(keys[i], values[i]);
        }
    }

    @Override
    public Object value() {
        return this;
    }

    @Override
    public boolean isZeroValue() {
        return entries.length == 0;
    }

    @Override
    public CelType celType() {
        return type;
    }

    @Override
    public boolean isEmpty() {
        return entries.length == 0;
    }

    @Override
    public boolean containsValue(Object value) {
        return view.containsValue(value);
    }

    @Override
    public Set<String> keySet() {
        return view.keySet();
    }

    @Override
    public Collection<V> values() {
        return view.values();
    }

    @Override
    public V put(String key, V value) {
        throw new UnsupportedOperationException("immutable");
    }

    @Override
    public V remove(Object key) {
        throw new UnsupportedOperationException("immutable");
    }

    @Override
    public void putAll(Map<? extends String, ? extends V> m) {
        throw new UnsupportedOperationException("immutable");
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("immutable");
    }

    @Override
    public String toString() {
        return view.toString();
    }

    @Override
    public int size() {
        return entries.length;
    }

    @Override
    public V get(Object key) {
        for (Map.Entry<String, V> e : entries) {
            if (e.getKey().equals(key)) {
                return e.getValue();
            }
        }
        return null;
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return entrySet;
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof SmallMap<?> other) {
            if (other.entries.length != entries.length || other.hashCode() != hashCode()) {
                return false; // the memory of answers compares maps that share a slot: mostly different ones
            }
            if (Arrays.equals(entries, other.entries)) {
                return true; // the same entries in the same order; otherwise only the order may differ
            }
        }
        return view.equals(o);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = view.hashCode();
            hash = h;
        }
        return h;
    }
}
