package io.careerstream.app.http;

/**
 * A token bucket of touchpoints per second for every caller together: full at the start, refilled
 * continuously, holding one second's worth (or one full batch, so that the largest request allowed
 * can pass at all).
 */
final class EventRateLimit {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    /** @param perSecond 0 for no limit */
    EventRateLimit(int perSecond, int largestBatch) {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond == 0 ? Double.POSITIVE_INFINITY : Math.max(perSecond, largestBatch);
        this.tokens = capacity;
        this.refilledAt = System.nanoTime();
    }

    /** Takes {@code events} from the bucket and returns 0, or returns the milliseconds until they would be there. */
    synchronized long take(int events) {
        if (capacity == Double.POSITIVE_INFINITY) {
            return 0;
        }
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * perNano);
        refilledAt = now;
        if (tokens >= events) {
            tokens -= events;
            return 0;
        }
        return (long) Math.ceil((events - tokens) / perNano / 1e6);
    }
}
