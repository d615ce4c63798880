package io.careerstream.app.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** JSON Lines: one object per line; a column is a field name, or a dotted path into nested objects. */
final class JsonLinesRows implements RowReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader in;
    private long line;

    JsonLinesRows(InputStream stream) {
        in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
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
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Malformed(line, "not JSON: " + e.getOriginalMessage());
        }
        if (!node.isObject()) {
            throw new Malformed(line, "not a JSON object");
        }
        return new JsonRow(line, node);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private record JsonRow(long line, JsonNode node) implements Row {

        @Override
        public String value(String column) {
            JsonNode v = find(column);
            if (v == null || v.isNull() || v.isMissingNode() || v.isContainerNode()) {
                return null;
            }
            String text = v.asText();
            return text.isBlank() ? null : text;
        }

        @Override
        public List<String> values(String column) {
            JsonNode v = find(column);
            if (v != null && v.isArray()) {
                List<String> out = new ArrayList<>();
                v.forEach(e -> {
                    if (e.isValueNode() && !e.isNull()) {
                        out.add(e.asText());
                    }
                });
                return out;
            }
            return Row.super.values(column);
        }

        /** The field named {@code column}, else the dotted path {@code a.b.c}. */
        private JsonNode find(String column) {
            if (node.has(column)) {
                return node.get(column);
            }
            JsonNode at = node;
            for (String part : column.split("\\.")) {
                at = at.path(part);
            }
            return at;
        }
    }
}
