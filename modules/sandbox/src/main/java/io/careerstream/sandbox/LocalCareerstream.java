package io.careerstream.sandbox;

import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.domain.CustomerState;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ops.LagReport;
import io.careerstream.registry.InMemorySchemaRegistry;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Careerstream on one machine: a real embedded Kafka broker with every topic of the pipeline
 * created as {@link Topics#specs} says, the Streams settings for running pipelines against it, and
 * the chores around them — send records, wait for zero lag, scan the customer states. The demo,
 * the benchmark and the integration tests all run on this; {@code run} never does.
 *
 * <p>The broker keeps Kafka's default retention (7 days) but checks it every second from the
 * start instead of every 5 minutes after a 30-second delay: records here are stamped with their
 * event time (CDNOW's 1997), so a topic without the project's explicit retention settings loses
 * them at once, in every run, rather than only when a slow machine lets the first check come
 * before the pipeline has read them.
 */
public final class LocalCareerstream implements AutoCloseable {

    /** Broker settings: production retention, checked at once and often. */
    public static final Map<String, String> BROKER_SETTINGS = Map.of(
            "log.initial.task.delay.ms", "0",
            "log.retention.check.interval.ms", "1000");

    private final Path workDir;
    private final EmbeddedKafkaBroker broker;
    private final Topics names;
    private final String registryUrl;

    private LocalCareerstream(Path workDir, EmbeddedKafkaBroker broker, Topics names, String registryUrl) {
        this.workDir = workDir;
        this.broker = broker;
        this.names = names;
        this.registryUrl = registryUrl;
    }

    /**
     * Starts a broker in a fresh scratch folder (deleted on close) and creates the pipeline's
     * topics with {@code partitions} partitions.
     *
     * @param registryUrl a Confluent-compatible registry, or null for an in-memory one of its own
     */
    public static LocalCareerstream start(int partitions, String registryUrl) {
        return start(Topics.DEFAULT, partitions, registryUrl);
    }

    /** Like {@link #start(int, String)} with other topic names (several pipelines on one broker). */
    public static LocalCareerstream start(Topics names, int partitions, String registryUrl) {
        Path workDir;
        try {
            workDir = Files.createTempDirectory("careerstream-local-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), false, BROKER_SETTINGS);
        try {
            broker.createTopics(names.newTopics(partitions));
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        String url = registryUrl != null ? registryUrl : SchemaRegistries.MOCK_PREFIX + "local-" + UUID.randomUUID();
        return new LocalCareerstream(workDir, broker, names, url);
    }

    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public String registryUrl() {
        return registryUrl;
    }

    /** The pipeline's topics with their serdes, against this sandbox's registry. */
    public CareerTopics topics() {
        return config("careerstream-local", Map.of()).careerTopics();
    }

    /**
     * The settings of a pipeline on this broker: its application id, a state folder of its own,
     * this sandbox's registry and topic names, silence checked once a day of event time, and a
     * short session timeout so that a restarted instance does not wait 45 s for its predecessor.
     */
    public Map<String, Object> settings(String applicationId) {
        return LocalSettings.of(broker.bootstrapServers(), names, applicationId, stateDir(applicationId), registryUrl);
    }


    /** {@link #settings} with {@code overrides} on top, validated. */
    public CareerstreamConfig config(String applicationId, Map<String, ?> overrides) {
        Map<String, Object> settings = settings(applicationId);
        settings.putAll(overrides);
        return new CareerstreamConfig(settings);
    }

    /** Starts a pipeline (checks included) and waits until it processes. */
    public CareerPipeline startPipeline(CareerstreamConfig config) throws InterruptedException {
        return CareerPipeline.start(config, Duration.ofMinutes(2));
    }

    /** As {@link #startPipeline(CareerstreamConfig)}, recording our metrics in {@code registry}. */
    public CareerPipeline startPipeline(CareerstreamConfig config, io.micrometer.core.instrument.MeterRegistry registry)
            throws InterruptedException {
        return CareerPipeline.start(config, Duration.ofMinutes(2), registry);
    }

    /** Sends raw records, batched; {@code sent} hears of each. */
    public void send(List<ProducerRecord<byte[], byte[]>> records, Runnable sent) {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicReference<Exception> failed = new AtomicReference<>();
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        failed.compareAndSet(null, e);
                    }
                });
                sent.run();
            }
            producer.flush();
        }
        if (failed.get() != null) {
            throw new IllegalStateException("Not every record was written: " + failed.get(), failed.get());
        }
    }

    /**
     * Waits until the pipeline's group has committed every touchpoint. {@code behind} hears the lag
     * after each look; a pipeline that stops on the way ends the wait with its cause.
     *
     * @return System.nanoTime() when the lag reached zero
     * @throws IllegalStateException when the pipeline stopped or the lag is not zero in time
     */
    public long awaitCaughtUp(CareerPipeline pipeline, String applicationId, Duration timeout, LongConsumer behind)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = broker.admin()) {
            LagReport lag = new LagReport(admin, Map.of(), Duration.ofSeconds(30));
            while (true) {
                // The input first: once it is committed, so is every resolved touchpoint derived from it
                // (exactly-once), and the second count includes them.
                long records = lag.total(applicationId, names.touchpoints())
                        + lag.total(applicationId, names.resolvedTouchpoints());
                behind.accept(records);
                if (records == 0) {
                    return System.nanoTime();
                }
                if (pipeline != null && pipeline.failure().isDone()) {
                    throw new IllegalStateException("Pipeline stopped with " + records + " records unprocessed: "
                            + CareerPipeline.rootMessage(pipeline.failure().getNow(null)));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Pipeline still " + records + " records behind after " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Waits until the pipeline has read and committed everything on {@code topic} (for example the identity links). */
    public void awaitRead(String applicationId, String topic, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = broker.admin()) {
            LagReport lag = new LagReport(admin, Map.of(), Duration.ofSeconds(30));
            long behind;
            while ((behind = lag.total(applicationId, topic)) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Pipeline still " + behind + " records behind on " + topic
                            + " after " + timeout);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Visits every customer's state in a running pipeline's store. */
    public static void scanCustomerStates(KafkaStreams streams, Consumer<CustomerState> each) {
        var store = streams.store(StoreQueryParameters.fromNameAndType(CareerTopology.CUSTOMER_STATE_STORE,
                QueryableStoreTypes.<String, CustomerState>keyValueStore()));
        try (var all = store.all()) {
            all.forEachRemaining(kv -> each.accept(kv.value));
        }
    }

    /** The folder of this sandbox's RocksDB state, for measuring it. */
    public Path stateDir(String applicationId) {
        return workDir.resolve("state").resolve(applicationId);
    }

    @Override
    public void close() {
        try {
            broker.close();
        } finally {
            if (registryUrl.startsWith(SchemaRegistries.MOCK_PREFIX)) {
                InMemorySchemaRegistry.drop(registryUrl.substring(SchemaRegistries.MOCK_PREFIX.length()));
            }
            deleteQuietly(workDir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch folder is not worth failing a shutdown for
        }
    }
}
