package io.careerstream.pipeline.career;

import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rolls a new career map out to every customer of a task in the background, so that a stricter
 * loyalty rule changes the counts the day it is deployed, not at each customer's next touchpoint.
 * The task's customer states are walked in key order, a batch at a time (paced on the wall clock
 * by the caller), and each customer last evaluated under another map is re-evaluated under this one
 * ({@link CustomerCareer#rollOut}). A customer is re-evaluated at most once per map version: its
 * state keeps the version it was evaluated under, which a touchpoint in the meantime also sets. A
 * restart walks again from the start and skips whoever is done.
 */
final class MapRollOut {

    private static final Logger LOG = LoggerFactory.getLogger(MapRollOut.class);

    private final CustomerCareer career;
    private final KeyValueStore<String, CustomerState> states;
    private final String task;
    private String cursor;
    private boolean done;
    private long scanned;
    private long rolledOut;
    private final long total;

    MapRollOut(CustomerCareer career, KeyValueStore<String, CustomerState> states, String task) {
        this.career = career;
        this.states = states;
        this.task = task;
        this.total = Math.max(1, states.approximateNumEntries());
    }

    /**
     * Visits up to {@code batch} customers after the last one visited and hands each that needs the
     * new map to {@code reEvaluate}; returns how many it re-evaluated.
     */
    int step(int batch, BiConsumer<String, CustomerState> reEvaluate) {
        if (done) {
            return 0;
        }
        int evaluated = 0;
        int visited = 0;
        try (KeyValueIterator<String, CustomerState> walk = states.range(cursor, null)) {
            while (visited < batch && walk.hasNext()) {
                KeyValue<String, CustomerState> next = walk.next();
                if (next.key.equals(cursor)) {
                    continue; // the range includes its start, visited last time
                }
                cursor = next.key;
                visited++;
                if (career.needsRollOut(next.value)) {
                    reEvaluate.accept(next.key, next.value);
                    evaluated++;
                }
            }
            if (!walk.hasNext()) {
                done = true;
            }
        }
        scanned += visited;
        rolledOut += evaluated;
        if (done && rolledOut > 0) {
            LOG.info("Task {}: career map rolled out, {} customers re-evaluated of {} visited", task, rolledOut, scanned);
        }
        return evaluated;
    }

    /** How far the walk has come, 0 to 1 (1 when done). */
    double progress() {
        return done ? 1.0 : Math.min(0.99, scanned / (double) total);
    }
}
