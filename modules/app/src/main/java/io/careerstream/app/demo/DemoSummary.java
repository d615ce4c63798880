package io.careerstream.app.demo;

import io.careerstream.domain.Stage;
import java.io.PrintStream;
import java.util.Comparator;
import java.util.Map;

/** What the pipeline concluded, printed at the end of the demo. */
record DemoSummary(Map<Stage, Long> stages, long customers, long stateBytes, Map<String, Long> transitions,
                   Map<String, Long> alerts, Map<String, Long> deadLetters) {

    void print(PrintStream out, DemoWorkload.Workload workload, long sent, double processingSeconds, double wallSeconds) {
        out.println();
        out.println("Customers per stage");
        for (Stage stage : Stage.values()) {
            long n = stages.getOrDefault(stage, 0L);
            out.printf("  %-12s %,8d  %5.1f%%%n", stage, n, customers == 0 ? 0 : 100.0 * n / customers);
        }
        out.printf("  %-12s %,8d%n", "total", customers);
        out.println();
        out.println("Transitions by type");
        transitions.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> out.printf("  %-28s %,8d%n", e.getKey(), e.getValue()));
        out.printf("  %-28s %,8d%n", "total", transitions.values().stream().mapToLong(Long::longValue).sum());
        out.println();
        out.println("Churn alerts by level");
        alerts.forEach((level, n) -> out.printf("  %-12s %,8d%n", level, n));
        out.println();
        out.println("Dead-letter records by reason");
        deadLetters.forEach((reason, n) -> out.printf("  %-20s %,8d%n", reason, n));
        out.printf("  %-20s %,8d  (invalid records sent: %d)%n", "total",
                deadLetters.values().stream().mapToLong(Long::longValue).sum(), workload.bad());
        out.println();
        out.printf("Records sent        %,d (incl. end-of-input ticks)%n", sent);
        out.printf("Throughput          %,.0f events/s (first send to zero consumer lag, %.1f s)%n",
                sent / processingSeconds, processingSeconds);
        out.printf("State per customer  %.1f bytes on average (encoded)%n", customers == 0 ? 0 : (double) stateBytes / customers);
        out.printf("Wall time           %.1f s%n", wallSeconds);
    }
}
