package io.careerstream.app.ingest;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * The rows of an import file, one at a time: whatever the file's size, only the current row is
 * held. A row that is broken in itself (not JSON, another number of columns than the header) is
 * reported as {@link Malformed} with its line, and reading goes on with the next.
 */
public interface RowReader extends Closeable {

    /**
     * The next row, or null at the end of the file.
     *
     * @throws Malformed for a broken row (the next call reads the one after it)
     * @throws IOException when the file cannot be read, or is broken beyond one row (a CSV quote never closed)
     */
    Row next() throws IOException;

    /** Opens the rows of {@code in} as {@code mapping} says the file is written. */
    static RowReader open(InputStream in, ImportMapping mapping) throws IOException {
        return switch (mapping.format()) {
            case CSV -> new CsvRows(in, mapping);
            case JSONL -> new JsonLinesRows(in);
            case COLUMNS -> new BlankSeparatedRows(in, mapping);
        };
    }

    /** A row that is broken in itself. */
    final class Malformed extends RuntimeException {
        private final long line;

        public Malformed(long line, String message) {
            super(message, null, false, false);
            this.line = line;
        }

        public long line() {
            return line;
        }
    }
}
