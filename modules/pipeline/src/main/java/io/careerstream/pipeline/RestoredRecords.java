package io.careerstream.pipeline;

import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/** Counts the changelog records restored into local state: after a crash, how much was rebuilt. */
final class RestoredRecords implements StateRestoreListener {

    private final LongAdder restored = new LongAdder();

    @Override
    public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long numRestored) {
        restored.add(numRestored);
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
    }

    long count() {
        return restored.sum();
    }
}
