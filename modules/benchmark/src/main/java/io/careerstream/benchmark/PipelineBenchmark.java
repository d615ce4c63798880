package io.careerstream.benchmark;

import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.CustomerStateCodec;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topic;
import io.careerstream.topics.Topics;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.pipeline.ingest.TouchpointValidator;
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
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Measures the pipeline against a baseline in the same process, on the same broker and the same
 * records: a pass-through topology that only deserializes each touchpoint and writes it back out
 * (same serde, same exactly-once settings). The ratio of the two throughputs is the cost of the
 * careerstream logic and state; absolute numbers depend on the machine.
 */
public final class PipelineBenchmark {

    private static final String PASS_THROUGH_OUT = "passthrough-out";
    /** Both runs: two stream threads, the rest as the pipeline's defaults (exactly-once). */
    private static final Map<String, Object> THREADS = Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);

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
    public static Result run(List<ProducerRecord<byte[], byte[]>> records, int partitions, String registryUrl)
            throws Exception {
        try (LocalCareerstream local = LocalCareerstream.start(partitions, registryUrl)) {
            CareerTopics topics = local.topics();
            local.broker().createTopics(List.of(new NewTopic(PASS_THROUGH_OUT, partitions, (short) 1).configs(Topics.EVENT_LOG)));
            local.send(records.stream().map(r -> new ProducerRecord<>(topics.touchpoints().name(), r.partition(),
                    r.timestamp(), r.key(), r.value(), r.headers())).toList(), () -> { });
            CareerstreamConfig baselineConfig = local.config("bench-passthrough", THREADS);
            Run baseline = timed("pass-through (deserialize, serialize)", passThrough(baselineConfig), baselineConfig, local,
                    records.size(), null);
            CareerstreamConfig careerConfig = local.config("bench-careerstream", THREADS);
            long[] stateStats = new long[2];
            Run career = timed("careerstream topology", CareerTopology.build(careerConfig), careerConfig, local,
                    records.size(), streams -> LocalCareerstream.scanCustomerStates(streams, state -> {
                        stateStats[0]++;
                        stateStats[1] += CustomerStateCodec.encode(state).length;
                    }));
            long customers = Math.max(1, stateStats[0]);
            long rocksDb = directorySize(local.stateDir("bench-careerstream"), CareerTopology.CUSTOMER_STATE_STORE);
            long changelog = changelogSize(local, "bench-careerstream-" + CareerTopology.CUSTOMER_STATE_STORE + "-changelog");
            double[] domain = domainCost(records, topics);
            return new Result(baseline, career, stateStats[0], (double) stateStats[1] / customers,
                    (double) rocksDb / customers, (double) changelog / customers, domain[0], (long) domain[1], domain[2]);
        }
    }

    private static Topology passThrough(CareerstreamConfig config) {
        Topic<String, TouchpointEvent> touchpoints = config.careerTopics().touchpoints();
        Topology topology = new Topology();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, "source", new TouchpointTimestampExtractor(config.maxFutureSkewMs()),
                touchpoints.keyDeserializer(), touchpoints.valueDeserializer(), touchpoints.name());
        topology.addSink("sink", PASS_THROUGH_OUT, touchpoints.keySerializer(), touchpoints.valueSerializer(), "source");
        return topology;
    }

    private static Run timed(String name, Topology topology, CareerstreamConfig config, LocalCareerstream local,
                             long records, java.util.function.Consumer<KafkaStreams> beforeClose) throws Exception {
        String group = config.getString(StreamsConfig.APPLICATION_ID_CONFIG);
        try (KafkaStreams streams = new KafkaStreams(topology, config.streamsProperties())) {
            long start = System.nanoTime();
            streams.start();
            double seconds = (local.awaitCaughtUp(null, group, Duration.ofMinutes(10), behind -> { }) - start) / 1e9;
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

    private static long changelogSize(LocalCareerstream local, String topic) throws Exception {
        try (Admin admin = local.broker().admin()) {
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
    private static double[] domainCost(List<ProducerRecord<byte[], byte[]>> records, CareerTopics topics) {
        var deserializer = topics.touchpoints().valueDeserializer();
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
        CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT,
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
