package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A console that stops reading never holds up the feed, and one too far behind is dropped. */
class FeedSubscriberTest {

    private final ExecutorService sender = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        sender.shutdownNow();
    }

    @Test
    void eventsArriveInOrder() {
        Recording sink = new Recording(null);
        FeedSubscriber subscriber = new FeedSubscriber(sink, sender);
        for (int i = 0; i < 50; i++) {
            assertThat(subscriber.offer("alert", "a" + i)).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.sent.size() == 50);
        assertThat(sink.sent).startsWith("alert:a0", "alert:a1").endsWith("alert:a49");
        assertThat(sink.closed).isFalse();
    }

    @Test
    void aConsoleThatStopsReadingNeverBlocksTheFeedAndIsDroppedWhenTooFarBehind() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1); // the browser that never reads again
        Recording sink = new Recording(stuck);
        FeedSubscriber subscriber = new FeedSubscriber(sink, sender);
        long start = System.nanoTime();
        int accepted = 0;
        while (subscriber.offer("alert", "a" + accepted)) {
            accepted++;
        }
        assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).as("offers never wait").isLessThan(5);
        // The one being written (stuck) plus the queue's bound.
        assertThat(accepted).isBetween(FeedSubscriber.MAX_PENDING, FeedSubscriber.MAX_PENDING + 1);
        assertThat(subscriber.closed()).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilTrue(sink.closed);
        assertThat(subscriber.offer("alert", "later")).isFalse();
        stuck.countDown();
    }

    @Test
    void aConsoleGoneTakesNoMore() {
        Recording sink = new Recording(null);
        FeedSubscriber subscriber = new FeedSubscriber(sink, sender);
        subscriber.gone();
        assertThat(subscriber.offer("alert", "a")).isFalse();
        assertThat(sink.sent).isEmpty();
    }

    private static final class Recording implements FeedSubscriber.Sink {
        final List<String> sent = new CopyOnWriteArrayList<>();
        final AtomicBoolean closed = new AtomicBoolean();
        private final CountDownLatch blockedUntil;

        Recording(CountDownLatch blockedUntil) {
            this.blockedUntil = blockedUntil;
        }

        @Override
        public void send(String event, String data) {
            if (blockedUntil != null) {
                try {
                    blockedUntil.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            sent.add(event + ":" + data);
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }
}
