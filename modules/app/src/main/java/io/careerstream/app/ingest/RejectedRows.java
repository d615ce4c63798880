package io.careerstream.app.ingest;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The report of the rows an import did not send: one line per row (line number, reason, why),
 * tab-separated, as they are found; and the count per reason at the end.
 */
public final class RejectedRows {

    private final PrintWriter out;
    private final Map<String, Long> byReason = new TreeMap<>();
    private long total;

    public RejectedRows(PrintWriter out) {
        this.out = out;
    }

    public void add(long line, String reason, String message) {
        out.println(line + "\t" + reason + "\t" + message.replace('\n', ' ').replace('\t', ' '));
        byReason.merge(reason, 1L, Long::sum);
        total++;
    }

    public long total() {
        return total;
    }

    /** Rows rejected per reason, by reason name. */
    public Map<String, Long> byReason() {
        return Map.copyOf(byReason);
    }

    public void flush() {
        out.flush();
    }
}
