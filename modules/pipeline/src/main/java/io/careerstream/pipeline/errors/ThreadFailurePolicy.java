package io.careerstream.pipeline.errors;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * What to do when a stream thread dies of an exception the dead-letter handlers did not take: replace
 * the thread, at most {@code maxReplacements} times within {@code window}, then stop the instance so
 * that its supervisor (systemd, Kubernetes) restarts the process, visibly.
 *
 * <p>Why replace at all: a failure can be passing (a broker that was moving a partition, a store
 * that hit a full disk someone freed). With exactly-once the failed thread's transaction is
 * aborted and its tasks restart from the last commit, so a replacement neither loses nor repeats
 * anything. Why bounded: a failure that comes back is a defect or an outage, and a process that
 * replaces threads forever looks alive to every health check while doing nothing.
 *
 * <p>Deleted input under {@code careerstream.on.data.loss=FAIL} ({@link DataLossException}) stops
 * at once: its policy is to stop, and a new thread would only meet the same gap.
 */
public final class ThreadFailurePolicy {

    /** A decision and the one line that explains it to ops. */
    public record Decision(StreamThreadExceptionResponse response, String message) {
    }

    private final int maxReplacements;
    private final Duration window;
    private final LongSupplier nanoClock;
    private final Deque<Long> replacements = new ArrayDeque<>();

    public ThreadFailurePolicy(int maxReplacements, Duration window, LongSupplier nanoClock) {
        if (maxReplacements < 0 || window.isNegative()) {
            throw new IllegalArgumentException("maxReplacements and window must not be negative");
        }
        this.maxReplacements = maxReplacements;
        this.window = window;
        this.nanoClock = nanoClock;
    }

    public ThreadFailurePolicy(int maxReplacements, Duration window) {
        this(maxReplacements, window, System::nanoTime);
    }

    /** Called from the failing stream thread; several threads may fail at once. */
    public synchronized Decision onFailure(Throwable failure) {
        if (causedBy(failure, DataLossException.class)) {
            return new Decision(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
                    "FATAL: input was deleted before it was processed; stopping this instance: " + failure.getMessage());
        }
        long now = nanoClock.getAsLong();
        while (!replacements.isEmpty() && now - replacements.peekFirst() > window.toNanos()) {
            replacements.removeFirst();
        }
        if (replacements.size() >= maxReplacements) {
            return new Decision(StreamThreadExceptionResponse.SHUTDOWN_CLIENT, "FATAL: a stream thread failed again after "
                    + replacements.size() + " replacement(s) within " + window + " (careerstream.thread.replacements.max="
                    + maxReplacements + "); stopping this instance, exit code 1: " + failure);
        }
        replacements.addLast(now);
        return new Decision(StreamThreadExceptionResponse.REPLACE_THREAD, "A stream thread failed; replacing it ("
                + replacements.size() + " of at most " + maxReplacements + " within " + window + "): " + failure);
    }

    private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
