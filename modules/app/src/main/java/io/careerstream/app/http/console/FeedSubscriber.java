package io.careerstream.app.http.console;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One open console's share of the feed: events wait in a queue of their own and a sender thread
 * writes them, so a console that stops reading (a sleeping laptop, a stalled network) never stops
 * the feed's consumer or the other consoles. A console that falls {@link #MAX_PENDING} events
 * behind is closed: its browser connects again and starts from the remembered alerts.
 */
final class FeedSubscriber {

    /** Events one console may fall behind by before it is dropped: memory per console stays bounded. */
    static final int MAX_PENDING = 500;

    /** Where the events go: a server-sent-events connection. */
    interface Sink {
        void send(String event, String data);

        void close();
    }

    private final Sink sink;
    private final Executor sender;
    private final ArrayDeque<String[]> pending = new ArrayDeque<>();
    private boolean draining;
    private boolean closed;

    FeedSubscriber(Sink sink, Executor sender) {
        this.sink = sink;
        this.sender = sender;
    }

    /**
     * Queues an event and returns at once; false if this console is closed (or is closed now,
     * being too far behind), so the feed forgets it.
     */
    boolean offer(String event, String data) {
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (pending.size() >= MAX_PENDING) {
                closed = true;
                pending.clear();
                sender.execute(sink::close);
                return false;
            }
            pending.addLast(new String[] {event, data});
            if (draining) {
                return true;
            }
            draining = true;
        }
        sender.execute(this::drain);
        return true;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Marks the console gone (its connection closed): nothing more is queued for it. */
    synchronized void gone() {
        closed = true;
        pending.clear();
    }

    /** Ends this console's stream now (the instance stops). */
    void close() {
        gone();
        sink.close();
    }

    private void drain() {
        while (true) {
            String[] next;
            synchronized (this) {
                next = pending.pollFirst();
                if (next == null || closed) {
                    draining = false;
                    return;
                }
            }
            try {
                sink.send(next[0], next[1]);
            } catch (RuntimeException e) {
                gone();
                sink.close();
                return;
            }
        }
    }
}
