package io.careerstream.app.ingest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** CSV rows read by Jackson's CSV dataformat (RFC 4180 quoting, quoted line breaks), one array of values at a time. */
final class CsvRows implements RowReader {

    private final MappingIterator<String[]> rows;
    private final List<String> names;
    private final Map<String, Integer> index;

    CsvRows(InputStream in, ImportMapping mapping) throws IOException {
        CsvMapper mapper = new CsvMapper();
        mapper.enable(CsvParser.Feature.WRAP_AS_ARRAY);
        mapper.enable(CsvParser.Feature.SKIP_EMPTY_LINES);
        // The import reads the file to its end itself, for the ledger's digest.
        mapper.disable(com.fasterxml.jackson.core.JsonParser.Feature.AUTO_CLOSE_SOURCE);
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(mapping.separator());
        rows = mapper.readerFor(String[].class).with(schema).readValues(in);
        if (mapping.header()) {
            String[] header = rows.hasNextValue() ? rows.nextValue() : new String[0];
            names = Arrays.stream(header).map(h -> h.strip().replace("\uFEFF", "")).toList();
        } else {
            names = mapping.columns();
        }
        index = HeaderRow.index(names);
    }

    @Override
    public Row next() throws IOException {
        long line = rows.getParser().currentLocation().getLineNr();
        if (!rows.hasNextValue()) {
            return null;
        }
        String[] values = rows.nextValue();
        if (values.length == 1 && values[0].isBlank()) {
            return next(); // an empty line
        }
        if (values.length != names.size()) {
            throw new Malformed(line, values.length + " values where the header has " + names.size() + " columns");
        }
        return new HeaderRow(line, index, values);
    }

    @Override
    public void close() throws IOException {
        rows.close();
    }
}
