package io.careerstream.pipeline.metrics;

import io.careerstream.pipeline.ops.LagReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far this instance is behind on each input partition it owns, in records
 * ({@code careerstream_input_lag_records{topic,partition}}) and in event time
 * ({@code careerstream_input_lag_seconds{topic,partition}}: the newest record's timestamp minus
 * the next record's to process, as {@code ./careerstream lag} reports it), for every topic the
 * stream tasks read: touchpoints, resolved touchpoints, identity links and erasure requests.
 *
 * <p>The series follow ownership: a partition's series exist only on the instance whose active
 * task reads it, and are removed when it moves away. So {@code sum()} over the instances counts
 * every partition once, and no series is left reading NaN after a rebalance.
 *
 * <p>Offsets and times come from the broker on a schedule ({@link LagReport}: the group's
 * committed offsets, the log end, the newest timestamp, one record read per lagging partition),
 * never at scrape time; the records figure is the owning consumer's own {@code records-lag} when it
 * has one (fresher than the last commit).
 */
public final class InputLag implements AutoCloseable {

    public static final String RECORDS = "careerstream.input.lag.records";
    public static final String SECONDS = "careerstream.input.lag.seconds";
    private static final Logger LOG = LoggerFactory.getLogger(InputLag.class);
    private static final String FETCH_GROUP = "consumer-fetch-manager-metrics";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** One partition's lag as last measured. */
    record Lag(long records, double seconds) {
    }

    private final KafkaStreams streams;
    private final List<String> topics;
    private final String groupId;
    private final Map<String, Object> clientSettings;
    private final MeterRegistry registry;
    private final Map<TopicPartition, Lag> measured = new ConcurrentHashMap<>();
    private final Map<TopicPartition, List<Meter>> gauges = new HashMap<>();
    private Admin admin;
    private LagReport report;
    private boolean failing;

    /**
     * @param topics         the topics the stream tasks read
     * @param clientSettings how to reach the cluster (bootstrap servers and security settings)
     */
    public InputLag(KafkaStreams streams, List<String> topics, String groupId, Map<String, Object> clientSettings,
                    MeterRegistry registry) {
        this.streams = streams;
        this.topics = List.copyOf(topics);
        this.groupId = groupId;
        this.clientSettings = Map.copyOf(clientSettings);
        this.registry = registry;
    }

    /**
     * Measures every {@code interval} from now on, on {@code background} (whose one thread is then
     * the only one to use the clients made here; shut it down before {@link #close()}).
     */
    public InputLag start(ScheduledExecutorService background, Duration interval) {
        background.scheduleWithFixedDelay(this::measureQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The partitions this instance's active tasks read now, of our input topics. */
    Set<TopicPartition> owned() {
        Set<TopicPartition> owned = new HashSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> task.topicPartitions().stream()
                    .filter(tp -> topics.contains(tp.topic())).forEach(owned::add));
        }
        return owned;
    }

    private void measureQuietly() {
        try {
            measure();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failing = false;
        } catch (Exception e) {
            // The broker may be away for a moment: keep the last figures, try again next time; say
            // so once per spell of failures, not every interval.
            if (!failing) {
                LOG.warn("Input lag not measured (the last figures stay until it is): {}",
                        e.getCause() == null ? e.toString() : e + " <- " + e.getCause());
            }
            failing = true;
        }
    }

    /** Takes the lag of every owned partition from the broker, then brings the gauges up to date. */
    void measure() throws Exception {
        Set<TopicPartition> owned = owned();
        if (report == null) {
            Map<String, Object> adminSettings = new HashMap<>(clientSettings);
            adminSettings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            adminSettings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis());
            admin = Admin.create(adminSettings);
            report = new LagReport(admin, clientSettings, TIMEOUT);
        }
        for (String topic : topics) {
            if (owned.stream().noneMatch(tp -> tp.topic().equals(topic))) {
                continue;
            }
            for (LagReport.PartitionLag p : report.of(groupId, topic,
                    partition -> owned.contains(new TopicPartition(topic, partition)))) {
                double seconds = p.lag() == 0 ? 0 : p.behind().map(d -> d.toMillis() / 1000.0).orElse(0.0);
                measured.put(new TopicPartition(topic, p.partition()), new Lag(p.lag(), seconds));
            }
        }
        measured.keySet().retainAll(owned);
        follow(owned);
    }

    /**
     * Registers the series of partitions this instance has come to own and removes those of
     * partitions it no longer owns; called on every measurement and before every scrape.
     */
    public synchronized void follow(Set<TopicPartition> owned) {
        for (var it = gauges.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!owned.contains(entry.getKey())) {
                entry.getValue().forEach(registry::remove);
                it.remove();
            }
        }
        for (TopicPartition tp : owned) {
            if (!gauges.containsKey(tp) && measured.containsKey(tp)) {
                String[] tags = {"topic", tp.topic(), "partition", Integer.toString(tp.partition())};
                gauges.put(tp, List.of(
                        Gauge.builder(RECORDS, this, lag -> lag.records(tp))
                                .description("Records of the input partition not yet processed, on the instance that owns it")
                                .tags(tags).register(registry),
                        Gauge.builder(SECONDS, this, lag -> lag.seconds(tp))
                                .description("Event time still to process on the input partition (newest record's time "
                                        + "minus the next one's), on the instance that owns it")
                                .baseUnit("seconds").tags(tags).register(registry)));
            }
        }
    }

    /** Before a scrape: series follow ownership as it is now, not as it was at the last measurement. */
    public void beforeScrape() {
        follow(owned());
    }

    private double records(TopicPartition tp) {
        double fromConsumer = consumerLag(tp);
        if (!Double.isNaN(fromConsumer)) {
            return fromConsumer;
        }
        Lag lag = measured.get(tp);
        return lag == null ? 0 : lag.records();
    }

    private double seconds(TopicPartition tp) {
        Lag lag = measured.get(tp);
        return lag == null ? 0 : lag.seconds();
    }

    /** The owning consumer's {@code records-lag} for the partition, NaN when it has none yet. */
    private double consumerLag(TopicPartition tp) {
        String partition = Integer.toString(tp.partition());
        double lag = Double.NaN;
        for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
            MetricName name = e.getKey();
            if (FETCH_GROUP.equals(name.group()) && "records-lag".equals(name.name())
                    && tp.topic().equals(name.tags().get("topic")) && partition.equals(name.tags().get("partition"))
                    && e.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                lag = Double.isNaN(lag) ? n.doubleValue() : Math.max(lag, n.doubleValue());
            }
        }
        return lag;
    }

    /** Closes the clients and removes every series; the measuring schedule must have stopped. */
    @Override
    public void close() {
        if (report != null) {
            report.close();
            admin.close(Duration.ofSeconds(5));
        }
        follow(Set.of());
    }
}
