package io.careerstream.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metric names people are told about: what the Grafana dashboard's queries read, what the
 * Prometheus files under deploy/ use, and every name the documents (README.md, docs/, deploy/)
 * quote. A name ending in {@code _} is a family (prose such as "the kafka_stream_ metrics") and is
 * left out.
 */
public final class DocumentedMetrics {

    static final Path ROOT = Path.of("..", "..");
    private static final Pattern METRIC = Pattern.compile("\\b((?:careerstream|kafka)_[a-z0-9_]*[a-z0-9])\\b(?!_)");

    private DocumentedMetrics() {
    }

    /** What the Grafana dashboard's queries read. */
    public static Set<String> dashboard() {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(DeployFilesTest.DEPLOY.resolve("grafana/dashboards/careerstream.json")
                    .toFile());
            Set<String> names = new TreeSet<>();
            dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                    names.addAll(in(target.path("expr").asText()))));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every metric name the dashboard, the Prometheus files and the documents use, with where each is. */
    public static Set<Named> everywhere() {
        Set<Named> names = new TreeSet<>();
        dashboard().forEach(name -> names.add(new Named(name, "deploy/grafana/dashboards/careerstream.json")));
        for (Path file : files()) {
            try {
                String where = ROOT.relativize(file).toString();
                in(Files.readString(file)).forEach(name -> names.add(new Named(name, where)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    /** A metric name and a file that uses it. */
    public record Named(String name, String where) implements Comparable<Named> {
        @Override
        public int compareTo(Named other) {
            int byName = name.compareTo(other.name);
            return byName != 0 ? byName : where.compareTo(other.where);
        }
    }

    static Set<String> in(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    private static List<Path> files() {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        for (String dir : List.of("docs", "deploy/prometheus", "deploy")) {
            try (Stream<Path> list = Files.walk(ROOT.resolve(dir), dir.equals("deploy") ? 1 : 3)) {
                list.filter(p -> p.toString().matches(".*\\.(md|ya?ml)$")).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }
}
