package io.careerstream.app.http.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.javalin.http.sse.SseClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's alert feed: churn alerts as they are published, pushed to every open console as
 * server-sent events, the last {@link #REMEMBERED} kept for a console that connects later.
 *
 * <p>Why a consumer of the alerts topic and not a tap inside the topology: scaled out, a tap sees
 * only the alerts of this instance's partitions, while the consumer sees the whole installation's;
 * and under exactly-once a tap would show alerts of a transaction that then aborts (and shows them
 * again on the retry), while a {@code read_committed} consumer shows exactly what the campaign
 * tools consuming the topic see. It reads from the end (the feed is about new alerts), with no
 * group (nothing to commit, every instance reads everything), with the pipeline's own connection
 * settings, so it reaches a secured cluster as the pipeline does.
 */
public final class AlertFeed implements AutoCloseable {

    /** How many alerts a newly connected console gets at once: enough to fill a screen, bounded. */
    public static final int REMEMBERED = 100;
    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<ChurnAlert> values;
    private final AlertRing ring = new AlertRing(REMEMBERED);
    private final Set<FeedSubscriber> clients = new CopyOnWriteArraySet<>();
    /** Writes to the consoles, so that the consumer never waits for a browser (FeedSubscriber). */
    private final ExecutorService sender = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "careerstream-console-sender");
        t.setDaemon(true);
        return t;
    });
    private final Thread reader;
    private volatile String state = "starting";
    private volatile boolean closed;

    private AlertFeed(CareerstreamConfig config) {
        this.topic = config.pipeline().topics().alerts();
        this.values = config.careerTopics().alerts().valueDeserializer();
        Map<String, Object> settings = new HashMap<>(config.pipeline().clientSettings());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, config.pipeline().applicationId() + "-console-alerts");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.reader = new Thread(this::read, "careerstream-console-alerts");
        reader.setDaemon(true);
    }

    /** Starts reading the alerts topic of {@code pipeline} from its end. */
    public static AlertFeed start(CareerPipeline pipeline) {
        AlertFeed feed = new AlertFeed(pipeline.config());
        feed.reader.start();
        return feed;
    }

    /**
     * A console connects: it learns whether the feed is live, gets the remembered alerts, then
     * every new one. Both under the ring's lock, so no alert falls between the two.
     */
    public void connect(SseClient client) {
        client.keepAlive();
        FeedSubscriber subscriber = new FeedSubscriber(new FeedSubscriber.Sink() {
            @Override
            public void send(String event, String data) {
                client.sendEvent(event, data);
            }

            @Override
            public void close() {
                client.close();
            }
        }, sender);
        client.onClose(() -> {
            subscriber.gone();
            clients.remove(subscriber);
        });
        synchronized (ring) {
            subscriber.offer("state", state);
            ring.forEach(alert -> subscriber.offer("alert", alert));
            clients.add(subscriber);
        }
    }

    /** "starting" until the consumer stands at the end of every partition, then "live"; "failed: why" if it cannot read. */
    public String state() {
        return state;
    }

    private void read() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolves the end now: what is published from here on is shown
            announce("live");
            while (!closed) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    publish(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            // The pipeline runs on without its console feed (e.g. no READ on the alerts topic): said once, here and on the page.
            LOG.warn("The console's alert feed cannot read {}: {}", topic, CareerPipeline.rootMessage(e));
            announce("failed: " + CareerPipeline.rootMessage(e));
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void publish(ConsumerRecord<byte[], byte[]> record) {
        String json;
        try {
            json = JSON.writeValueAsString(AlertJson.of(values.deserialize(topic, record.headers(), record.value())));
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.debug("Console alert feed: skipped the record at {}-{}@{}: {}", topic, record.partition(), record.offset(), e.toString());
            return;
        }
        synchronized (ring) {
            ring.add(json);
            send("alert", json);
        }
    }

    private void announce(String newState) {
        synchronized (ring) {
            state = newState;
            send("state", newState);
        }
    }

    /** To every console, never waiting for one; a console gone or too far behind is forgotten. */
    private void send(String event, String data) {
        clients.removeIf(c -> !c.offer(event, data));
    }

    @Override
    public void close() {
        closed = true;
        try {
            consumer.wakeup();
        } catch (IllegalStateException alreadyClosed) {
            // the reader stopped already (it could not read the topic)
        }
        try {
            reader.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Each console's stream ends here, before the server stops, which would otherwise wait for them.
        clients.forEach(FeedSubscriber::close);
        sender.shutdownNow();
    }
}
