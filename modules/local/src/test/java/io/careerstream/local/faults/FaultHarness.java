package io.careerstream.local.faults;

import io.careerstream.pipeline.config.TopicSettings;
import io.careerstream.pipeline.config.LocalSettings;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.CustomerProfile;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.TickProtocol;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Runs Careerstream for real, each part in its own JVM: the broker ({@code careerstream broker},
 * killable and restartable on the same data directory and port) and the pipeline instances
 * ({@code careerstream run}), killed with {@link Process#destroyForcibly()} (SIGKILL on Linux: no
 * shutdown hook, no clean close, exactly like {@code kill -9}). The processes use this JVM's class
 * path. One harness per experiment: a fresh broker, topics and consumer group.
 */
final class FaultHarness implements AutoCloseable {

    static final int PARTITIONS = 4;
    private static final String RUNNING = "careerstream running";

    private final Path dir;
    private final String registryUrl;
    private final int brokerPort;
    private final Path brokerData;
    private Process broker;
    private final List<Instance> instances = new ArrayList<>();

    FaultHarness(Path dir, String registryUrl) throws IOException {
        this.brokerPort = EmbeddedKafkaBroker.freePort(); // kept across broker restarts: clients reconnect to it
        this.dir = dir;
        this.registryUrl = registryUrl;
        this.brokerData = dir.resolve("kafka");
    }

    /** The topics of one run (each run of a suite has its own, on the same broker) with their serdes. */
    CareerTopics careerTopics(Topics topics) {
        return new CareerstreamConfig(LocalSettings.of(bootstrap(), topics, "unused", dir, registryUrl)).careerTopics();
    }

