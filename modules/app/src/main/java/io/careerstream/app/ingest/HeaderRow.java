package io.careerstream.app.ingest;

import java.util.List;
import java.util.Map;

/** A row of a file with named columns (CSV, blank-separated): its values by the header's column index. */
record HeaderRow(long line, Map<String, Integer> index, String[] values) implements Row {

    /** Column names to positions; the first of two columns with the same name wins. */
    static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> index = new java.util.HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.putIfAbsent(names.get(i).strip(), i);
        }
        return index;
    }

    @Override
    public String value(String column) {
        Integer i = index.get(column);
        if (i == null || i >= values.length || values[i] == null || values[i].isBlank()) {
            return null;
        }
        return values[i];
    }
}
