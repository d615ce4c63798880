package io.careerstream.app.http.console;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The last {@code capacity} alerts, oldest first: what a console that connects now is shown, so
 * that memory stays bounded however long the instance runs. Not thread-safe: its owner locks.
 */
final class AlertRing {

    private final int capacity;
    private final ArrayDeque<String> alerts;

    AlertRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        this.alerts = new ArrayDeque<>(capacity);
    }

    void add(String alert) {
        if (alerts.size() == capacity) {
            alerts.removeFirst();
        }
        alerts.addLast(alert);
    }

    void forEach(Consumer<String> each) {
        alerts.forEach(each);
    }

    int size() {
        return alerts.size();
    }
}
