package io.careerstream.pipeline.state;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of the process. Left alone, Kafka Streams gives each
 * store instance a block cache of its own (50 MB) and up to three 16 MB memtables: the pipeline
 * keeps five stores per task, so an instance with 12 tasks may hold some 6 GB off the heap, a
 * figure that grows with the partitions it is given and that no heap setting bounds. Here every
 * store shares one LRU block cache, and a write-buffer manager charges the memtables to that same
 * cache, so blocks, indexes, filters and memtables together stay within
 * {@code careerstream.rocksdb.memory.bytes} (of which {@code careerstream.rocksdb.memtable.share}
 * for memtables), however many tasks the instance runs.
 *
 * <p>Kafka Streams creates one setter per store, so what they share is held statically, one cache
 * per distinct budget: two pipelines in one JVM with the same budget share it (the budget is the
 * process's), and are never freed before the process ends — a store's {@link #close} must not
 * close what other stores still use.
 */
public final class SharedRocksDBMemory implements RocksDBConfigSetter {

    /** The budget, in the configs Kafka Streams hands the setter (put there by the pipeline settings). */
    public static final String MEMORY_BYTES_CONFIG = "careerstream.rocksdb.memory.bytes";
    public static final String MEMTABLE_SHARE_CONFIG = "careerstream.rocksdb.memtable.share";

    /** The part of the cache kept for index and filter blocks, so that data blocks never evict them. */
    private static final double INDEX_AND_FILTER_SHARE = 0.1;

    private static final Map<Budget, Shared> SHARED = new ConcurrentHashMap<>();

    /** Bytes for everything, and of them for memtables. */
    record Budget(long totalBytes, long memtableBytes) {
        static Budget from(Map<String, Object> configs) {
            Object total = configs.get(MEMORY_BYTES_CONFIG);
            Object share = configs.get(MEMTABLE_SHARE_CONFIG);
            if (total == null || share == null) {
                throw new IllegalStateException(SharedRocksDBMemory.class.getSimpleName() + " needs "
                        + MEMORY_BYTES_CONFIG + " and " + MEMTABLE_SHARE_CONFIG + " among the Streams configs");
            }
            long bytes = Long.parseLong(total.toString());
            return new Budget(bytes, (long) (bytes * Double.parseDouble(share.toString())));
        }
    }

    private record Shared(Cache cache, WriteBufferManager writeBuffers) {
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared shared = SHARED.computeIfAbsent(Budget.from(configs), budget -> {
            Cache cache = new LRUCache(budget.totalBytes(), -1, false, INDEX_AND_FILTER_SHARE);
            return new Shared(cache, new WriteBufferManager(budget.memtableBytes(), cache));
        });
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(shared.cache());
        // Index and filter blocks in the cache too (else each open file keeps its own outside
        // any bound), with priority, and the top level pinned: a lookup never waits for them.
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setTableFormatConfig(table);
        options.setWriteBufferManager(shared.writeBuffers());
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write-buffer manager are every store's: they live as long as the process.
    }

    /** The cache a budget's stores share (for tests: the same object for every store). */
    static Cache cacheOf(Budget budget) {
        Shared shared = SHARED.get(budget);
        return shared == null ? null : shared.cache();
    }
}
