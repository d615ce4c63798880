package io.careerstream.app.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Rows whose values are separated by runs of blanks (spaces, tabs), without quoting: CDNOW's log and its kind. */
final class BlankSeparatedRows implements RowReader {

    private static final Pattern BLANKS = Pattern.compile("\\s+");

    private final BufferedReader in;
    private final List<String> names;
    private final Map<String, Integer> index;
    private long line;

    BlankSeparatedRows(InputStream stream, ImportMapping mapping) throws IOException {
        in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        if (mapping.header()) {
            String header = in.readLine();
            line = 1;
            names = header == null ? List.of() : Arrays.asList(split(header));
        } else {
            names = mapping.columns();
        }
        index = HeaderRow.index(names);
    }

    @Override
    public Row next() throws IOException {
        String text;
        do {
            text = in.readLine();
            line++;
            if (text == null) {
                return null;
            }
        } while (text.isBlank());
        String[] values = split(text);
        if (values.length != names.size()) {
            throw new Malformed(line, values.length + " values where the header has " + names.size() + " columns");
        }
        return new HeaderRow(line, index, values);
    }

    private static String[] split(String text) {
        return BLANKS.split(text.strip());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
