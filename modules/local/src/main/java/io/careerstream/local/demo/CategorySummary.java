package io.careerstream.local.demo;

import io.careerstream.domain.CategoryRhythms;
import io.careerstream.domain.CustomerState;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's table of customers per main product category and stage: how the map's stages fall
 * in each product line (the per-category rhythm at work). Customers without categories (the
 * prospects) are left out.
 */
final class CategorySummary {

    private final List<String> stageOrder;
    private final Map<String, Map<String, Long>> byCategory = new TreeMap<>();

    CategorySummary(List<String> stageOrder) {
        this.stageOrder = stageOrder;
    }

    void add(CustomerState state) {
        CategoryRhythms.Rhythm main = state.categories().main();
        if (main != null) {
            byCategory.computeIfAbsent(main.name(), c -> new HashMap<>()).merge(state.stage(), 1L, Long::sum);
        }
    }

    void print(PrintStream out) {
        if (byCategory.isEmpty()) {
            return;
        }
        List<String> stages = new ArrayList<>();
        for (String stage : stageOrder) {
            if (byCategory.values().stream().anyMatch(counts -> counts.containsKey(stage))) {
                stages.add(stage);
            }
        }
        out.println();
        out.println("Customers per main category and stage");
        StringBuilder header = new StringBuilder(String.format("  %-12s %9s", "category", "customers"));
        stages.forEach(stage -> header.append(String.format(" %11s", stage)));
        out.println(header);
        byCategory.forEach((category, counts) -> {
            StringBuilder row = new StringBuilder(String.format("  %-12s %,9d", category,
                    counts.values().stream().mapToLong(Long::longValue).sum()));
            stages.forEach(stage -> row.append(String.format(" %,11d", counts.getOrDefault(stage, 0L))));
            out.println(row);
        });
    }
}
