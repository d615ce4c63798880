package io.careerstream.benchmark;

import io.careerstream.sandbox.LocalCareerstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** How much room a closed pipeline's state takes: RocksDB after a full compaction, and changelog topics. */
final class StateFootprint {

    /** SST bytes per store name, summed over tasks. */
    record Disk(Map<String, Long> byStore) {
        long bytes(String store) {
            return byStore.getOrDefault(store, 0L);
        }

        long total() {
            return byStore.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private StateFootprint() {
    }

    /**
     * Compacts every RocksDB store under a (closed) application's state directory, then sums the
     * SST files: what the data takes once obsolete versions and tombstones are gone, without the
     * write-ahead log, logs and manifests, which do not grow with the customers.
     */
    static Disk compactedStores(Path appStateDir) throws IOException, RocksDBException {
        RocksDB.loadLibrary();
        Map<String, Long> sizes = new HashMap<>();
        List<Path> stores = new ArrayList<>();
        try (Stream<Path> files = Files.walk(appStateDir)) {
            files.filter(p -> p.getFileName().toString().equals("CURRENT")).forEach(p -> stores.add(p.getParent()));
        }
        for (Path store : stores) {
            compact(store);
            long bytes;
            try (Stream<Path> files = Files.list(store)) {
                bytes = files.filter(p -> p.toString().endsWith(".sst")).mapToLong(p -> p.toFile().length()).sum();
            }
            sizes.merge(store.getFileName().toString(), bytes, Long::sum);
        }
        return new Disk(sizes);
    }

    private static void compact(Path store) throws RocksDBException {
        List<byte[]> names;
        try (Options options = new Options()) {
            names = RocksDB.listColumnFamilies(options, store.toString());
        }
        List<ColumnFamilyDescriptor> descriptors = names.stream().map(ColumnFamilyDescriptor::new).toList();
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, store.toString(), descriptors, handles)) {
            for (ColumnFamilyHandle handle : handles) {
                db.compactRange(handle);
            }
            handles.forEach(ColumnFamilyHandle::close);
        }
    }

    /** Bytes of a topic's partitions on the local broker's disk. */
    static long topicBytes(LocalCareerstream local, String topic) throws Exception {
        return topicBytes(local, topic::equals);
    }

    /** Bytes on the broker's disk of every topic whose name {@code topics} accepts. */
    static long topicBytes(LocalCareerstream local, java.util.function.Predicate<String> topics) throws Exception {
        try (Admin admin = local.broker().admin()) {
            long size = 0;
            var dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);
            for (var dir : dirs.values()) {
                for (var e : dir.replicaInfos().entrySet()) {
                    if (topics.test(e.getKey().topic())) {
                        size += e.getValue().size();
                    }
                }
            }
            return size;
        }
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
