package io.careerstream.app.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the rows of one kind of export become touchpoints: the file's format and, for each field of
 * the TouchpointEvent contract, where its value comes from ({@link FieldSpec}). Read from a small
 * YAML file beside the export (examples in config/examples/*.import.yaml); everything is checked
 * when it is read, with a message that names the entry, so a mistake in the mapping stops the
 * import before a row is sent.
 */
public record ImportMapping(Format format, char separator, boolean header, List<String> columns,
                            Map<String, FieldSpec> fields) {

    /** How the file's rows are written. */
    public enum Format {
        /** Comma-separated (or {@code separator}) values, RFC 4180 quoting; column names from the header row. */
        CSV,
        /** One JSON object per line; a column is a field name, or a dotted path into nested objects. */
        JSONL,
        /** Values separated by runs of blanks, no quoting (fixed-width logs such as CDNOW's). */
        COLUMNS
    }

    /** Fields every touchpoint has. */
    static final Set<String> COMMON = Set.of("kind", "eventId", "customerId", "alias", "occurredAt", "channel");
    /** The payload's fields, by kind. */
    static final Map<String, Set<String>> PAYLOAD = Map.of(
            "PURCHASE", Set.of("orderId", "amount", "currency", "itemCount", "categories"),
            "INQUIRY", Set.of("inquiryKind", "topic", "resolved"),
            "SOCIAL_MENTION", Set.of("platform", "sentiment", "reach", "referral"),
            "EMAIL_ENGAGEMENT", Set.of("campaignId", "action", "variant", "heldOut"));
    /** Fields a touchpoint of each kind cannot do without (the others have defaults). */
    static final Map<String, Set<String>> REQUIRED = Map.of(
            "PURCHASE", Set.of("orderId", "amount", "currency"),
            "INQUIRY", Set.of("inquiryKind"),
            "SOCIAL_MENTION", Set.of("sentiment"),
            "EMAIL_ENGAGEMENT", Set.of("action"));
    private static final Set<String> SPEC_KEYS = Set.of("column", "value", "template", "default", "map");
    private static final Set<String> TOP_KEYS = Set.of("format", "separator", "header", "columns", "fields");

    public ImportMapping {
        columns = List.copyOf(columns);
        fields = Map.copyOf(fields);
    }

    /** The mapping that goes with an export by default: {@code orders.csv} → {@code orders.import.yaml} beside it. */
    public static Path besideFile(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".import.yaml");
    }

    /**
     * Reads and checks a mapping file.
     *
     * @throws IllegalArgumentException naming the entry that is wrong
     */
    public static ImportMapping read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new YAMLMapper().readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not YAML: " + e.getOriginalMessage());
        }
        return parse(root);
    }

    static ImportMapping parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a mapping with format and fields");
        }
        unknownKeys(root, TOP_KEYS, "");
        Format format;
        String formatName = root.path("format").asText("");
        try {
            format = Format.valueOf(formatName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("format: '" + formatName + "' is not one of csv, jsonl, columns");
        }
        String separator = root.path("separator").asText(",");
        if (separator.equals("\\t") || separator.equals("tab")) {
            separator = "\t";
        }
        if (separator.length() != 1) {
            throw new IllegalArgumentException("separator: '" + separator + "' must be one character (or tab)");
        }
        List<String> columns = new ArrayList<>();
        root.path("columns").forEach(c -> columns.add(c.asText()));
        boolean header = root.path("header").asBoolean(columns.isEmpty());
        if (format != Format.JSONL && !header && columns.isEmpty()) {
            throw new IllegalArgumentException("header: false needs columns: [names of the columns, in order]");
        }
        JsonNode fieldsNode = root.path("fields");
        if (!fieldsNode.isObject()) {
            throw new IllegalArgumentException("fields: missing (one entry per field of the touchpoint)");
        }
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        Set<String> known = new java.util.TreeSet<>(COMMON);
        PAYLOAD.values().forEach(known::addAll);
        for (Iterator<Map.Entry<String, JsonNode>> it = fieldsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!known.contains(entry.getKey())) {
                throw new IllegalArgumentException("fields." + entry.getKey() + ": not a field of a touchpoint; the fields are "
                        + String.join(", ", known));
            }
            fields.put(entry.getKey(), spec("fields." + entry.getKey(), entry.getValue()));
        }
        for (String required : List.of("kind", "occurredAt")) {
            if (!fields.containsKey(required)) {
                throw new IllegalArgumentException("fields." + required + ": missing");
            }
        }
        if (!fields.containsKey("customerId") && !fields.containsKey("alias")) {
            throw new IllegalArgumentException("fields: customerId or alias (or both) must be mapped");
        }
        FieldSpec kind = fields.get("kind");
        String constantKind = kind.text(NO_ROW);
        if (kind.source().startsWith("value")) {
            if (!PAYLOAD.containsKey(constantKind)) {
                throw new IllegalArgumentException("fields.kind: '" + constantKind + "' is not one of " + PAYLOAD.keySet());
            }
            for (String field : REQUIRED.get(constantKind)) {
                if (!fields.containsKey(field)) {
                    throw new IllegalArgumentException("fields." + field + ": missing (a " + constantKind + " needs it)");
                }
            }
        }
        return new ImportMapping(format, separator.charAt(0), header, columns, fields);
    }

    /** The field's source, or null when the mapping leaves it to its default. */
    public FieldSpec field(String name) {
        return fields.get(name);
    }

    private static FieldSpec spec(String where, JsonNode node) {
        if (node.isValueNode()) {
            return new FieldSpec(node.asText(), null, null, null, Map.of(), Map.of());
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a column name or {column|value|template: ...}");
        }
        int sources = (node.has("column") ? 1 : 0) + (node.has("value") ? 1 : 0) + (node.has("template") ? 1 : 0);
        if (sources != 1) {
            throw new IllegalArgumentException(where + ": exactly one of column, value, template");
        }
        Map<String, String> translation = new TreeMap<>();
        JsonNode map = node.path("map");
        if (!map.isMissingNode()) {
            if (!map.isObject()) {
                throw new IllegalArgumentException(where + ".map: expected {file value: contract value, ...}");
            }
            map.fields().forEachRemaining(e -> translation.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
        }
        Map<String, String> options = new TreeMap<>();
        node.fields().forEachRemaining(e -> {
            if (!SPEC_KEYS.contains(e.getKey())) {
                options.put(e.getKey(), e.getValue().asText());
            }
        });
        for (String option : options.keySet()) {
            if (!List.of("format", "zone", "unit", "split").contains(option)) {
                throw new IllegalArgumentException(where + "." + option + ": unknown; an entry may have column, value, "
                        + "template, default, map, and format and zone (occurredAt), unit (amount), split (categories)");
            }
        }
        return new FieldSpec(text(node, "column"), text(node, "value"), text(node, "template"), text(node, "default"),
                translation, options);
    }

    private static String text(JsonNode node, String key) {
        return node.has(key) && !node.get(key).isNull() ? node.get(key).asText() : null;
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String where) {
        node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(where + k + ": unknown; a mapping has " + String.join(", ", allowed));
            }
        });
    }

    /** A row with nothing in it, to read a constant. */
    private static final Row NO_ROW = new Row() {
        @Override
        public long line() {
            return 0;
        }

        @Override
        public String value(String column) {
            return null;
        }
    };
}
