package io.careerstream.local.demo;

import io.careerstream.pipeline.config.CareerMapSettings;
import io.careerstream.app.Installation;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.StageTransition;
import io.careerstream.domain.CustomerStateCodec;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapException;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import java.util.concurrent.CountDownLatch;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.sandbox.workload.CdnowPurchases;
import io.careerstream.topics.TickProtocol;
import io.careerstream.sandbox.workload.DemoWorkload;
import io.careerstream.topics.CareerTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The whole product on one machine: a real embedded Kafka broker, the pipeline with exactly-once
 * processing, and the real CDNOW purchase history plus synthetic touchpoints replayed in event
 * time. Ends with a tick on every partition so the silence after the last purchase is judged too.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start an embedded Kafka broker and the pipeline, replay the CDNOW purchase history "
                + "(23,570 customers, 69,659 purchases) with synthetic inquiries, social mentions and email events "
                + "in event-time order, and print what the pipeline concluded.",
                "Kafka's own log goes to logs/careerstream-demo.log (appended to, rolled by size)."})
public final class DemoCommand implements Callable<Integer> {

    private static final String APPLICATION_ID = "careerstream-demo";

    /** Counted down once everything the demo started is closed: a Ctrl-C during --keep-running waits for it. */
    private final CountDownLatch closed = new CountDownLatch(1);

