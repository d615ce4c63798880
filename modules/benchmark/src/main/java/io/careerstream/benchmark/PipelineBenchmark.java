package io.careerstream.benchmark;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.CustomerStateCodec;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.LifecycleRules;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.pipeline.Topics;
import io.careerstream.pipeline.career.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.pipeline.ingest.TouchpointValidator;
import io.careerstream.pipeline.ops.ConsumerLag;
import io.careerstream.serde.SpecificAvroSerde;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/**
 * Measures the pipeline against a baseline in the same process, on the same broker and the same
 * records: a pass-through topology that only deserializes each touchpoint and writes it back out
 * (same serde, same exactly-once settings). The ratio of the two throughputs is the cost of the
 * careerstream logic and state; absolute numbers depend on the machine.
 */
public final class PipelineBenchmark {

    /** One timed run. */
    public record Run(String name, long records, double seconds) {
        public double eventsPerSecond() {
            return records / seconds;
        }
    }

    /** Everything measured. */
    public record Result(Run baseline, Run careerstream, long customers, double encodedBytesPerCustomer,
                         double rocksDbBytesPerCustomer, double changelogBytesPerCustomer, double domainNanosPerEvent,
                         long domainEvents, double mapNanosPerEvaluation) {

        public void print(PrintStream out) {
            out.println("| run | records | seconds (start to zero lag) | events/s |");
            out.println("|---|---:|---:|---:|");
            for (Run r : List.of(baseline, careerstream)) {
                out.printf(Locale.ROOT, "| %s | %,d | %.1f | %,.0f |%n", r.name(), r.records(), r.seconds(), r.eventsPerSecond());
            }
            out.printf(Locale.ROOT, "%nThroughput ratio careerstream / pass-through: %.2f%n", careerstream.eventsPerSecond() / baseline.eventsPerSecond());
            out.printf(Locale.ROOT, "Domain logic alone (CustomerCareer.onTouchpoint with the default career map, no Kafka): %.0f ns per event over %,d events%n",
                    domainNanosPerEvent, domainEvents);
            out.printf(Locale.ROOT, "Career map evaluation alone (features + stage, track, do-not-contact decision): %.0f ns%n",
                    mapNanosPerEvaluation);
            out.printf(Locale.ROOT, "State per customer (%,d customers): %.1f B encoded, %.1f B in RocksDB files, %.1f B in the changelog topic (every update, before compaction)%n",
                    customers, encodedBytesPerCustomer, rocksDbBytesPerCustomer, changelogBytesPerCustomer);
        }
    }

    private PipelineBenchmark() {
    }

