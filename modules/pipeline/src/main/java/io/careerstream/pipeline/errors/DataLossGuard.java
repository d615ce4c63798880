package io.careerstream.pipeline.errors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeSum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the consumer's "offset out of range" into what it is: data loss. Kafka Streams reads its
 * input with {@code auto.offset.reset=none} and, when the next offset to read is no longer in the
 * log, quietly seeks to the topic's reset policy. When that offset lies below the log start, the
 * broker deleted records the pipeline had not processed (retention, {@code deleteRecords}); when
 * it lies beyond the log end, the log was truncated. Either is logged as an error naming the
 * partition and offsets, counted, recorded on the dead-letter topic ({@link DataLossRecorder}), and
 * then handled by the operator's {@link DataLossPolicy}.
 */
public final class DataLossGuard {

    static final String METRIC_GROUP = "careerstream-data-loss";
    private static final Logger LOG = LoggerFactory.getLogger(DataLossGuard.class);

    private final DataLossPolicy policy;
    private final DataLossRecorder recorder;
    private final Sensor events;
    private final Sensor records;

    DataLossGuard(DataLossPolicy policy, DataLossRecorder recorder, Metrics metrics, Map<String, String> tags) {
        this.policy = policy;
        this.recorder = recorder;
        this.events = metrics.sensor("data-loss-events");
        events.add(metrics.metricName("data-loss-events-total", METRIC_GROUP,
                "Times the next input offset was no longer in the log (records deleted or log truncated)", tags),
                new CumulativeSum());
        this.records = metrics.sensor("records-lost");
        records.add(metrics.metricName("records-lost-total", METRIC_GROUP,
                "Input offsets deleted by the broker before the pipeline processed them", tags), new CumulativeSum());
    }

    /**
     * Reports the loss behind {@code e}, then returns normally under {@link DataLossPolicy#CONTINUE}
     * (the caller rethrows {@code e} so Kafka Streams applies its reset policy) or throws
     * {@link DataLossException} under {@link DataLossPolicy#FAIL}.
     */
    public void onOutOfRange(OffsetOutOfRangeException e, Consumer<?, ?> consumer) {
        Map<TopicPartition, Long> positions = e.offsetOutOfRangePartitions();
        Map<TopicPartition, Long> starts = Map.of();
        Map<TopicPartition, Long> ends = Map.of();
        try {
            starts = consumer.beginningOffsets(positions.keySet(), Duration.ofSeconds(30));
            ends = consumer.endOffsets(positions.keySet(), Duration.ofSeconds(30));
        } catch (RuntimeException lookup) {
            LOG.warn("Could not look up the log start and end of {}: {}", positions.keySet(), lookup.toString());
        }
        List<String> losses = new ArrayList<>();
        for (var entry : positions.entrySet()) {
            losses.add(describe(entry.getKey(), entry.getValue(), starts.get(entry.getKey()), ends.get(entry.getKey())));
        }
        String what = String.join("; ", losses);
        if (policy == DataLossPolicy.FAIL) {
            LOG.error("DATA LOSS: {}. careerstream.on.data.loss=FAIL: stopping this instance with the committed offsets "
                    + "unchanged. To go on from the oldest record still in the log, restart with "
                    + "careerstream.on.data.loss=CONTINUE.", what);
            throw new DataLossException("Input deleted before it was processed: " + what, e);
        }
        LOG.error("DATA LOSS: {}. careerstream.on.data.loss=CONTINUE: going on from the oldest record still in the log.", what);
    }

    private String describe(TopicPartition partition, long position, Long logStart, Long logEnd) {
        events.record(1);
        if (logStart != null && position < logStart) {
            long lost = logStart - position;
            records.record(lost);
            String what = String.format("%s: the next offset to process is %d but the log now starts at %d, so %,d records "
                    + "(offsets %d to %d) were deleted before the pipeline processed them", partition, position, logStart,
                    lost, position, logStart - 1);
            recorder.record(partition, position, logStart - 1, what);
            return what;
        }
        String what = logEnd != null && position > logEnd
                ? String.format("%s: the next offset to process is %d but the log ends at %d: the log was truncated "
                        + "(unclean leader election or a re-created topic)", partition, position, logEnd)
                : String.format("%s: offset %d is out of range (log start %s, end %s)", partition, position, logStart, logEnd);
        recorder.record(partition, -1, -1, what);
        return what;
    }
}
