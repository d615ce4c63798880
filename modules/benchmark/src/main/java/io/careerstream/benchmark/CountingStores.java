package io.careerstream.benchmark;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.StreamsMetrics;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.Punctuator;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.ProcessorWrapper;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.processor.api.WrappedFixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.WrappedProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Counts the calls the processors of a topology make on their key-value stores, by store: reads
 * (get, and each range, scan or prefix scan) and writes (put, put-if-absent, each entry of a
 * put-all, delete). Kafka Streams' own store metrics are rates over a window, not counts, so the
 * benchmark's per-event accounting wraps the processors instead ({@code processor.wrapper.class},
 * KIP-1112): a processor's {@code getStateStore} answers with a counting view of the store. Only
 * the benchmark does this; the counts are of this process, and the benchmark takes differences.
 */
public final class CountingStores implements ProcessorWrapper {

    private static final ConcurrentMap<String, LongAdder> READS = new ConcurrentHashMap<>();
    private static final ConcurrentMap<String, LongAdder> WRITES = new ConcurrentHashMap<>();

    /** The topology settings that make a topology count its store calls. */
    public static TopologyConfig topologyConfig(Map<String, Object> streamsSettings) {
        Map<String, Object> settings = new java.util.HashMap<>(streamsSettings);
        settings.put(StreamsConfig.PROCESSOR_WRAPPER_CLASS_CONFIG, CountingStores.class);
        return new TopologyConfig(new StreamsConfig(settings));
    }

    /** Reads so far, by store. */
    public static Map<String, Long> reads() {
        return snapshot(READS);
    }

    /** Writes so far, by store. */
    public static Map<String, Long> writes() {
        return snapshot(WRITES);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> counters) {
        Map<String, Long> copy = new TreeMap<>();
        counters.forEach((store, n) -> copy.put(store, n.sum()));
        return copy;
    }

    @Override
    public <KIn, VIn, KOut, VOut> WrappedProcessorSupplier<KIn, VIn, KOut, VOut> wrapProcessorSupplier(
            String processorName, ProcessorSupplier<KIn, VIn, KOut, VOut> supplier) {
        return new WrappedProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                Processor<KIn, VIn, KOut, VOut> processor = supplier.get();
                return new Processor<>() {
                    @Override
                    public void init(ProcessorContext<KOut, VOut> context) {
                        processor.init(new CountingContext<>(context));
                    }

                    @Override
                    public void process(Record<KIn, VIn> record) {
                        processor.process(record);
                    }

                    @Override
                    public void close() {
                        processor.close();
                    }
                };
            }

            @Override
            public java.util.Set<org.apache.kafka.streams.state.StoreBuilder<?>> stores() {
                return supplier.stores();
            }
        };
    }

    @Override
    public <KIn, VIn, VOut> WrappedFixedKeyProcessorSupplier<KIn, VIn, VOut> wrapFixedKeyProcessorSupplier(
            String processorName, FixedKeyProcessorSupplier<KIn, VIn, VOut> supplier) {
        return ProcessorWrapper.asWrappedFixedKey(supplier); // neither topology has any
    }

    /** The processor's context, but its key-value stores count their calls. */
    private record CountingContext<K, V>(ProcessorContext<K, V> context) implements ProcessorContext<K, V> {

        @Override
        @SuppressWarnings("unchecked")
        public <S extends StateStore> S getStateStore(String name) {
            StateStore store = context.getStateStore(name);
            if (store instanceof KeyValueStore<?, ?> kv) {
                return (S) new CountingStore<>((KeyValueStore<Object, Object>) kv,
                        READS.computeIfAbsent(name, n -> new LongAdder()), WRITES.computeIfAbsent(name, n -> new LongAdder()));
            }
            return (S) store;
        }

        @Override
        public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record) {
            context.forward(record);
        }

        @Override
        public <K1 extends K, V1 extends V> void forward(Record<K1, V1> record, String childName) {
            context.forward(record, childName);
        }

        @Override
        public String applicationId() {
            return context.applicationId();
        }

        @Override
        public TaskId taskId() {
            return context.taskId();
        }

        @Override
        public Optional<RecordMetadata> recordMetadata() {
            return context.recordMetadata();
        }

        @Override
        public Serde<?> keySerde() {
            return context.keySerde();
        }

        @Override
        public Serde<?> valueSerde() {
            return context.valueSerde();
        }

        @Override
        public File stateDir() {
            return context.stateDir();
        }

        @Override
        public StreamsMetrics metrics() {
            return context.metrics();
        }

        @Override
        public Cancellable schedule(Duration interval, PunctuationType type, Punctuator callback) {
            return context.schedule(interval, type, callback);
        }

        @Override
        public Cancellable schedule(Instant startTime, Duration interval, PunctuationType type, Punctuator callback) {
            return context.schedule(startTime, interval, type, callback);
        }

        @Override
        public void commit() {
            context.commit();
        }

        @Override
        public Map<String, Object> appConfigs() {
            return context.appConfigs();
        }

        @Override
        public Map<String, Object> appConfigsWithPrefix(String prefix) {
            return context.appConfigsWithPrefix(prefix);
        }

        @Override
        public long currentSystemTimeMs() {
            return context.currentSystemTimeMs();
        }

        @Override
        public long currentStreamTimeMs() {
            return context.currentStreamTimeMs();
        }
    }

    /** A key-value store that counts reads and writes and passes every call on. */
    private record CountingStore<K, V>(KeyValueStore<K, V> store, LongAdder reads, LongAdder writes)
            implements KeyValueStore<K, V> {

        @Override
        public void put(K key, V value) {
            writes.increment();
            store.put(key, value);
        }

        @Override
        public V putIfAbsent(K key, V value) {
            writes.increment();
            return store.putIfAbsent(key, value);
        }

        @Override
        public void putAll(List<KeyValue<K, V>> entries) {
            writes.add(entries.size());
            store.putAll(entries);
        }

        @Override
        public V delete(K key) {
            writes.increment();
            return store.delete(key);
        }

        @Override
        public V get(K key) {
            reads.increment();
            return store.get(key);
        }

        @Override
        public KeyValueIterator<K, V> range(K from, K to) {
            reads.increment();
            return store.range(from, to);
        }

        @Override
        public KeyValueIterator<K, V> reverseRange(K from, K to) {
            reads.increment();
            return store.reverseRange(from, to);
        }

        @Override
        public KeyValueIterator<K, V> all() {
            reads.increment();
            return store.all();
        }

        @Override
        public KeyValueIterator<K, V> reverseAll() {
            reads.increment();
            return store.reverseAll();
        }

        @Override
        public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(P prefix, PS prefixKeySerializer) {
            reads.increment();
            return store.prefixScan(prefix, prefixKeySerializer);
        }

        @Override
        public long approximateNumEntries() {
            return store.approximateNumEntries();
        }

        @Override
        public String name() {
            return store.name();
        }

        @Override
        @SuppressWarnings("deprecation")
        public void init(StateStoreContext context, StateStore root) {
            store.init(context, root);
        }

        @Override
        public void flush() {
            store.flush();
        }

        @Override
        public void close() {
            store.close();
        }

        @Override
        public boolean persistent() {
            return store.persistent();
        }

        @Override
        public boolean isOpen() {
            return store.isOpen();
        }
    }
}
