package io.careerstream.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Wall-clock time of each start-up phase, for the one line that says where a (re)start went. */
final class StartupPhases {

    private final long started = System.nanoTime();
    private final List<String> phases = new ArrayList<>();
    private long last = started;

    void done(String phase) {
        long now = System.nanoTime();
        phases.add(String.format(Locale.ROOT, "%s %.1f s", phase, (now - last) / 1e9));
        last = now;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.1f s: ", (last - started) / 1e9) + String.join(", ", phases);
    }
}