    @Option(names = "--input", paramLabel = "FILE", description = "CDNOW-format transaction log (default: data/CDNOW_master.txt).")
    Path input;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of the touchpoints topic (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--threads", defaultValue = "2", description = "Kafka Streams threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--prospects", defaultValue = "2000", description = "Synthetic prospects who never buy (default: ${DEFAULT-VALUE}).")
    int prospects;

    @Option(names = "--bad-records", defaultValue = "20", description = "Deliberately invalid records mixed in (default: ${DEFAULT-VALUE}).")
    int badRecords;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the synthetic touchpoints (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--schema-registry-url", defaultValue = "mock://demo", paramLabel = "URL",
            description = "Schema registry: mock://NAME (in memory, default: ${DEFAULT-VALUE}) or the URL of a "
                    + "Confluent-compatible registry.")
    String registryUrl;

    @Option(names = "--career-map", paramLabel = "FILE", description = "Career map (default: the shipped config/career-map.yaml).")
    Path careerMap;

    @Option(names = "--timeout", defaultValue = "PT5M", description = "Longest wait for the pipeline to catch up, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--keep-running", description = "After the summary, keep the broker, the pipeline and the HTTP API "
            + "up and print their addresses, until Ctrl-C.")
    boolean keepRunning;

    @Option(names = "--http-port", defaultValue = "0", description = "Port of the HTTP API on 127.0.0.1, open without a "
            + "token in the demo (default: 0, a free one).")
    int httpPort;

    @Override
    public Integer call() throws Exception {
        try {
            return demo();
        } finally {
            closed.countDown();
        }
    }

    private Integer demo() throws Exception {
        long started = System.nanoTime();
        Path file = input != null ? input : Installation.path("data", "CDNOW_master.txt");
        if (!Files.isReadable(file)) {
            System.err.println("Input file not found or not readable: " + file);
            return 2;
        }
        if (partitions < 1 || threads < 1 || prospects < 0 || badRecords < 0) {
            System.err.println("--partitions and --threads must be at least 1; --prospects and --bad-records at least 0");
            return 2;
        }
        if (careerMap != null) {
            try {
                CareerMapLoader.load(careerMap); // refuse a broken map before starting anything
            } catch (CareerMapException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }
        CdnowPurchases.Result read = CdnowPurchases.read(file);
        if (!read.rejected().isEmpty()) {
            System.out.printf("Skipped %d unreadable line(s) of %s, first: %s%n", read.rejected().size(), file,
                    read.rejected().get(0));
        }
        DemoWorkload.Workload workload = DemoWorkload.build(read.rows(), seed, prospects, badRecords);
        System.out.printf("Workload: %,d purchases from %s, %,d synthetic touchpoints, %,d invalid records, %,d customers%n",
                workload.purchases(), file.getFileName(), workload.synthetic(), workload.bad(), workload.customers());

        System.out.print("Starting embedded Kafka broker (KRaft) ... ");
        try (LocalCareerstream local = LocalCareerstream.start(partitions, registryUrl)) {
            System.out.println(local.bootstrapServers());
            Map<String, Object> overrides = new HashMap<>();
            overrides.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            if (careerMap != null) {
                overrides.put(CareerMapSettings.CAREER_MAP, careerMap.toString());
            }
            CareerstreamConfig config;
            try {
                config = local.config(APPLICATION_ID, overrides);
            } catch (org.apache.kafka.common.config.ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            System.out.printf("Starting pipeline (%s, %d partitions, %d threads) ...%n",
                    config.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG), partitions, threads);
            CareerPipeline pipeline;
            try {
                pipeline = local.startPipeline(config, CareerstreamApi.newRegistry());
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            CareerMap map = pipeline.careerMap();
            System.out.printf("Career map %s, version %s%n", map.source(), map.version());
            CareerstreamApi api;
            try {
                // The demo's API is local and open, so a newcomer can look without a token.
                api = CareerstreamApi.start(pipeline, new HttpSettings(Map.of(HttpSettings.HTTP_HOST, "127.0.0.1",
                        HttpSettings.HTTP_PORT, httpPort, HttpSettings.HTTP_AUTH, "none")));
            } catch (RuntimeException e) {
                pipeline.close();
                System.err.println("The HTTP API cannot listen on 127.0.0.1:" + httpPort + " (--http-port): "
                        + CareerPipeline.rootMessage(e));
                return 1;
            }
            try (pipeline; api) {
                CareerTopics topics = config.careerTopics();
                List<ProducerRecord<byte[], byte[]>> records = DemoWorkload.toRecords(workload,
                        topics.touchpoints().name(), partitions, topics.touchpoints().valueSerializer());
                long sendStart = System.nanoTime();
                // Links first, and read: a mention keyed by a known handle then resolves at once, instead
                // of waiting for a link still on its way while the replay races a day of stream time ahead.
                local.send(DemoWorkload.linkRecords(workload, topics.identityLinks().name(),
                        topics.identityLinks().valueSerializer()), () -> { });
                local.awaitRead(APPLICATION_ID, topics.identityLinks().name(), timeout);
                // The closing ticks go last, once everything before them is processed, resolved touchpoints
                // included: a tick settles the careers at once, and a resolved touchpoint still on its way
                // would then arrive late (docs/architecture.md, "Identity links").
                List<ProducerRecord<byte[], byte[]>> ticks = records.stream()
                        .filter(r -> TickProtocol.isTick(r.headers())).toList();
                List<ProducerRecord<byte[], byte[]>> events = records.stream()
                        .filter(r -> !TickProtocol.isTick(r.headers())).toList();
                try (ProgressBar bar = progressBar("Sending  ", records.size())) {
                    local.send(events, bar::step);
                    local.awaitCaughtUp(pipeline, APPLICATION_ID, timeout, behind -> { });
                    local.send(ticks, bar::step);
                }
                double sendingSeconds = (System.nanoTime() - sendStart) / 1e9;
                long caughtUp;
                try (ProgressBar bar = progressBar("Processing", records.size())) {
                    caughtUp = local.awaitCaughtUp(pipeline, APPLICATION_ID, timeout,
                            behind -> bar.stepTo(records.size() - behind));
                }
                double seconds = (caughtUp - sendStart) / 1e9;
                DemoSummary summary = summarize(local.bootstrapServers(), topics, pipeline.streams(), map);
                summary.print(System.out, workload, records.size(), sendingSeconds, seconds,
                        (System.nanoTime() - started) / 1e9);
                CategorySummary categories = new CategorySummary(
                        map.stages().stream().map(CareerMap.Rule::id).toList());
                LocalCareerstream.scanCustomerStates(pipeline.streams(), categories::add);
                categories.print(System.out);
                printIdentities(local.bootstrapServers(), topics, workload);
                if (keepRunning) {
                    keepRunning(local, pipeline, api);
                }
            } catch (IllegalStateException e) {
                System.err.println();
                System.err.println("Demo failed: " + e.getMessage() + " (details in the log)");
                return 1;
            }
        }
        return 0;
    }

    private static DemoSummary summarize(String bootstrap, CareerTopics topics, KafkaStreams streams, CareerMap map) {
        Map<String, Long> stages = new HashMap<>();
        Map<String, Long> tracks = new HashMap<>();
        long[] customers = new long[1];
        long[] stateBytes = new long[1];
        LocalCareerstream.scanCustomerStates(streams, state -> {
            stages.merge(state.stage(), 1L, Long::sum);
            tracks.merge(state.track() == null ? CareerMap.NO_TRACK : state.track(), 1L, Long::sum);
            stateBytes[0] += CustomerStateCodec.encode(state).length;
            customers[0]++;
        });
        var transitionReader = topics.transitions().valueDeserializer();
        var alertReader = topics.alerts().valueDeserializer();
        Map<String, Long> transitions = TopicTally.count(bootstrap, topics.transitions().name(), r -> {
            StageTransition t = transitionReader.deserialize(r.topic(), r.value());
            return (t.getDimension().equals("TRACK") ? "track " : "") + (t.getFrom() == null ? "(first seen)" : t.getFrom())
                    + " -> " + t.getTo();
        });
        Map<String, Long> alerts = TopicTally.count(bootstrap, topics.alerts().name(), r -> {
            ChurnAlert alert = alertReader.deserialize(r.topic(), r.value());
            return alert.getLevel() + (alert.getEndReason() == null ? DemoSummary.OPENED : DemoSummary.ENDED + alert.getEndReason());
        });
        Map<String, Long> deadLetters = TopicTally.count(bootstrap, topics.deadLetters().name(), r -> {
            Header reason = r.headers().lastHeader(DeadLetters.REASON_HEADER);
            return reason == null ? "(no reason header)" : new String(reason.value(), StandardCharsets.UTF_8);
        });
        List<String> stageOrder = map.stages().stream().map(CareerMap.Rule::id).toList();
        List<String> trackOrder = new java.util.ArrayList<>(map.tracks().stream().map(CareerMap.Rule::id).toList());
        trackOrder.add(CareerMap.NO_TRACK);
        return new DemoSummary(stageOrder, stages, trackOrder, tracks, customers[0], stateBytes[0], transitions, alerts,
                deadLetters);
    }

    /** What became of the mentions keyed by a social handle (docs/architecture.md, "Identity links"). */
    private static void printIdentities(String bootstrap, CareerTopics topics, DemoWorkload.Workload workload) {
        var identities = workload.identities();
        // The topic also carries the resolvers' progress markers and link notices: records without a value.
        long resolved = TopicTally.count(bootstrap, topics.resolvedTouchpoints().name(),
                r -> r.value() == null ? "control" : "resolved").getOrDefault("resolved", 0L);
        System.out.println();
        System.out.printf("Identities: %,d social handles linked to customers (%s)%n", identities.links().size(),
                topics.identityLinks().name());
        System.out.printf("  mentions keyed by a linked handle   %,8d%n", identities.aliased());
        System.out.printf("  mentions from unknown handles       %,8d  (dead-lettered as UNRESOLVED_IDENTITY when their wait expires)%n",
                identities.unknown());
        System.out.printf("  resolved to their customer          %,8d  (%s)%n", resolved, topics.resolvedTouchpoints().name());
    }

    /** Prints where to look, then waits for Ctrl-C; the shutdown hook lets the resources close in order. */
    private void keepRunning(LocalCareerstream local, CareerPipeline pipeline, CareerstreamApi api)
            throws InterruptedException {
        String base = "http://127.0.0.1:" + api.port();
        String someone = loyalCustomer(pipeline.streams());
        System.out.println();
        System.out.println("Still running (Ctrl-C to stop):");
        System.out.println("  console      " + base + "/   (the career map with live counts, the alert feed)");
        System.out.println("  Kafka        " + local.bootstrapServers());
        System.out.println("  metrics      " + base + "/metrics");
        System.out.println("  stages       " + base + "/stages      tracks " + base + "/tracks");
        System.out.println("  a customer   " + base + "/customers/" + someone + "   why: " + base + "/customers/" + someone
                + "/explain");
        System.out.println("  status       " + base + "/status      or ./careerstream status --url " + base);
        System.out.println("  lag          ./careerstream lag -b " + local.bootstrapServers() + " --set application.id="
                + APPLICATION_ID);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                closed.await(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "careerstream-demo-stop"));
        pipeline.failure().thenAccept(cause -> stop.countDown());
        stop.await();
        System.out.println("Stopping ...");
        // call()'s try-with-resources now closes the API, the pipeline and the broker; the hook waits for it.
    }

    /** A customer worth looking at: the first LOYAL one, else the first at all. */
    private static String loyalCustomer(KafkaStreams streams) {
        var store = streams.store(org.apache.kafka.streams.StoreQueryParameters.fromNameAndType(
                io.careerstream.pipeline.CareerTopology.CUSTOMER_STATE_STORE,
                org.apache.kafka.streams.state.QueryableStoreTypes.<String, io.careerstream.domain.CustomerState>keyValueStore()));
        String first = null;
        try (var all = store.all()) {
            while (all.hasNext()) {
                var next = all.next();
                if ("LOYAL".equals(next.value.stage())) {
                    return next.key;
                }
                first = first == null ? next.key : first;
            }
        }
        return first;
    }

    private static ProgressBar progressBar(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

}
