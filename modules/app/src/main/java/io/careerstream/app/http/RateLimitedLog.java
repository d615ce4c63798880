package io.careerstream.app.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * A warning logged at most once per key and interval: a failure that every request meets (an
 * instance gone, a store moving) is said once, not once per request.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final Map<String, Long> last = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /** Logs unless the same key was logged within the interval. */
    void warn(String key, String format, Object... args) {
        long now = System.nanoTime();
        Long previous = last.get(key);
        if (previous != null && now - previous < intervalNanos) {
            return;
        }
        last.put(key, now);
        log.warn(format, args);
    }
}
