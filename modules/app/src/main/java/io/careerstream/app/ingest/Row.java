package io.careerstream.app.ingest;

import java.util.List;

/** One row of an import file: its line number (the first line of the row) and its values by column. */
public interface Row {

    /** Line of the file the row starts on, counted from 1 (a header is line 1). */
    long line();

    /** The value of {@code column} as text, or null when the row has no such column or it is empty. */
    String value(String column);

    /**
     * The values of {@code column} when it holds several (a JSON array); otherwise the one value,
     * or none.
     */
    default List<String> values(String column) {
        String v = value(column);
        return v == null ? List.of() : List.of(v);
    }
}
