package io.careerstream.app.demo;

import io.careerstream.app.Installation;
import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.StageTransition;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.CustomerStateCodec;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.domain.map.CareerMapException;
import io.careerstream.domain.map.CareerMapLoader;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.Topics;
import io.careerstream.pipeline.career.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.errors.DeadLetters;
import io.careerstream.pipeline.ops.ConsumerLag;
import io.careerstream.registry.InMemorySchemaRegistry;
import io.careerstream.registry.SchemaRegistries;
import io.careerstream.serde.SpecificAvroSerde;
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
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
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

    @Override
    public Integer call() throws Exception {
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

        Path workDir = Files.createTempDirectory("careerstream-demo-");
        System.out.print("Starting embedded Kafka broker (KRaft) ... ");
        // The broker keeps Kafka's default retention (7 days) but checks it every second instead of
        // every 5 minutes: the CDNOW records are stamped 1997, so a topic without our explicit
        // retention settings would lose them at once, every run, not only on a slow machine.
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(workDir.resolve("kafka"), true,
                Map.of("log.initial.task.delay.ms", "0", "log.retention.check.interval.ms", "1000"))) {
            System.out.println(broker.bootstrapServers());
            Topics topics = Topics.DEFAULT;
            broker.createTopics(topics.newTopics(partitions));

            Map<String, Object> settings = new HashMap<>();
            settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            settings.put(StreamsConfig.APPLICATION_ID_CONFIG, "careerstream-demo");
            settings.put(StreamsConfig.STATE_DIR_CONFIG, workDir.resolve("state").toString());
            settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
            settings.put(CareerstreamConfig.SCHEMA_REGISTRY_URL, registryUrl);
            settings.put(CareerstreamConfig.PUNCTUATION_INTERVAL_MS, Duration.ofDays(1).toMillis());
            if (careerMap != null) {
                settings.put(CareerstreamConfig.CAREER_MAP, careerMap.toString());
            }
            CareerstreamConfig config;
            try {
                config = new CareerstreamConfig(settings);
            } catch (org.apache.kafka.common.config.ConfigException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            System.out.printf("Career map %s, version %s%n", config.careerMap().source(), config.careerMap().version());
            System.out.printf("Starting pipeline (%s, %d partitions, %d threads) ...%n",
                    config.streamsProperties().get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG), partitions, threads);
            CareerPipeline pipeline;
            try {
                pipeline = CareerPipeline.start(config, Duration.ofMinutes(2));
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            KafkaStreams streams = pipeline.streams();
            try {
                long sendStart = System.nanoTime();
                long sent = produce(broker, topics, registryUrl, workload);
                long caughtUp = awaitCaughtUp(broker, topics, sent, pipeline);
                double seconds = (caughtUp - sendStart) / 1e9;
                DemoSummary summary = summarize(broker, topics, streams, registryUrl, config.careerMap());
                summary.print(System.out, workload, sent, seconds, (System.nanoTime() - started) / 1e9);
            } catch (IllegalStateException e) {
                System.err.println();
                System.err.println("Demo failed: " + e.getMessage() + " (details in the log)");
                return 1;
            } finally {
                pipeline.close();
                if (registryUrl.startsWith(SchemaRegistries.MOCK_PREFIX)) {
                    InMemorySchemaRegistry.drop(registryUrl.substring(SchemaRegistries.MOCK_PREFIX.length()));
                }
            }
        } finally {
            Installation.deleteQuietly(workDir);
        }
        return 0;
    }

    private long produce(EmbeddedKafkaBroker broker, Topics topics, String registryUrl, DemoWorkload.Workload workload) {
        Serializer<TouchpointEvent> serializer = SpecificAvroSerde.forValues(TouchpointEvent.class, registryUrl).serializer();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        List<ProducerRecord<byte[], byte[]>> records =
                DemoWorkload.toRecords(workload, topics.touchpoints(), partitions, serializer);
        try (var producer = new KafkaProducer<>(producerConfig, new ByteArraySerializer(), new ByteArraySerializer());
             ProgressBar bar = progressBar("Sending  ", records.size())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record);
                bar.step();
            }
            producer.flush();
        }
        long sent = records.size();
        return sent;
    }

    private long awaitCaughtUp(EmbeddedKafkaBroker broker, Topics topics, long sent, CareerPipeline pipeline)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = broker.admin(); ProgressBar bar = progressBar("Processing", sent)) {
            ConsumerLag lag = new ConsumerLag(admin, "careerstream-demo", topics.touchpoints());
            while (true) {
                long behind = lag.total();
                bar.stepTo(sent - behind);
                if (behind == 0) {
                    return System.nanoTime();
                }
                if (pipeline.failure().isDone()) {
                    throw new IllegalStateException("Pipeline stopped with " + behind + " records unprocessed: "
                            + CareerPipeline.rootMessage(pipeline.failure().getNow(null)));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Pipeline still " + behind + " records behind after " + timeout);
                }
                Thread.sleep(200);
            }
        }
    }

    private DemoSummary summarize(EmbeddedKafkaBroker broker, Topics topics, KafkaStreams streams, String registryUrl,
                                  CareerMap map) {
        var transitionReader = SpecificAvroSerde.forValues(StageTransition.class, registryUrl).deserializer();
        var alertReader = SpecificAvroSerde.forValues(ChurnAlert.class, registryUrl).deserializer();
        ReadOnlyKeyValueStore<String, CustomerState> store = streams.store(StoreQueryParameters.fromNameAndType(
                CareerTopology.CUSTOMER_STATE_STORE, QueryableStoreTypes.keyValueStore()));
        Map<String, Long> stages = new HashMap<>();
        Map<String, Long> tracks = new HashMap<>();
        long customers = 0;
        long stateBytes = 0;
        try (var all = store.all()) {
            while (all.hasNext()) {
                CustomerState state = all.next().value;
                stages.merge(state.stage(), 1L, Long::sum);
                tracks.merge(state.track() == null ? CareerMap.NO_TRACK : state.track(), 1L, Long::sum);
                stateBytes += CustomerStateCodec.encode(state).length;
                customers++;
            }
        }
        String bootstrap = broker.bootstrapServers();
        Map<String, Long> transitions = TopicTally.count(bootstrap, topics.transitions(), r -> {
            StageTransition t = transitionReader.deserialize(r.topic(), r.value());
            return (t.getDimension().equals("TRACK") ? "track " : "") + (t.getFrom() == null ? "(first seen)" : t.getFrom())
                    + " -> " + t.getTo();
        });
        Map<String, Long> alerts = TopicTally.count(bootstrap, topics.alerts(), r ->
                alertReader.deserialize(r.topic(), r.value()).getLevel().name());
        Map<String, Long> deadLetters = TopicTally.count(bootstrap, topics.deadLetters(), r -> {
            Header reason = r.headers().lastHeader(DeadLetters.REASON_HEADER);
            return reason == null ? "(no reason header)" : new String(reason.value(), StandardCharsets.UTF_8);
        });
        List<String> stageOrder = map.stages().stream().map(CareerMap.Rule::id).toList();
        List<String> trackOrder = new java.util.ArrayList<>(map.tracks().stream().map(CareerMap.Rule::id).toList());
        trackOrder.add(CareerMap.NO_TRACK);
        return new DemoSummary(stageOrder, stages, trackOrder, tracks, customers, stateBytes, transitions, alerts, deadLetters);
    }

    private static ProgressBar progressBar(String task, long total) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(250).continuousUpdate().build();
    }

}
