package io.careerstream.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric names the Grafana dashboard's queries read. */
public final class DashboardMetrics {

    private static final Pattern METRIC = Pattern.compile("\\b((?:careerstream|kafka)_[a-z0-9_]+)\\b");

    private DashboardMetrics() {
    }

    public static Set<String> names() {
        try {
            JsonNode dashboard = new ObjectMapper().readTree(DeployFilesTest.DEPLOY.resolve("grafana/dashboards/careerstream.json")
                    .toFile());
            Set<String> names = new TreeSet<>();
            dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }));
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
