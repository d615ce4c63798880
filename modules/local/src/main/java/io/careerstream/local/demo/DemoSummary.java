package io.careerstream.local.demo;

import io.careerstream.sandbox.workload.DemoWorkload;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** What the pipeline concluded, printed at the end of the demo. */
record DemoSummary(List<String> stageOrder, Map<String, Long> stages, List<String> trackOrder, Map<String, Long> tracks,
                   long customers, long stateBytes, Map<String, Long> transitions, Map<String, Long> alerts,
                   Map<String, Long> deadLetters) {

    /** Labels of {@code alerts}: the level, then one of these (an end followed by its reason). */
    static final String OPENED = " opened";
    static final String ENDED = " ended ";

    /**
     * @param sendingSeconds how long the producer took to hand every record to the broker
     * @param processingSeconds from the first send to zero consumer lag: the pipeline ran while the
     *     producer was still sending, so this includes waiting for input and is not the pipeline's
     *     own rate (that is what {@code ./careerstream benchmark} measures, on input written first)
     */
    void print(PrintStream out, DemoWorkload.Workload workload, long sent, double sendingSeconds, double processingSeconds,
               double wallSeconds) {
        out.println();
        out.println("Customers per stage");
        counts(out, stageOrder, stages);
        out.println();
        out.println("Customers per career track");
        counts(out, trackOrder, tracks);
        out.println();
        out.println("Transitions by type");
        transitions.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> out.printf("  %-34s %,8d%n", e.getKey(), e.getValue()));
        out.printf("  %-34s %,8d%n", "total", transitions.values().stream().mapToLong(Long::longValue).sum());
        out.println();
        out.println("Churn alerts by level (opened; ended, by reason)");
        alerts.keySet().stream().map(label -> label.substring(0, label.indexOf(' '))).distinct().forEach(level -> {
            String ends = alerts.entrySet().stream().filter(e -> e.getKey().startsWith(level + ENDED))
                    .map(e -> String.format("%,d %s", e.getValue(),
                            e.getKey().substring((level + ENDED).length()).toLowerCase(Locale.ROOT).replace('_', ' ')))
                    .collect(Collectors.joining(", "));
            out.printf("  %-12s %,8d opened%s%n", level, alerts.getOrDefault(level + OPENED, 0L),
                    ends.isEmpty() ? "" : "; ended: " + ends);
        });
        out.println();
        out.println("Dead-letter records by reason");
        deadLetters.forEach((reason, n) -> out.printf("  %-20s %,8d%n", reason, n));
        out.printf("  %-20s %,8d  (invalid records sent: %d)%n", "total",
                deadLetters.values().stream().mapToLong(Long::longValue).sum(), workload.bad());
        out.println();
        out.printf("Records sent        %,d (incl. end-of-input ticks) in %.1f s%n", sent, sendingSeconds);
        out.printf("End to end          %,.0f events/s (first send to zero consumer lag, %.1f s, sending included; "
                + "the pipeline's own rate: ./careerstream benchmark)%n", sent / processingSeconds, processingSeconds);
        out.printf("State per customer  %.1f bytes on average (encoded)%n", customers == 0 ? 0 : (double) stateBytes / customers);
        out.printf("Wall time           %.1f s%n", wallSeconds);
    }

    private void counts(PrintStream out, List<String> order, Map<String, Long> counts) {
        for (String id : order) {
            long n = counts.getOrDefault(id, 0L);
            out.printf("  %-12s %,8d  %5.1f%%%n", id, n, customers == 0 ? 0 : 100.0 * n / customers);
        }
        out.printf("  %-12s %,8d%n", "total", customers);
    }
}