    /**
     * @param records the input, ticks included, as it would be produced to the touchpoints topic
     * @param registryUrl registry the records were serialized against
     */
    public static Result run(List<ProducerRecord<byte[], byte[]>> records, int partitions, String registryUrl, Path workDir)
            throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), true, Map.of())) {
            Topics topics = Topics.DEFAULT;
            List<NewTopic> newTopics = new ArrayList<>(topics.newTopics(partitions));
            newTopics.add(new NewTopic("passthrough-out", partitions, (short) 1).configs(Topics.EVENT_LOG));
            broker.createTopics(newTopics);
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers(), ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024),
                    new ByteArraySerializer(), new ByteArraySerializer())) {
                for (ProducerRecord<byte[], byte[]> r : records) {
                    producer.send(new ProducerRecord<>(topics.touchpoints(), r.partition(), r.timestamp(), r.key(), r.value(), r.headers()));
                }
                producer.flush();
            }
            CareerstreamConfig baselineConfig = config(broker, "bench-passthrough", registryUrl, workDir.resolve("state-a"));
            Run baseline = timed("pass-through (deserialize, serialize)", passThrough(baselineConfig, topics),
                    baselineConfig, broker, topics, records.size(), null);
            CareerstreamConfig careerConfig = config(broker, "bench-careerstream", registryUrl, workDir.resolve("state-b"));
            long[] stateStats = new long[2];
            Run career = timed("careerstream topology", CareerTopology.build(careerConfig), careerConfig, broker, topics,
                    records.size(), streams -> {
                        var store = streams.store(StoreQueryParameters.fromNameAndType(CareerTopology.CUSTOMER_STATE_STORE,
                                QueryableStoreTypes.<String, CustomerState>keyValueStore()));
                        try (var all = store.all()) {
                            while (all.hasNext()) {
                                stateStats[0]++;
                                stateStats[1] += CustomerStateCodec.encode(all.next().value).length;
                            }
                        }
                    });
            long customers = Math.max(1, stateStats[0]);
            long rocksDb = directorySize(workDir.resolve("state-b"), CareerTopology.CUSTOMER_STATE_STORE);
            long changelog = changelogSize(broker, "bench-careerstream-" + CareerTopology.CUSTOMER_STATE_STORE + "-changelog");
            double[] domain = domainCost(records, registryUrl);
            return new Result(baseline, career, stateStats[0], (double) stateStats[1] / customers,
                    (double) rocksDb / customers, (double) changelog / customers, domain[0], (long) domain[1], domain[2]);
        }
    }

    private static CareerstreamConfig config(EmbeddedKafkaBroker broker, String applicationId, String registryUrl, Path stateDir) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        settings.put(CareerstreamConfig.SCHEMA_REGISTRY_URL, registryUrl);
        settings.put(CareerstreamConfig.PUNCTUATION_INTERVAL_MS, Duration.ofDays(1).toMillis());
        return new CareerstreamConfig(settings);
    }

    private static Topology passThrough(CareerstreamConfig config, Topics topics) {
        var serde = new SpecificAvroSerde<>(TouchpointEvent.class);
        serde.configure(config.serdeConfig(), false);
        Topology topology = new Topology();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, "source", new TouchpointTimestampExtractor(config.maxFutureSkewMs()),
                Serdes.String().deserializer(), serde.deserializer(), topics.touchpoints());
        topology.addSink("sink", "passthrough-out", Serdes.String().serializer(), serde.serializer(), "source");
        return topology;
    }

    private static Run timed(String name, Topology topology, CareerstreamConfig config, EmbeddedKafkaBroker broker,
                             Topics topics, long records, java.util.function.Consumer<KafkaStreams> beforeClose) throws Exception {
        String group = config.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        try (Admin admin = broker.admin(); KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties())) {
            ConsumerLag lag = new ConsumerLag(admin, group, topics.touchpoints());
            long start = System.nanoTime();
            streams.start();
            while (lag.total() > 0 || streams.state() != KafkaStreams.State.RUNNING) {
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (beforeClose != null) {
                beforeClose.accept(streams);
            }
            streams.close(Duration.ofSeconds(60));
            return new Run(name, records, seconds);
        }
    }

    private static long directorySize(Path root, String storeName) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().contains("/rocksdb/" + storeName + "/") && Files.isRegularFile(p))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static long changelogSize(EmbeddedKafkaBroker broker, String topic) throws Exception {
        try (Admin admin = broker.admin()) {
            long size = 0;
            var dirs = admin.describeLogDirs(List.of(1)).allDescriptions().get().get(1);
            for (var dir : dirs.values()) {
                for (var e : dir.replicaInfos().entrySet()) {
                    if (e.getKey().topic().equals(topic)) {
                        size += e.getValue().size();
                    }
                }
            }
            return size;
        }
    }

    /** Median of five passes of the domain logic over the valid touchpoints, in nanoseconds per event. */
    private static double[] domainCost(List<ProducerRecord<byte[], byte[]>> records, String registryUrl) {
        var deserializer = SpecificAvroSerde.forValues(TouchpointEvent.class, registryUrl).deserializer();
        List<Touchpoint> touchpoints = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> r : records) {
            if (r.value() == null) {
                continue;
            }
            try {
                TouchpointEvent e = deserializer.deserialize("touchpoints", r.value());
                String key = r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
                touchpoints.add(TouchpointValidator.validate(key, e, System.currentTimeMillis(), Duration.ofDays(1).toMillis()));
            } catch (RuntimeException invalid) {
                // bad records are not part of the domain's work
            }
        }
        double[] passes = new double[5];
        CustomerCareer career = new CustomerCareer(new LifecycleRules(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT,
                () -> ChurnModelParameters.CDNOW), CareerMapLoader.loadDefault(), CustomerCareer.LookAhead.DEFAULT);
        Map<String, CustomerState> states = new HashMap<>();
        for (int pass = 0; pass < passes.length; pass++) {
            states.clear();
            long start = System.nanoTime();
            for (Touchpoint t : touchpoints) {
                states.put(t.customerId(), career.onTouchpoint(states.get(t.customerId()), t).state());
            }
            passes[pass] = (double) (System.nanoTime() - start) / touchpoints.size();
        }
        Arrays.sort(passes);
        double[] mapPasses = new double[5];
        List<CustomerState> finalStates = new ArrayList<>(states.values());
        for (int pass = 0; pass < mapPasses.length; pass++) {
            long start = System.nanoTime();
            int decided = 0;
            for (CustomerState state : finalStates) {
                decided += career.decide(state, state.evaluatedAt()).stage() == null ? 0 : 1;
            }
            mapPasses[pass] = (double) (System.nanoTime() - start) / Math.max(1, decided);
        }
        Arrays.sort(mapPasses);
        return new double[] {passes[passes.length / 2], touchpoints.size(), mapPasses[mapPasses.length / 2]};
    }

}