    String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    /**
     * A JVM of its own, its console appended to {@code output} and its log (the product's logging
     * configuration, not the tests') in {@code logs-<name>} beside it: kept with the temporary
     * directory when an experiment fails.
     */
    private static Process fork(Path output, String... args) {
        String name = output.getFileName().toString().replaceFirst("\\.out$", "");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx768m", "-Dlog4j.configurationFile=log4j2.xml",
                "-Dcareerstream.log.dir=" + output.resolveSibling("logs-" + name),
                "-cp", System.getProperty("java.class.path"), "io.careerstream.local.LocalCli"));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the broker ---------------------------------------------------------------------------

    void startBroker() {
        broker = fork(dir.resolve("broker.out"), "broker", "--port", Integer.toString(brokerPort),
                "--data-dir", brokerData.toString());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> {
                    try (Admin admin = admin()) {
                        admin.describeCluster().nodes().get(2, TimeUnit.SECONDS);
                        return true;
                    }
                });
    }

    void killBroker() throws InterruptedException {
        broker.destroyForcibly().waitFor();
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000));
    }

    /**
     * Creates the run's topics and waits until every partition has a leader (seen in this suite
     * before the wait: a run's first three input records refused as out of sequence, see
     * {@link EmbeddedKafkaBroker#awaitLeaders}).
     */
    void createTopics(Topics topics) throws Exception {
        try (Admin admin = admin()) {
            List<String> names = topics.newTopics(PARTITIONS).stream().map(NewTopic::name).toList();
            admin.createTopics(topics.newTopics(PARTITIONS)).all().get(60, TimeUnit.SECONDS);
            EmbeddedKafkaBroker.awaitLeaders(admin, names, Duration.ofSeconds(60));
        }
    }

    // ---- input --------------------------------------------------------------------------------

    /** Produces the items (acks=all, idempotent), then a tick on every partition at {@code endAt}. */
    void produce(Topics topics, List<FaultInput.Item> items, long endAt) throws Exception {
        var serializer = careerTopics(topics).touchpoints().valueSerializer();
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // One request in flight: a retried batch can never land behind a later one (input order is the experiment).
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        Callback check = (metadata, e) -> {
            if (e != null) {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, e);
            }
        };
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (FaultInput.Item item : items) {
                producer.send(new ProducerRecord<>(topics.touchpoints(), null, item.timestamp(), FaultInput.bytes(item.key()),
                        item.value(e -> serializer.serialize(topics.touchpoints(), e))), check);
            }
            for (ProducerRecord<byte[], byte[]> tick : TickProtocol.<byte[], byte[]>ticks(topics.touchpoints(), PARTITIONS, endAt)) {
                producer.send(tick, check);
            }
            producer.flush();
        }
        if (failed.get() > 0) {
            // An experiment on input that was not all written would report the harness's loss as the pipeline's.
            throw new IllegalStateException(failed.get() + " input records not written to " + topics.touchpoints() + ": "
                    + firstFailure.get(), firstFailure.get());
        }
    }

    /** Bytes of a record of another schema (a profile) in the wire format: readable, but not a touchpoint. */
    byte[] wrongSchemaRecord(Topics topics) {
        CustomerProfile profile = CustomerProfile.newBuilder().setCustomerId("x").setStage("NEW")
                .setStageSince(java.time.Instant.EPOCH).setLastTouchpointAt(java.time.Instant.EPOCH).setPurchaseDays(0)
                .setPurchases(0).setTotalSpendMinor(0).setExpectedIntervalDays(1).setInquiries(0).setOpenComplaints(0)
                .setEmailOpens(0).setEmailClicks(0).setPositiveMentions(0).setNegativeMentions(0).setReferrals(0)
                .setUnsubscribed(false).setSpamReported(false).build();
        return careerTopics(topics).profiles().valueSerializer().serialize(topics.profiles(), profile);
    }

    // ---- pipeline instances -------------------------------------------------------------------

    /** One `careerstream run` process; restarted with the same settings and state directory. */
    final class Instance {
        final String name;
        final Path config;
        final Path output;
        Process process;
        int starts;

        Instance(String name, String applicationId, Topics topics, boolean staticMembership, Map<String, String> extra)
                throws IOException {
            this.name = name;
            this.config = dir.resolve(name + ".properties");
            this.output = dir.resolve(name + ".out");
            List<String> lines = new ArrayList<>(List.of(
                    "bootstrap.servers=" + bootstrap(),
                    "schema.registry.url=" + registryUrl,
                    "application.id=" + applicationId,
                    "state.dir=" + dir.resolve("state-" + name),
                    "replication.factor=1",
                    "num.stream.threads=1",
                    "careerstream.http.port=-1",
                    TopicSettings.TOPIC_TOUCHPOINTS + "=" + topics.touchpoints(),
                    TopicSettings.TOPIC_TRANSITIONS + "=" + topics.transitions(),
                    TopicSettings.TOPIC_ALERTS + "=" + topics.alerts(),
                    TopicSettings.TOPIC_PROFILES + "=" + topics.profiles(),
                    TopicSettings.TOPIC_DLQ + "=" + topics.deadLetters(),
                    TopicSettings.TOPIC_MODEL_PARAMETERS + "=" + topics.modelParameters(),
                    TopicSettings.TOPIC_ERASURE_REQUESTS + "=" + topics.erasureRequests(),
                    TopicSettings.TOPIC_RFM_SKETCHES + "=" + topics.rfmSketches(),
                    TopicSettings.TOPIC_IDENTITY_LINKS + "=" + topics.identityLinks(),
                    TopicSettings.TOPIC_RESOLVED_TOUCHPOINTS + "=" + topics.resolvedTouchpoints()));
            if (staticMembership) {
                lines.add("group.instance.id=" + name);
            }
            extra.forEach((k, v) -> lines.add(k + "=" + v));
            // -Dfaults.settings=key=value,key=value: settings for every instance, to compare a change.
            for (String setting : System.getProperty("faults.settings", "").split(",")) {
                if (!setting.isBlank()) {
                    lines.add(setting.trim());
                }
            }
            Files.writeString(config, String.join("\n", lines) + "\n");
        }

        /** Starts the process and returns the time it took to be RUNNING (as the command reports it). */
        Duration startAndAwaitRunning() throws IOException {
            long before = runningLines();
            long started = System.nanoTime();
            Files.writeString(output, "---- start " + (++starts) + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            process = fork(output, "run", "--config", config.toString());
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(50))
                    .failFast("the pipeline process ended", () -> !process.isAlive())
                    .until(() -> runningLines() > before);
            return Duration.ofNanos(System.nanoTime() - started);
        }

        private long runningLines() throws IOException {
            if (!Files.exists(output)) {
                return 0;
            }
            return Files.readAllLines(output, StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains(RUNNING)).count();
        }

        void kill() throws InterruptedException {
            process.destroyForcibly().waitFor();
        }

        void stop() throws InterruptedException {
            if (process != null && process.isAlive()) {
                process.destroy(); // SIGTERM: the shutdown hook closes Kafka Streams
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    Instance instance(String name, String applicationId, Topics topics, boolean staticMembership, Map<String, String> extra)
            throws IOException {
        Instance instance = new Instance(name, applicationId, topics, staticMembership, extra);
        instances.add(instance);
        return instance;
    }

    // ---- progress and outputs -----------------------------------------------------------------

    /** Share of the input (ticks included) the group has committed, 0 to 1. */
    double progress(String applicationId, Topics topics) throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topics.touchpoints(), p), OffsetSpec.latest());
            }
            long end = 0;
            long done = 0;
            for (var e : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
                end += e.getValue().offset();
                OffsetAndMetadata c = committed.get(e.getKey());
                done += c == null ? 0 : c.offset();
            }
            return end == 0 ? 0 : (double) done / end;
        }
    }

    void awaitDone(String applicationId, Topics topics, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> progress(applicationId, topics) >= 1.0);
    }

    /**
     * The end of every partition once no transaction is open on it. A read_committed read stops at
     * the last stable offset, before the first record of a transaction still open; a killed
     * instance leaves its transaction open until the coordinator aborts it (transaction.timeout.ms).
     * Reading before that would hide every committed record behind it and look like loss; so wait
     * until the stable end equals the log end.
     */
    private Map<TopicPartition, Long> stableEnd(KafkaConsumer<byte[], byte[]> committed, List<TopicPartition> partitions) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        try (var uncommitted = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            Map<TopicPartition, Long>[] stable = new Map[1];
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
                stable[0] = committed.endOffsets(partitions);
                return stable[0].equals(uncommitted.endOffsets(partitions));
            });
            return stable[0];
        }
    }

    /** Every committed record of a topic, in partition order. */
    void readCommitted(String topic, BiConsumer<ConsumerRecord<byte[], byte[]>, Integer> each) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = stableEnd(consumer, partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(r, r.partition());
                }
            }
        }
    }

    /** What a run published, decoded: transitions and alerts as multisets, each customer's final stage and track. */
    Outputs outputs(Topics topics) {
        CareerTopics careerTopics = careerTopics(topics);
        Map<String, Integer> transitions = new TreeMap<>();
        var transitionReader = careerTopics.transitions().valueDeserializer();
        readCommitted(topics.transitions(), (r, p) -> transitions.merge(
                String.valueOf(transitionReader.deserialize(topics.transitions(), r.value())), 1, Integer::sum));
        Map<String, Integer> alerts = new TreeMap<>();
        var alertReader = careerTopics.alerts().valueDeserializer();
        readCommitted(topics.alerts(), (r, p) -> alerts.merge(
                String.valueOf(alertReader.deserialize(topics.alerts(), r.value())), 1, Integer::sum));
        Map<String, String> finalStages = new TreeMap<>();
        var profileReader = careerTopics.profiles().valueDeserializer();
        readCommitted(topics.profiles(), (r, p) -> {
            String key = new String(r.key(), StandardCharsets.UTF_8);
            if (r.value() == null) {
                finalStages.remove(key);
            } else {
                CustomerProfile profile = profileReader.deserialize(topics.profiles(), r.value());
                finalStages.put(key, profile.getStage() + "/" + profile.getTrack() + "/" + profile.getPurchases());
            }
        });
        Map<String, Integer> deadLetters = new TreeMap<>();
        readCommitted(topics.deadLetters(), (r, p) -> {
            Header reason = r.headers().lastHeader("careerstream.dlq.reason");
            deadLetters.merge(reason == null ? "?" : new String(reason.value(), StandardCharsets.UTF_8), 1, Integer::sum);
        });
        return new Outputs(transitions, alerts, finalStages, deadLetters);
    }

    record Outputs(Map<String, Integer> transitions, Map<String, Integer> alerts, Map<String, String> finalStages,
                   Map<String, Integer> deadLetters) {

        int records() {
            return transitions.values().stream().mapToInt(Integer::intValue).sum()
                    + alerts.values().stream().mapToInt(Integer::intValue).sum();
        }

        /** Records of the reference this run lacks (transitions and alerts). */
        long lostAgainst(Outputs reference) {
            return missing(reference.transitions, transitions) + missing(reference.alerts, alerts);
        }

        /** Records this run has more often than the reference. */
        long duplicatedAgainst(Outputs reference) {
            return missing(transitions, reference.transitions) + missing(alerts, reference.alerts);
        }

        long differingCustomers(Outputs reference) {
            java.util.Set<String> all = new java.util.TreeSet<>(reference.finalStages.keySet());
            all.addAll(finalStages.keySet());
            return all.stream().filter(c -> !java.util.Objects.equals(reference.finalStages.get(c), finalStages.get(c))).count();
        }

        private static long missing(Map<String, Integer> from, Map<String, Integer> in) {
            long n = 0;
            for (var e : from.entrySet()) {
                n += Math.max(0, e.getValue() - in.getOrDefault(e.getKey(), 0));
            }
            return n;
        }
    }

    @Override
    public void close() throws Exception {
        for (Instance instance : instances) {
            instance.stop();
        }
        if (broker != null && broker.isAlive()) {
            broker.destroy();
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor();
            }
        }
        keepLogs();
    }

    /** Every process's log into target/fault-suite/logs: where each restart spent its time, failed or not. */
    private void keepLogs() throws IOException {
        Path kept = Path.of("target", "fault-suite", "logs");
        try (var logDirs = Files.list(dir)) {
            for (Path logDir : logDirs.filter(p -> p.getFileName().toString().startsWith("logs-")).toList()) {
                Path target = kept.resolve(logDir.getFileName().toString().substring("logs-".length()));
                Files.createDirectories(target);
                try (var files = Files.list(logDir)) {
                    for (Path file : files.toList()) {
                        Files.copy(file, target.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

}
