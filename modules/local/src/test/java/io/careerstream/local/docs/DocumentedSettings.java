package io.careerstream.local.docs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a document's tables name: every backticked key in the first cell of a table row,
 * with the short forms the tables use expanded ({@code careerstream.http.port} / {@code .host}:
 * the second is {@code careerstream.http.host}).
 */
final class DocumentedSettings {

    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    /** A setting's shape: lower-case words joined by dots. */
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9]+)+");
    private static final Pattern SHORT_FORM = Pattern.compile("(\\.[a-z0-9]+)+");

    private DocumentedSettings() {
    }

    /** A setting named in a table: where, and the key as written and as expanded. */
    record Named(String where, String written, Set<String> candidates) {
    }

    /**
     * Every setting named in the first cell of a table row of {@code text}; a short form's
     * candidates are each prefix of the row's previous full key joined to it that {@code known}
     * accepts (all of them when none does, so that the error shows them).
     */
    static List<Named> in(String where, String text, Predicate<String> known) {
        List<Named> named = new ArrayList<>();
        String[] lines = text.split("\\r?\\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("|") || line.matches("\\|[-:| ]+\\|?")) {
                continue;
            }
            String firstCell = line.substring(1).split("(?<!\\\\)\\|", 2)[0];
            Matcher code = CODE.matcher(firstCell);
            String lastFull = null;
            while (code.find()) {
                String token = code.group(1).strip();
                if (KEY.matcher(token).matches()) {
                    lastFull = token;
                    named.add(new Named(where + ":" + (i + 1), token, Set.of(token)));
                } else if (lastFull != null && SHORT_FORM.matcher(token).matches()) {
                    named.add(new Named(where + ":" + (i + 1), token, expansions(lastFull, token, known)));
                }
            }
        }
        return named;
    }

    private static Set<String> expansions(String full, String shortForm, Predicate<String> known) {
        Set<String> all = new LinkedHashSet<>();
        for (int dot = full.indexOf('.'); dot > 0; dot = full.indexOf('.', dot + 1)) {
            all.add(full.substring(0, dot) + shortForm);
        }
        Set<String> accepted = new LinkedHashSet<>(all);
        accepted.removeIf(known.negate());
        return accepted.isEmpty() ? all : accepted;
    }
}
