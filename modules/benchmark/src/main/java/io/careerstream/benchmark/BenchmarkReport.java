package io.careerstream.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Every figure of one benchmark run, as a Markdown table and as JSON. */
public final class BenchmarkReport {

    /** The figures the closing lines print (names as the benchmark reports them). */
    public static final String RATIO_TO_PASS_THROUGH_EOS = "pipeline / pass-through topology, exactly-once";
    public static final String RATIO_TO_FLOOR_EOS = "pipeline / stateful floor, exactly-once";
    public static final String CONTRACT_TO_FLOOR_EOS = "contract floor / stateful floor, exactly-once";
    public static final String DOMAIN_PER_EVENT = "domain logic per event (CustomerCareer.onTouchpoint)";

    public static final String THROUGHPUT = "throughput";
    public static final String DOMAIN = "domain";
    public static final String LATENCY = "latency";
    public static final String GROWTH = "growth";
    public static final String STATE = "state";
    public static final String RESTORE = "restore";
    /** Per input event, by contender: printed as a table of its own (see {@link #addPerEvent}). */
    public static final String PER_EVENT = "per event";

    private final Map<String, Object> settings;
    private final List<Figure> figures = new ArrayList<>();
    /** The per-event figures by row, then by column (contender and guarantee). */
    private final Map<String, Map<String, Figure>> perEvent = new LinkedHashMap<>();
    /** Hears each figure as it is taken: a long run that fails late still leaves what it measured. */
    private java.util.function.Consumer<Figure> taken = f -> { };

    public BenchmarkReport(Map<String, Object> settings) {
        this.settings = new LinkedHashMap<>(settings);
    }

    public void add(Figure figure) {
        figures.add(figure);
        taken.accept(figure);
    }

    /** A per-input-event figure: {@code row} of the per-event table, in {@code column} (a contender and guarantee). */
    public void addPerEvent(String row, String column, double[] samples) {
        Figure figure = Figure.of(PER_EVENT, row + ", " + column, "per event", samples);
        perEvent.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(column, figure);
        add(figure);
    }

    public void onEachFigure(java.util.function.Consumer<Figure> listener) {
        this.taken = listener;
    }

    /** A fact about the run (a size, a setting) recorded with the settings. */
    public void note(String key, Object value) {
        settings.put(key, value);
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    public Map<String, Object> settings() {
        return Map.copyOf(settings);
    }

    public Optional<Figure> figure(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The table, then the lines other tools and the issue tracker look for. */
    public void print(PrintStream out) {
        out.println("| section | figure | median | min | max | unit | runs |");
        out.println("|---|---|---:|---:|---:|---|---:|");
        for (Figure f : inSectionOrder()) {
            if (f.section().equals(PER_EVENT)) {
                continue; // a table of its own, below
            }
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %d |%n", f.section(), f.name(), format(f.median()),
                    format(f.min()), format(f.max()), f.unit(), f.samples().size());
        }
        out.println();
        printPerEvent(out);
        figure(CONTRACT_TO_FLOOR_EOS).ifPresent(f ->
                out.printf(Locale.ROOT, "Throughput ratio contract floor / stateful floor (the most any topology "
                        + "publishing the contracts reaches): %.2f%n", f.median()));
        figure(RATIO_TO_PASS_THROUGH_EOS).ifPresent(f ->
                out.printf(Locale.ROOT, "Throughput ratio careerstream / pass-through: %.2f%n", f.median()));
        figure(RATIO_TO_FLOOR_EOS).ifPresent(f ->
                out.printf(Locale.ROOT, "Throughput ratio careerstream / stateful floor: %.2f%n", f.median()));
        figure(DOMAIN_PER_EVENT).ifPresent(f ->
                out.printf(Locale.ROOT, "Domain logic alone (CustomerCareer.onTouchpoint with the default career map, "
                        + "no Kafka): %.0f ns per event%n", f.median()));
    }

    /** Per input event, the contenders side by side (medians over the runs). */
    private void printPerEvent(PrintStream out) {
        if (perEvent.isEmpty()) {
            return;
        }
        List<String> columns = new ArrayList<>();
        perEvent.values().forEach(byColumn -> byColumn.keySet().stream().filter(c -> !columns.contains(c)).forEach(columns::add));
        out.println("Per input event (median over the runs):");
        out.println();
        out.println("| per input event | " + String.join(" | ", columns) + " |");
        out.println("|---|" + "---:|".repeat(columns.size()));
        perEvent.forEach((row, byColumn) -> {
            StringBuilder line = new StringBuilder("| ").append(row).append(" |");
            for (String column : columns) {
                Figure f = byColumn.get(column);
                line.append(' ').append(f == null ? "–" : format(f.median())).append(" |");
            }
            out.println(line);
        });
        out.println();
    }

    /** Throughput first, then what follows from it, in the order the figures were taken within a section. */
    private List<Figure> inSectionOrder() {
        List<String> order = List.of(THROUGHPUT, PER_EVENT, LATENCY, GROWTH, STATE, RESTORE, DOMAIN);
        List<Figure> sorted = new ArrayList<>(figures);
        sorted.sort(java.util.Comparator.comparingInt(f -> order.indexOf(f.section())));
        return sorted;
    }

    public void writeJson(Path file) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Figure f : inSectionOrder()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("section", f.section());
            row.put("figure", f.name());
            row.put("unit", f.unit());
            row.put("median", f.median());
            row.put("min", f.min());
            row.put("max", f.max());
            row.put("samples", f.samples());
            rows.add(row);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("settings", settings);
        json.put("figures", rows);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    /** Three significant digits at most, no exponent: figures range from ratios to millions. */
    static String format(double v) {
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
