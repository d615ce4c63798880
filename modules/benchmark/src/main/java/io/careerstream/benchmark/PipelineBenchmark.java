package io.careerstream.benchmark;

import io.careerstream.domain.LookAhead;
import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.registry.RegistrySettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.churn.ChurnModelParameters;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.CustomerStateCodec;
import io.careerstream.domain.LifecyclePolicy;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.domain.Touchpoint;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.topics.TickProtocol;
import io.careerstream.pipeline.ingest.TouchpointTimestampExtractor;
import io.careerstream.pipeline.ingest.TouchpointValidator;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topic;
import io.careerstream.topics.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * What users ask of the pipeline, measured on one local broker in one process (see
 * docs/benchmarks.md): throughput next to two baselines, latency at half the maximum rate,
 * growth with the population, state size and restoration. The input is produced before any
 * timing starts; every figure is taken in each of {@link Settings#runs} runs and reported as the
 * median with min and max.
 */
public final class PipelineBenchmark {


    private static final String PASS_THROUGH_OUT = "bench-passthrough-out";
    private static final String COPY_OUT = "bench-copy-out";
    private static final String CONTRACT_PROFILES_OUT = "bench-contract-profiles";
    private static final String CONTRACT_TRANSITIONS_OUT = "bench-contract-transitions";
    private static final String LATENCY_PREFIX = "latency-";

    /**
     * The parts that can be measured on their own. State and restoration come with throughput; on
     * their own ({@code RESTORE}), after one exactly-once pipeline run that is not timed.
     */
    public enum Section { THROUGHPUT, LATENCY, REPLAY, GROWTH, DOMAIN, RESTORE }

    /** How big, how often, and what. */
    /**
     * @param latencyWarmUp paced input at the start of each latency run whose latencies are
     *        reported apart (see {@link LatencyBenchmark})
     * @param latencyRate the latency runs' input rate in events/s; 0 for half the pipeline's measured
     *        exactly-once maximum
     * @param streamsSettings settings every Kafka Streams contender runs with (pipeline, pass-through,
     *        stateful floor), over the benchmark's own: to measure other settings
     */
    public record Settings(int events, int customers, int runs, int partitions, int threads, Duration latencyDuration,
                           Duration latencyWarmUp, List<Integer> populations, int dueCustomers, int growthBatch,
                           int domainSample, long seed, Set<Section> sections, double latencyRate,
                           Map<String, String> streamsSettings) {

        public Settings {
            sections = sections.isEmpty() ? EnumSet.noneOf(Section.class) : EnumSet.copyOf(sections);
            streamsSettings = Map.copyOf(streamsSettings);
        }

        /** What {@code ./careerstream benchmark} measures by default. */
        public static Settings standard() {
            return new Settings(1_500_000, 1_000_000, 3, 4, 2, Duration.ofSeconds(20), Duration.ofSeconds(5),
                    List.of(10_000, 100_000, 1_000_000), 5_000, 20_000, 200_000, 42, EnumSet.allOf(Section.class), 0, Map.of());
        }

        /** Every figure, each from tiny inputs: proves the benchmark works, measures nothing. */
        public static Settings smoke() {
            return new Settings(3_000, 2_000, 1, 2, 1, Duration.ofSeconds(2), Duration.ofSeconds(1), List.of(300, 600),
                    100, 200, 3_000, 42, EnumSet.allOf(Section.class), 0, Map.of());
        }

        Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("events", events);
            d.put("customers", customers);
            d.put("runs", runs);
            d.put("partitions", partitions);
            d.put("streamThreads", threads);
            d.put("latencySeconds", latencyDuration.toSeconds());
            d.put("latencyWarmUpSeconds", latencyWarmUp.toSeconds());
            d.put("growthPopulations", populations);
            d.put("dueCustomers", dueCustomers);
            d.put("growthBatch", growthBatch);
            d.put("seed", seed);
            d.put("sections", sections);
            d.put("latencyRate", latencyRate == 0 ? "half the pipeline's measured maximum" : latencyRate);
            d.put("streamsSettings", streamsSettings);
            d.put("availableProcessors", Runtime.getRuntime().availableProcessors());
            d.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
            d.put("java", System.getProperty("java.version"));
            return d;
        }
    }

    private enum Guarantee {
        EXACTLY_ONCE("exactly-once", StreamsConfig.EXACTLY_ONCE_V2, Duration.ofMillis(100)),
        // Streams' default of 30 s would hide when the last records were done; one second for every contender.
        AT_LEAST_ONCE("at-least-once", StreamsConfig.AT_LEAST_ONCE, Duration.ofSeconds(1));

        final String label;
        final String setting;
        final Duration commitInterval;

        Guarantee(String label, String setting, Duration commitInterval) {
            this.label = label;
            this.setting = setting;
            this.commitInterval = commitInterval;
        }
    }

    private PipelineBenchmark() {
    }

    /**
     * Runs every measurement.
     *
     * @param replay an optional second input (the CDNOW replay) measured for throughput only; may be empty
     * @param progress hears what is being measured, for a long run's console
     */
    public static BenchmarkReport run(Settings s, List<ProducerRecord<byte[], byte[]>> replay, String registryUrl,
                                      Consumer<String> progress) throws Exception {
        Map<String, Object> described = s.describe();
        described.put("replayRecords", replay.size());
        BenchmarkReport report = new BenchmarkReport(described);
        report.onEachFigure(f -> progress.accept(String.format(Locale.ROOT, "figure | %s | %s | %s | %s | %s | %s |",
                f.section(), f.name(), BenchmarkReport.format(f.median()), BenchmarkReport.format(f.min()),
                BenchmarkReport.format(f.max()), f.unit())));
        SyntheticWorkload workload = new SyntheticWorkload(s.seed(), s.events(), s.customers());
        Set<Section> sections = s.sections();
        // The replay first: its records were serialized against the in-memory registry, which a
        // sandbox drops when it closes; the synthetic workload is serialized after its sandbox starts.
        if (sections.contains(Section.REPLAY) && !replay.isEmpty()) {
            try (LocalCareerstream local = LocalCareerstream.start(s.partitions(), registryUrl)) {
                createBaselineOutputs(local, s);
                progress.accept("pre-loading the replay: " + replay.size() + " records");
                String topic = local.topics().touchpoints().name();
                local.send(replay.stream().map(r -> new ProducerRecord<>(topic, r.partition(), r.timestamp(), r.key(),
                        r.value(), r.headers())).toList(), () -> { });
                replayThroughput(s, local, replay.size(), report, progress);
            }
        }
        if (sections.contains(Section.THROUGHPUT) || sections.contains(Section.LATENCY)
                || sections.contains(Section.RESTORE)) {
            measureOnBroker(s, workload, registryUrl, report, progress);
        }
        if (sections.contains(Section.GROWTH)) {
            growth(s, registryUrl, report, progress);
        }
        if (sections.contains(Section.DOMAIN)) {
            domain(s, workload, registryUrl, report, progress);
        }
        return report;
    }

    /**
     * Throughput (with state and restoration) on one broker, then latency on a fresh one. Latency
     * runs at the rate asked for, else at half the pipeline's measured exactly-once rate; without the
     * throughput section, that rate is measured once first, unreported.
     */
    private static void measureOnBroker(Settings s, SyntheticWorkload workload, String registryUrl, BenchmarkReport report,
                                        Consumer<String> progress) throws Exception {
        // Even when the latency's rate is given, the pipeline runs over the pre-loaded input first: it
        // warms the JVM up, and a cold pipeline's latency (the JIT still compiling) is not its own.
        double pipelineRate = onPreloadedBroker(s, workload, registryUrl, report, progress);
        if (s.sections().contains(Section.LATENCY)) {
            // On a broker of its own, the first one closed: it would go on compacting the profiles
            // and changelogs of the runs above (a million customers each), a log cleaner competing
            // for the cores that would show in the latency's tail but is no part of it.
            try (LocalCareerstream quiet = LocalCareerstream.start(s.partitions(), registryUrl)) {
                latency(s, quiet, pipelineRate, report, progress);
            }
        }
    }

    /**
     * The sections that read the pre-loaded synthetic input: throughput (with state and
     * restoration) or restoration alone; returns the pipeline's exactly-once rate, measured once
     * (for the latency runs, and as their warm-up) if neither section is asked for.
     */
    private static double onPreloadedBroker(Settings s, SyntheticWorkload workload, String registryUrl, BenchmarkReport report,
                                            Consumer<String> progress) throws Exception {
        try (LocalCareerstream local = LocalCareerstream.start(s.partitions(), registryUrl)) {
            createBaselineOutputs(local, s);
            progress.accept("pre-loading " + workload.events() + " events over " + workload.customers() + " customers");
            long records = preload(local, workload, s.partitions());
            if (s.sections().contains(Section.THROUGHPUT)) {
                return throughput(s, local, records, report, "", progress);
            }
            if (s.sections().contains(Section.RESTORE)) {
                progress.accept("one exactly-once pipeline run, to restore its state afterwards");
                String app = "bench-pipeline-restore";
                StateSizes sizes = new StateSizes();
                double rate = records / timedStreams(local, s, Guarantee.EXACTLY_ONCE, app, CareerTopology::build, sizes);
                state(s, local, app, sizes, report, progress);
                return rate;
            }
            progress.accept("the pipeline's exactly-once rate, for the latency runs");
            return records / timedStreams(local, s, Guarantee.EXACTLY_ONCE, "bench-pipeline-rate", CareerTopology::build, null);
        }
    }

    /** The baselines' output topics, configured as the pipeline's outputs they stand for. */
    private static void createBaselineOutputs(LocalCareerstream local, Settings s) throws Exception {
        local.broker().createTopics(List.of(
                new NewTopic(PASS_THROUGH_OUT, s.partitions(), (short) 1).configs(Topics.EVENT_LOG),
                new NewTopic(COPY_OUT, s.partitions(), (short) 1).configs(Topics.EVENT_LOG),
                new NewTopic(CONTRACT_PROFILES_OUT, s.partitions(), (short) 1).configs(Topics.COMPACTED),
                new NewTopic(CONTRACT_TRANSITIONS_OUT, s.partitions(), (short) 1).configs(Topics.EVENT_LOG)));
    }

    /** Produces the workload, then one tick per partition at its end; returns the records written. */
    private static long preload(LocalCareerstream local, SyntheticWorkload workload, int partitions) {
        CareerTopics topics = local.topics();
        String topic = topics.touchpoints().name();
        var serializer = topics.touchpoints().valueSerializer();
        List<ProducerRecord<byte[], byte[]>> batch = new ArrayList<>(50_000);
        AtomicLong written = new AtomicLong();
        workload.forEach(e -> {
            batch.add(new ProducerRecord<>(topic, null, e.getOccurredAt().toEpochMilli(),
                    e.getCustomerId().getBytes(StandardCharsets.UTF_8), serializer.serialize(topic, e)));
            if (batch.size() == 50_000) {
                local.send(batch, () -> { });
                written.addAndGet(batch.size());
                batch.clear();
            }
        });
        batch.addAll(TickProtocol.<byte[], byte[]>ticks(topic, partitions, workload.end()));
        local.send(batch, () -> { });
        return written.get() + batch.size();
    }

    /**
     * Pass-through, copy loop, stateful floor and pipeline, each guarantee, each run; returns the
     * pipeline's median exactly-once rate.
     */
    private static double throughput(Settings s, LocalCareerstream local, long records, BenchmarkReport report,
                                     String label, Consumer<String> progress) throws Exception {
        double eosPipeline = 0;
        for (Guarantee g : Guarantee.values()) {
            double[] passThrough = new double[s.runs()];
            double[] copy = new double[s.runs()];
            double[] floor = new double[s.runs()];
            double[] pipeline = new double[s.runs()];
            double[] toPassThrough = new double[s.runs()];
            double[] toCopy = new double[s.runs()];
            double[] floorToPassThrough = new double[s.runs()];
            double[] toFloor = new double[s.runs()];
            double[] contract = new double[s.runs()];
            double[] contractToFloor = new double[s.runs()];
            double[] toContract = new double[s.runs()];
            boolean account = label.isEmpty();
            Map<String, double[]> floorPerEvent = new LinkedHashMap<>();
            Map<String, double[]> contractPerEvent = new LinkedHashMap<>();
            Map<String, double[]> pipelinePerEvent = new LinkedHashMap<>();
            for (int r = 0; r < s.runs(); r++) {
                String suffix = g.name().toLowerCase(Locale.ROOT) + "-" + r;
                progress.accept(g.label + " run " + (r + 1) + "/" + s.runs() + ": pass-through topology");
                passThrough[r] = records / timedStreams(local, s, g, "bench-passthrough-" + suffix, PipelineBenchmark::passThrough,
                        null);
                progress.accept(g.label + " run " + (r + 1) + "/" + s.runs() + ": copy loop");
                copy[r] = records / timedCopyLoop(local, s, g, "bench-copy-" + suffix);
                progress.accept(g.label + " run " + (r + 1) + "/" + s.runs() + ": stateful floor topology");
                Accounted floorCounts = account ? new Accounted(records, Set.of(PASS_THROUGH_OUT)) : null;
                floor[r] = records / timedStreams(local, s, g, "bench-floor-" + suffix,
                        config -> StatefulFloorTopology.build(countingStores(config), config, PASS_THROUGH_OUT), null,
                        floorCounts);
                if (account) {
                    floorCounts.into(floorPerEvent, r, s.runs());
                }
                progress.accept(g.label + " run " + (r + 1) + "/" + s.runs() + ": contract floor topology");
                Accounted contractCounts = account
                        ? new Accounted(records, Set.of(CONTRACT_PROFILES_OUT, CONTRACT_TRANSITIONS_OUT)) : null;
                contract[r] = records / timedStreams(local, s, g, "bench-contract-" + suffix,
                        config -> ContractFloorTopology.build(countingStores(config), config, CONTRACT_PROFILES_OUT,
                                CONTRACT_TRANSITIONS_OUT), null, contractCounts);
                if (account) {
                    contractCounts.into(contractPerEvent, r, s.runs());
                }
                progress.accept(g.label + " run " + (r + 1) + "/" + s.runs() + ": pipeline");
                boolean last = g == Guarantee.EXACTLY_ONCE && r == s.runs() - 1 && label.isEmpty();
                String app = "bench-pipeline-" + suffix;
                StateSizes sizes = last ? new StateSizes() : null;
                Accounted pipelineCounts = account ? new Accounted(records, outputs(local)) : null;
                pipeline[r] = records / timedStreams(local, s, g, app, config -> CareerTopology.build(countingStores(config),
                        config, config.map().compile(), CareerMetrics.inMemory()), sizes, pipelineCounts);
                if (account) {
                    pipelineCounts.into(pipelinePerEvent, r, s.runs());
                    report.note("perEventDetail, pipeline, " + g.label + ", run " + (r + 1), pipelineCounts.detail);
                    report.note("perEventDetail, stateful floor, " + g.label + ", run " + (r + 1), floorCounts.detail);
                    report.note("perEventDetail, contract floor, " + g.label + ", run " + (r + 1), contractCounts.detail);
                }
                toPassThrough[r] = pipeline[r] / passThrough[r];
                toCopy[r] = pipeline[r] / copy[r];
                floorToPassThrough[r] = floor[r] / passThrough[r];
                toFloor[r] = pipeline[r] / floor[r];
                contractToFloor[r] = contract[r] / floor[r];
                toContract[r] = pipeline[r] / contract[r];
                if (last) {
                    state(s, local, app, sizes, report, progress);
                }
            }
            String suffix = label.isEmpty() ? ", " + g.label : ", " + g.label + ", " + label;
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, "pass-through topology" + suffix, "events/s", passThrough));
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, "consumer→producer copy loop" + suffix, "events/s", copy));
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, "stateful floor topology (a changelogged state, one output)"
                    + suffix, "events/s", floor));
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, "contract floor topology (the state, a profile per event, "
                    + "a transition per customer)" + suffix, "events/s", contract));
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, "pipeline" + suffix, "events/s", pipeline));
            String ratioName = label.isEmpty() && g == Guarantee.EXACTLY_ONCE ? BenchmarkReport.RATIO_TO_PASS_THROUGH_EOS
                    : "pipeline / pass-through topology" + suffix;
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, ratioName, "×", toPassThrough));
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, "pipeline / copy loop" + suffix, "×", toCopy));
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, "stateful floor / pass-through topology" + suffix, "×",
                    floorToPassThrough));
            String floorRatioName = label.isEmpty() && g == Guarantee.EXACTLY_ONCE ? BenchmarkReport.RATIO_TO_FLOOR_EOS
                    : "pipeline / stateful floor" + suffix;
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, floorRatioName, "×", toFloor));
            String contractRatioName = label.isEmpty() && g == Guarantee.EXACTLY_ONCE ? BenchmarkReport.CONTRACT_TO_FLOOR_EOS
                    : "contract floor / stateful floor" + suffix;
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, contractRatioName, "×", contractToFloor));
            report.add(Figure.of(BenchmarkReport.THROUGHPUT, "pipeline / contract floor" + suffix, "×", toContract));
            if (g == Guarantee.EXACTLY_ONCE) {
                eosPipeline = Figure.of("", "", "", pipeline).median();
            }
            for (String row : pipelinePerEvent.keySet()) {
                report.addPerEvent(row, "pipeline, " + g.label, pipelinePerEvent.get(row));
                report.addPerEvent(row, "stateful floor, " + g.label, floorPerEvent.get(row));
                report.addPerEvent(row, "contract floor, " + g.label, contractPerEvent.get(row));
            }
        }
        return eosPipeline;
    }

    private static void replayThroughput(Settings s, LocalCareerstream local, long records, BenchmarkReport report,
                                         Consumer<String> progress) throws Exception {
        throughput(s, local, records, report, "CDNOW replay", progress);
    }

    /** What a topology is built from. */
    private interface TopologyFactory {
        Topology build(CareerstreamConfig config);
    }

    private static CareerstreamConfig config(LocalCareerstream local, Settings s, Guarantee g, String app,
                                             Map<String, Object> extra) {
        Map<String, Object> overrides = new HashMap<>(s.streamsSettings());
        overrides.putAll(extra);
        overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, s.threads());
        overrides.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, g.setting);
        overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, g.commitInterval.toMillis());
        return local.config(app, overrides);
    }

    /** Seconds from start to zero lag. */
    private static double timedStreams(LocalCareerstream local, Settings s, Guarantee g, String app, TopologyFactory topology,
                                       StateSizes sizes) throws Exception {
        return timedStreams(local, s, g, app, topology, sizes, null);
    }

    /** Seconds from start to zero lag; what the run did per input event into {@code accounted}, if given. */
    private static double timedStreams(LocalCareerstream local, Settings s, Guarantee g, String app, TopologyFactory topology,
                                       StateSizes sizes, Accounted accounted) throws Exception {
        CareerstreamConfig config = config(local, s, g, app, Map.of());
        try (KafkaStreams streams = new KafkaStreams(topology.build(config), config.streamsProperties())) {
            PerEventAccounting before = PerEventAccounting.snapshot();
            long start = System.nanoTime();
            streams.start();
            double seconds = (local.awaitCaughtUp(null, app, Duration.ofMinutes(30), behind -> { }) - start) / 1e9;
            if (accounted != null) {
                accounted.perEvent = before.read(streams, app, accounted.outputs, accounted.events);
                accounted.detail.put("sentByTopic", before.sentByTopic());
                accounted.detail.put("storeReads", before.storeReadsSince());
                accounted.detail.put("storeWrites", before.storeWritesSince());
                accounted.detail.put("decodes", before.decodesSince());
                accounted.detail.put("encodes", before.encodesSince());
            }
            if (sizes != null) {
                sizes.whileRunning(streams);
            }
            streams.close(Duration.ofSeconds(60));
            return seconds;
        }
    }

    private static double timedCopyLoop(LocalCareerstream local, Settings s, Guarantee g, String group) throws Exception {
        Topic<String, TouchpointEvent> input = local.topics().touchpoints();
        try (CopyLoop loop = new CopyLoop(local.bootstrapServers(), group, input, COPY_OUT, s.partitions(), s.threads(),
                g == Guarantee.EXACTLY_ONCE, g.commitInterval)) {
            long start = System.nanoTime();
            loop.start();
            long done = local.awaitCaughtUp(null, group, Duration.ofMinutes(30), behind -> {
                if (loop.failure() != null) {
                    throw new IllegalStateException("copy loop failed: " + loop.failure(), loop.failure());
                }
            });
            return (done - start) / 1e9;
        }
    }

    /** An empty topology whose processors' store calls are counted ({@link CountingStores}). */
    private static Topology countingStores(CareerstreamConfig config) {
        Map<String, Object> settings = new HashMap<>();
        config.streamsProperties().forEach((k, v) -> settings.put(String.valueOf(k), v));
        return new Topology(CountingStores.topologyConfig(settings));
    }

    /** The pipeline's output topics (what consumers read); its other topics are internal or changelogs. */
    private static Set<String> outputs(LocalCareerstream local) {
        CareerTopics topics = local.topics();
        return Set.of(topics.transitions().name(), topics.alerts().name(), topics.profiles().name());
    }

    /** One run's per-event accounting, and the per-store and per-type counts behind it. */
    private static final class Accounted {
        final long events;
        final Set<String> outputs;
        final Map<String, Object> detail = new LinkedHashMap<>();
        Map<String, Double> perEvent = Map.of();

        Accounted(long events, Set<String> outputs) {
            this.events = events;
            this.outputs = outputs;
        }

        /** Adds this run's figures as sample {@code run} of each row. */
        void into(Map<String, double[]> rows, int run, int runs) {
            perEvent.forEach((row, value) -> rows.computeIfAbsent(row, x -> new double[runs])[run] = value);
        }
    }

    private static Topology passThrough(CareerstreamConfig config) {
        Topic<String, TouchpointEvent> touchpoints = config.careerTopics().touchpoints();
        Topology topology = new Topology();
        topology.addSource(Topology.AutoOffsetReset.EARLIEST, "source", new TouchpointTimestampExtractor(config.pipeline().maxFutureSkewMs()),
                touchpoints.keyDeserializer(), touchpoints.valueDeserializer(), touchpoints.name());
        topology.addSink("sink", PASS_THROUGH_OUT, touchpoints.keySerializer(), touchpoints.valueSerializer(), "source");
        return topology;
    }

    /** Read from the last exactly-once pipeline run while it still runs: states, heap and RSS. */
    private static final class StateSizes {
        long customers;
        long encodedBytes;
        long heapBytes;
        long rssBytes;

        void whileRunning(KafkaStreams streams) {
            LocalCareerstream.scanCustomerStates(streams, state -> {
                customers++;
                encodedBytes += CustomerStateCodec.encode(state).length;
            });
            System.gc();
            heapBytes = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            rssBytes = ProcessMemory.residentBytes();
        }
    }

    private static void state(Settings s, LocalCareerstream local, String app, StateSizes sizes, BenchmarkReport report,
                              Consumer<String> progress) throws Exception {
        long customers = Math.max(1, sizes.customers);
        progress.accept("state: compacting RocksDB, sizing the changelogs");
        StateFootprint.Disk disk = StateFootprint.compactedStores(local.stateDir(app));
        long changelog = StateFootprint.topicBytes(local, app + "-" + CareerTopology.CUSTOMER_STATE_STORE + "-changelog");
        long allChangelogs = StateFootprint.topicBytes(local, t -> t.startsWith(app + "-") && t.endsWith("-changelog"));
        report.add(Figure.of(BenchmarkReport.STATE, "customers in the store", "customers", sizes.customers));
        report.add(Figure.of(BenchmarkReport.STATE, "customer state, encoded", "B/customer", (double) sizes.encodedBytes / customers));
        report.add(Figure.of(BenchmarkReport.STATE, "customer-state store, RocksDB SST after compaction", "B/customer",
                (double) disk.bytes(CareerTopology.CUSTOMER_STATE_STORE) / customers));
        report.add(Figure.of(BenchmarkReport.STATE, "all stores, RocksDB SST after compaction", "B/customer",
                (double) disk.total() / customers));
        report.add(Figure.of(BenchmarkReport.STATE, "customer-state changelog (every update, before compaction)", "B/customer",
                (double) changelog / customers));
        report.add(Figure.of(BenchmarkReport.STATE, "all changelogs (before compaction)", "B/customer",
                (double) allChangelogs / customers));
        report.add(Figure.of(BenchmarkReport.STATE, "heap used after GC, broker and pipeline in one JVM", "MB",
                sizes.heapBytes / 1e6));
        report.add(Figure.of(BenchmarkReport.STATE, "resident set size of the process", "MB", sizes.rssBytes / 1e6));
        double[] restoreRate = new double[s.runs()];
        double[] restoreSeconds = new double[s.runs()];
        double[] toRunning = new double[s.runs()];
        for (int r = 0; r < s.runs(); r++) {
            progress.accept("restoration " + (r + 1) + "/" + s.runs() + ": state directory wiped");
            StateFootprint.delete(local.stateDir(app));
            double[] restore = restore(local, s, app);
            restoreSeconds[r] = restore[0];
            restoreRate[r] = customers / restore[0];
            toRunning[r] = restore[1];
        }
        report.add(Figure.of(BenchmarkReport.RESTORE, "restoration after wiping the state directory", "customers/s", restoreRate));
        report.add(Figure.of(BenchmarkReport.RESTORE,
                "restoration and timer-index rebuild, first customer-state partition's start to RUNNING", "s", restoreSeconds));
        report.add(Figure.of(BenchmarkReport.RESTORE, "start to RUNNING with an empty state directory", "s", toRunning));
    }

    /**
     * Seconds from the first customer-state partition's restore start to RUNNING: every store's
     * restoration (they restore in the same threads, at the same time) and the timer index's
     * rebuild from the restored states, which each task does before it runs; and seconds from start
     * to RUNNING (group join and task assignment included).
     */
    private static double[] restore(LocalCareerstream local, Settings s, String app) throws Exception {
        CareerstreamConfig config = config(local, s, Guarantee.EXACTLY_ONCE, app, Map.of());
        AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastEnd = new AtomicLong();
        try (KafkaStreams streams = new KafkaStreams(CareerTopology.build(config), config.streamsProperties())) {
            streams.setGlobalStateRestoreListener(new StateRestoreListener() {
                @Override
                public void onRestoreStart(TopicPartition partition, String store, long startingOffset, long endingOffset) {
                    if (store.equals(CareerTopology.CUSTOMER_STATE_STORE)) {
                        firstStart.accumulateAndGet(System.nanoTime(), Math::min);
                    }
                }

                @Override
                public void onBatchRestored(TopicPartition partition, String store, long batchEndOffset, long restored) {
                }

                @Override
                public void onRestoreEnd(TopicPartition partition, String store, long totalRestored) {
                    if (store.equals(CareerTopology.CUSTOMER_STATE_STORE)) {
                        lastEnd.accumulateAndGet(System.nanoTime(), Math::max);
                    }
                }
            });
            long start = System.nanoTime();
            streams.start();
            awaitRunning(streams);
            long running = System.nanoTime();
            streams.close(Duration.ofSeconds(60));
            if (firstStart.get() == Long.MAX_VALUE) {
                throw new IllegalStateException("the customer-state store was not restored");
            }
            if (lastEnd.get() == 0) {
                throw new IllegalStateException("the customer-state store's restoration did not end");
            }
            return new double[] {(running - firstStart.get()) / 1e9, (running - start) / 1e9};
        }
    }

    /**
     * On topics of their own (prefixed {@value #LATENCY_PREFIX}): a latency pipeline starts with an
     * empty input and stream time at the first paced event, so nothing but the paced events (and,
     * with wall-clock punctuation, the punctuator) is measured. The two punctuation clocks take
     * turns, run by run, so that neither always runs first on the fresh broker.
     */
    private static void latency(Settings s, LocalCareerstream local, double pipelineRate, BenchmarkReport report,
                                Consumer<String> progress) throws Exception {
        double rate = s.latencyRate() > 0 ? s.latencyRate() : Math.max(1, pipelineRate / 2);
        var clocks = PipelineSettings.PunctuationClock.values();
        LatencyBenchmark.Result[][] results = new LatencyBenchmark.Result[clocks.length][s.runs()];
        LatencyAnatomy.Reading[][] anatomy = new LatencyAnatomy.Reading[clocks.length][s.runs()];
        for (int r = 0; r < s.runs(); r++) {
            for (int c = 0; c < clocks.length; c++) {
                PipelineSettings.PunctuationClock clock = clocks[(c + r) % clocks.length];
                progress.accept(String.format(Locale.ROOT, "latency %s run %d/%d at %.0f events/s", clock, r + 1, s.runs(), rate));
                String name = clock.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + r;
                int k = clock.ordinal();
                CareerstreamConfig config = latencyConfig(s, local, clock, name);
                try (KafkaStreams streams = new KafkaStreams(CareerTopology.build(config), config.streamsProperties())) {
                    streams.start();
                    awaitRunning(streams);
                    AtomicReference<LatencyAnatomy> watch = new AtomicReference<>();
                    try {
                        results[k][r] = LatencyBenchmark.measure(local, config.careerTopics(), name, rate,
                                s.latencyWarmUp(), s.latencyDuration(), () -> watch.set(LatencyAnatomy.watch(streams)));
                        anatomy[k][r] = watch.get().read();
                    } finally {
                        // also when the run fails: its sampler thread and GC listeners go with it
                        if (watch.get() != null) {
                            watch.get().close();
                        }
                    }
                    streams.close(Duration.ofSeconds(60));
                }
            }
        }
        for (PipelineSettings.PunctuationClock clock : clocks) {
            LatencyBenchmark.Result[] runs = results[clock.ordinal()];
            String mode = clock == PipelineSettings.PunctuationClock.WALL_CLOCK ? "wall-clock punctuation" : "stream-time punctuation";
            report.add(Figure.of(BenchmarkReport.LATENCY, (s.latencyRate() > 0 ? "input rate (as asked: --latency-rate), "
                    : "input rate (half the pipeline's exactly-once maximum), ") + mode,
                    "events/s", Arrays.stream(runs).mapToDouble(LatencyBenchmark.Result::achievedRate).toArray()));
            report.add(Figure.of(BenchmarkReport.LATENCY, "event → transition p50, " + mode, "ms",
                    Arrays.stream(runs).mapToDouble(x -> x.percentile(0.50)).toArray()));
            report.add(Figure.of(BenchmarkReport.LATENCY, "event → transition p99, " + mode, "ms",
                    Arrays.stream(runs).mapToDouble(x -> x.percentile(0.99)).toArray()));
            report.add(Figure.of(BenchmarkReport.LATENCY, "event → transition p99.9, " + mode, "ms",
                    Arrays.stream(runs).mapToDouble(x -> x.percentile(0.999)).toArray()));
            if (!s.latencyWarmUp().isZero()) {
                report.add(Figure.of(BenchmarkReport.LATENCY, "event → transition p99 during the warm-up (the first "
                        + s.latencyWarmUp().toSeconds() + " s after RUNNING, not in the figures above), " + mode, "ms",
                        Arrays.stream(runs).mapToDouble(x -> x.warmUpPercentile(0.99)).toArray()));
            }
            addAnatomy(report, mode, anatomy[clock.ordinal()]);
        }
    }

    /** A latency pipeline's settings: topics of its own (every one), the clock, short metrics windows. */
    private static CareerstreamConfig latencyConfig(Settings s, LocalCareerstream local,
                                                    PipelineSettings.PunctuationClock clock, String name) {
        Topics topics = Topics.DEFAULT.prefixed(LATENCY_PREFIX + name + "-");
        local.broker().createTopics(topics.newTopics(s.partitions()));
        Map<String, Object> extra = new HashMap<>();
        extra.put(PipelineSettings.PUNCTUATION_TYPE, clock.name());
        // Wall-clock punctuation every second, so its cost is part of the latency; in stream
        // time, the sandbox's one day of event time.
        if (clock == PipelineSettings.PunctuationClock.WALL_CLOCK) {
            extra.put(PipelineSettings.PUNCTUATION_INTERVAL_MS, 1000L);
        }
        extra.putAll(TopicSettings.of(topics));
        extra.put(StreamsConfig.METRICS_SAMPLE_WINDOW_MS_CONFIG, LatencyAnatomy.METRICS_WINDOW_MS);
        return config(local, s, Guarantee.EXACTLY_ONCE, "bench-latency-" + name, extra);
    }

    /** Where the latency runs' time went (see {@link LatencyAnatomy}): one figure per reading. */
    private static void addAnatomy(BenchmarkReport report, String mode, LatencyAnatomy.Reading[] readings) {
        record Part(String name, String unit, java.util.function.ToDoubleFunction<LatencyAnatomy.Reading> value) {
        }
        List<Part> parts = List.of(
                new Part("commit duration, mean (Streams' commit-latency-avg of the slower thread, sampled)", "ms",
                        LatencyAnatomy.Reading::commitAvgMs),
                new Part("commit duration, longest (Streams' commit-latency-max)", "ms", LatencyAnatomy.Reading::commitMaxMs),
                new Part("of which the transaction's commitTransaction, mean", "ms",
                        LatencyAnatomy.Reading::transactionCommitAvgMs),
                new Part("longest poll (Streams' poll-latency-max)", "ms", LatencyAnatomy.Reading::pollMaxMs),
                new Part("stream producers' retried sends", "sends", LatencyAnatomy.Reading::producerRetries),
                new Part("longest GC pause of the process", "ms", LatencyAnatomy.Reading::gcPauseMaxMs),
                new Part("GC pauses of the process in all", "ms", LatencyAnatomy.Reading::gcPauseTotalMs));
        for (Part part : parts) {
            double[] values = Arrays.stream(readings).mapToDouble(part.value()).toArray();
            report.add(Figure.of(BenchmarkReport.LATENCY, part.name() + ", " + mode, part.unit(), values));
        }
    }

    private static void awaitRunning(KafkaStreams streams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR) {
                throw new IllegalStateException("pipeline not RUNNING: " + streams.state());
            }
            Thread.sleep(20);
        }
    }

    /**
     * One run per population (loading a million customers in-process takes minutes): the samples
     * are the ticks (punctuation) and the parts of the batch (throughput), after a warm-up run.
     */
    private static void growth(Settings s, String registryUrl, BenchmarkReport report, Consumer<String> progress)
            throws Exception {
        progress.accept("growth: a warm-up run, not kept");
        GrowthBenchmark.measure(s.populations().get(0), s.dueCustomers(), s.growthBatch(), registryUrl);
        List<GrowthBenchmark.Result> results = new ArrayList<>();
        for (int population : s.populations()) {
            progress.accept("growth: " + population + " customers");
            results.add(GrowthBenchmark.measure(population, s.dueCustomers(), s.growthBatch(), registryUrl));
        }
        for (GrowthBenchmark.Result r : results) {
            double[] micros = java.util.Arrays.stream(r.punctuationNanosPerDue()).map(n -> n / 1000).toArray();
            report.add(Figure.of(BenchmarkReport.GROWTH, String.format(Locale.ROOT,
                    "punctuation per due customer, %,d customers (%,d due entries in all, samples: ticks)", r.customers(),
                    r.dueEntries()), "µs", micros));
        }
        for (GrowthBenchmark.Result r : results) {
            report.add(Figure.of(BenchmarkReport.GROWTH, String.format(Locale.ROOT,
                    "in-process throughput, %,d customers (no broker; samples: parts of the batch)", r.customers()),
                    "events/s", r.eventsPerSecond()));
        }
        GrowthBenchmark.Result smallest = results.get(0);
        GrowthBenchmark.Result largest = results.get(results.size() - 1);
        report.add(Figure.of(BenchmarkReport.GROWTH, String.format(Locale.ROOT,
                "punctuation per due customer, %,d / %,d customers (ratio of medians)", largest.customers(),
                smallest.customers()), "×", Figure.of("", "", "", largest.punctuationNanosPerDue()).median()
                / Figure.of("", "", "", smallest.punctuationNanosPerDue()).median()));
    }

    private static void domain(Settings s, SyntheticWorkload workload, String registryUrl, BenchmarkReport report,
                               Consumer<String> progress) {
        progress.accept("domain logic alone");
        CareerTopics topics = CareerTopics.of(Topics.DEFAULT, Map.of(RegistrySettings.URL, registryUrl));
        List<Touchpoint> touchpoints = new ArrayList<>();
        long wallClock = System.currentTimeMillis();
        workload.forEach(e -> {
            if (touchpoints.size() < s.domainSample()) {
                touchpoints.add(TouchpointValidator.validate(e.getCustomerId(), e, wallClock, Duration.ofDays(1).toMillis()));
            }
        });
        DomainCost cost = DomainCost.measure(touchpoints, Math.max(3, s.runs()));
        report.add(Figure.of(BenchmarkReport.DOMAIN, BenchmarkReport.DOMAIN_PER_EVENT, "ns CPU", cost.perEvent()));
        report.add(Figure.of(BenchmarkReport.DOMAIN, "domain logic per event, wall clock", "ns", cost.perEventWall()));
        report.add(Figure.of(BenchmarkReport.DOMAIN, "career-map decision alone (features + CEL conditions)", "ns CPU",
                cost.perDecision()));
        report.add(Figure.of(BenchmarkReport.DOMAIN, "state encode + decode (CustomerStateCodec)", "ns CPU",
                cost.perCodecRoundTrip()));
        report.note("domainEvents", touchpoints.size());
        topics.touchpoints().valueSerializer().close();
    }

    /**
     * The domain's own cost, no Kafka: passes over touchpoints held in memory, in CPU time of the
     * measuring thread (on a shared machine, wall time also counts the time other processes had
     * the core; both are reported).
     */
    record DomainCost(double[] perEvent, double[] perEventWall, double[] perDecision, double[] perCodecRoundTrip) {

        static DomainCost measure(List<Touchpoint> touchpoints, int passes) {
            CustomerCareer career = new CustomerCareer(new ChurnMaths(LifecyclePolicy.DEFAULT, SilencePolicy.DEFAULT,
                    () -> ChurnModelParameters.CDNOW), CareerMapLoader.loadDefault(), LookAhead.DEFAULT);
            ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
            double[] perEvent = new double[passes];
            double[] perEventWall = new double[passes];
            double[] perDecision = new double[passes];
            double[] perCodec = new double[passes];
            Map<String, CustomerState> states = new HashMap<>();
            for (int pass = -1; pass < passes; pass++) { // pass -1 warms the JIT up and is not kept
                states.clear();
                long start = System.nanoTime();
                long startCpu = cpu.getCurrentThreadCpuTime();
                for (Touchpoint t : touchpoints) {
                    states.put(t.customerId(), career.onTouchpoint(states.get(t.customerId()), t).state());
                }
                if (pass < 0) {
                    continue;
                }
                perEvent[pass] = (double) (cpu.getCurrentThreadCpuTime() - startCpu) / touchpoints.size();
                perEventWall[pass] = (double) (System.nanoTime() - start) / touchpoints.size();
                List<CustomerState> all = new ArrayList<>(states.values());
                int decided = 0;
                startCpu = cpu.getCurrentThreadCpuTime();
                for (CustomerState state : all) {
                    decided += career.decide(state, state.evaluatedAt()).stage() == null ? 0 : 1;
                }
                perDecision[pass] = (double) (cpu.getCurrentThreadCpuTime() - startCpu) / Math.max(1, decided);
                long purchases = 0;
                startCpu = cpu.getCurrentThreadCpuTime();
                for (CustomerState state : all) {
                    purchases += CustomerStateCodec.decode(CustomerStateCodec.encode(state)).purchases();
                }
                perCodec[pass] = (double) (cpu.getCurrentThreadCpuTime() - startCpu) / Math.max(1, all.size())
                        + (purchases < 0 ? 1 : 0); // uses the result, so the round trip cannot be optimised away
            }
            return new DomainCost(perEvent, perEventWall, perDecision, perCodec);
        }
    }
}
