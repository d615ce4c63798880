package io.careerstream.app.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where one field of the touchpoint comes from: a column, a constant or a template of columns
 * ({@code "shop-{order_id}"}, with {@code {@line}} for the row's line), then optionally a default
 * for an empty value and a translation of the file's values into the contract's
 * ({@code map: {opened: OPEN}}). What the value means (a time format, an amount's unit) is read by
 * {@link RowMapper} from the other keys of the same entry ({@link #option}).
 */
public final class FieldSpec {

    /** Placeholder of the row's line number in a template. */
    public static final String LINE = "@line";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");

    private final String column;
    private final String constant;
    private final List<String> template;
    private final String defaultValue;
    private final Map<String, String> translation;
    private final Map<String, String> options;

    FieldSpec(String column, String constant, String template, String defaultValue, Map<String, String> translation,
              Map<String, String> options) {
        this.column = column;
        this.constant = constant;
        this.template = template == null ? null : parts(template);
        this.defaultValue = defaultValue;
        this.translation = translation;
        this.options = options;
    }

    /** The field's text for {@code row}: null when it is empty and has no default. */
    public String text(Row row) {
        String raw;
        if (constant != null) {
            raw = constant;
        } else if (column != null) {
            raw = row.value(column);
        } else {
            StringBuilder s = new StringBuilder();
            for (int i = 0; i < template.size(); i++) {
                String part = template.get(i);
                if (i % 2 == 0) {
                    s.append(part);
                } else {
                    String v = part.equals(LINE) ? Long.toString(row.line()) : row.value(part);
                    if (v == null) {
                        return fallback(); // a template with an empty column names nothing
                    }
                    s.append(v);
                }
            }
            raw = s.toString();
        }
        if (raw == null || raw.isBlank()) {
            return fallback();
        }
        return translate(raw.strip());
    }

    /** Every value of the field for {@code row} (a JSON array, or one value split by the {@code split} option). */
    public List<String> texts(Row row) {
        String split = options.get("split");
        List<String> values = column != null && split == null ? row.values(column) : single(text(row));
        if (split == null) {
            return values.stream().filter(v -> v != null && !v.isBlank()).map(v -> translate(v.strip())).toList();
        }
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String piece : v.split(Pattern.quote(split))) {
                if (!piece.isBlank()) {
                    out.add(translate(piece.strip()));
                }
            }
        }
        return out;
    }

    /** Another key of the field's entry (a time format, a unit), or null. */
    public String option(String key) {
        return options.get(key);
    }

    /** Where the value comes from, for messages: {@code column 'total'}, {@code value 'USD'}. */
    public String source() {
        if (constant != null) {
            return "value '" + constant + "'";
        }
        if (column != null) {
            return "column '" + column + "'";
        }
        return "template";
    }

    private static List<String> single(String v) {
        return v == null ? List.of() : List.of(v);
    }

    private String fallback() {
        return defaultValue == null ? null : translate(defaultValue);
    }

    private String translate(String value) {
        if (translation.isEmpty()) {
            return value;
        }
        String mapped = translation.get(value.toLowerCase(Locale.ROOT));
        return mapped == null ? value : mapped;
    }

    /** Literal text at even positions, placeholders at odd ones. */
    private static List<String> parts(String template) {
        List<String> parts = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int at = 0;
        while (m.find()) {
            parts.add(template.substring(at, m.start()));
            parts.add(m.group(1).strip());
            at = m.end();
        }
        parts.add(template.substring(at));
        return parts;
    }
}
