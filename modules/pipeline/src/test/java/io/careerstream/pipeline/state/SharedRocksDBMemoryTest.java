package io.careerstream.pipeline.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Real RocksDB instances configured as Kafka Streams would, through the setter. */
class SharedRocksDBMemoryTest {

    private static final long BUDGET = 32L << 20;

    private static Map<String, Object> configs(long bytes, double memtableShare) {
        return Map.of(SharedRocksDBMemory.MEMORY_BYTES_CONFIG, bytes, SharedRocksDBMemory.MEMTABLE_SHARE_CONFIG, memtableShare);
    }

    /** As Kafka Streams hands them to a setter: a block-based table config already in place. */
    private static Options configured(String store, Map<String, Object> configs) {
        Options options = new Options().setCreateIfMissing(true);
        options.setTableFormatConfig(new BlockBasedTableConfig());
        new SharedRocksDBMemory().setConfig(store, options, configs);
        return options;
    }

    @Test
    void everyStoreChargesItsWritesToTheOneSharedCache(@TempDir Path dir) throws Exception {
        Map<String, Object> configs = configs(BUDGET, 0.5);
        try (Options first = configured("customer-state", configs);
             Options second = configured("churn-timer-index", configs);
             RocksDB a = RocksDB.open(first, dir.resolve("a").toString());
             RocksDB b = RocksDB.open(second, dir.resolve("b").toString())) {
            Cache shared = SharedRocksDBMemory.cacheOf(SharedRocksDBMemory.Budget.from(configs));
            assertThat(shared).isNotNull();
            long before = shared.getUsage();
            byte[] value = new byte[1024];
            for (int i = 0; i < 4_000; i++) {
                a.put(("a" + i).getBytes(StandardCharsets.UTF_8), value);
            }
            long afterFirst = shared.getUsage();
            for (int i = 0; i < 4_000; i++) {
                b.put(("b" + i).getBytes(StandardCharsets.UTF_8), value);
            }
            long afterBoth = shared.getUsage();
            // The write-buffer manager charges memtable memory to the cache: both stores' writes show in it.
            assertThat(afterFirst).isGreaterThan(before);
            assertThat(afterBoth).isGreaterThan(afterFirst);
            assertThat(first.writeBufferManager()).isSameAs(second.writeBufferManager()).isNotNull();
        }
    }

    @Test
    void anotherBudgetGetsACacheOfItsOwn() {
        Map<String, Object> small = configs(BUDGET, 0.25);
        Map<String, Object> large = configs(2 * BUDGET, 0.25);
        try (Options one = configured("s", small); Options two = configured("s", large); Options three = configured("t", small)) {
            Cache smallCache = SharedRocksDBMemory.cacheOf(SharedRocksDBMemory.Budget.from(small));
            Cache largeCache = SharedRocksDBMemory.cacheOf(SharedRocksDBMemory.Budget.from(large));
            assertThat(smallCache).isNotNull().isNotSameAs(largeCache);
            assertThat(one.writeBufferManager()).isSameAs(three.writeBufferManager()).isNotSameAs(two.writeBufferManager());
        }
    }

    @Test
    void aSetterWithoutItsBudgetNamesTheMissingKeys() {
        try (Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            assertThatThrownBy(() -> new SharedRocksDBMemory().setConfig("s", options, Map.of()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(SharedRocksDBMemory.MEMORY_BYTES_CONFIG)
                    .hasMessageContaining(SharedRocksDBMemory.MEMTABLE_SHARE_CONFIG);
        }
    }
}
