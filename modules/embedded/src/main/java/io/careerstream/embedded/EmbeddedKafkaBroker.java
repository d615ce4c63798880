package io.careerstream.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), started in this
 * JVM from the Maven Central jars on loopback ports: free ones, or a chosen client port
 * ({@link #builder()}). It runs transactions, so exactly-once Kafka Streams applications work
 * against it. No Docker needed.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int NODE_ID = 1;
    /** Settings the broker derives from its port and log directory; overriding them would contradict those. */
    private static final Set<String> DERIVED = Set.of("listeners", "advertised.listeners", "controller.quorum.voters",
            "controller.quorum.bootstrap.servers", "node.id", "log.dirs", "log.dir", "metadata.log.dir");

    private final Path logDir;
    private final boolean deleteOnClose;
    private final int port;
    private final Security security;
    private final KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path logDir, boolean deleteOnClose, int requestedPort, Map<String, String> overrides,
                                Security security) throws Exception {
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
        this.port = requestedPort == 0 ? freePort() : requestedPort;
        this.security = security;
        int controllerPort = freePort();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        if (security == null) {
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
            props.put("inter.broker.listener.name", "PLAINTEXT");
        } else {
            props.putAll(security.brokerSettings(port, controllerPort));
        }
        props.put("log.dirs", logDir.toString());
        // One node: every internal topic has one replica, and few partitions keep start-up quick.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "false");
        props.putAll(overrides);
        KafkaConfig config = KafkaConfig.fromProps(props, false);

        // A directory that holds a broker already (a restart on the same data) is used as it is.
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(logDir, security);
        }
        this.server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            // For example the chosen port is taken: stop what did start (the controller) before failing.
            server.shutdown();
            server.awaitShutdown();
            throw e;
        }
    }


    private static void format(Path logDir, Security security) throws Exception {
        Formatter formatter = new Formatter();
        if (security != null) {
            // The admin's SCRAM credentials go into the first metadata, as kafka-storage format
            // --add-scram puts them: the broker talks to itself as the admin from its first moment.
            formatter.setScramArguments(List.of(Security.MECHANISM + "=[name=" + security.adminUser() + ",password="
                    + security.adminPassword() + "]"));
        }
        formatter
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(NODE_ID)
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setMetadataLogDirectory(logDir.toString())
                .setDirectories(List.of(logDir.toString()))
                .setReleaseVersion(MetadataVersion.latestProduction())
                .run();
    }

    /** Starts a broker on a free port whose data lives in a fresh temporary directory, deleted on close. */
    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    /** Starts a broker on a free port on {@code logDir} with extra broker settings; waits until it serves requests. */
    public static EmbeddedKafkaBroker start(Path logDir, boolean deleteOnClose, Map<String, String> overrides) {
        return builder().logDir(logDir, deleteOnClose).settings(overrides).start();
    }

    /** For a broker on a chosen port, directory or settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Options of a broker to start; every one has a default. */
    public static final class Builder {
        private int port;
        private Path logDir;
        private boolean deleteOnClose = true;
        private final Map<String, String> settings = new LinkedHashMap<>();
        private Security security;

        private Builder() {
        }

        /**
         * A locked-down broker: clients connect with SASL_SSL (SCRAM-SHA-512 over TLS) only,
         * {@code StandardAuthorizer} with {@code allow.everyone.if.no.acl.found=false}, and the
         * admin of {@code security} as super user; see {@link Security}.
         */
        public Builder secured(Security security) {
            this.security = security;
            return this;
        }

        /**
         * The client port (PLAINTEXT listener, advertised as such and returned by
         * {@link EmbeddedKafkaBroker#bootstrapServers()}); 0, the default, picks a free one. The controller always
         * listens on a free port of its own.
         */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 (a free port) or 1-65535, not " + port);
            }
            this.port = port;
            return this;
        }

        /** Keep the broker's data in {@code dir} (default: a fresh temporary directory, deleted on close). */
        public Builder logDir(Path dir, boolean deleteOnClose) {
            this.logDir = dir;
            this.deleteOnClose = deleteOnClose;
            return this;
        }

        /**
         * Extra broker settings. Listeners, node id and log directories are derived from
         * {@link #port(int)} and {@link #logDir(Path, boolean)} and cannot be set here.
         */
        public Builder settings(Map<String, String> settings) {
            for (String key : settings.keySet()) {
                if (DERIVED.contains(key)) {
                    throw new IllegalArgumentException("Broker setting '" + key + "' is derived from the port and log "
                            + "directory; choose the port with port(int) and the directory with logDir(Path, boolean)");
                }
            }
            this.settings.putAll(settings);
            return this;
        }

        /** Starts the broker and waits until it serves requests. */
        public EmbeddedKafkaBroker start() {
            Path dir;
            try {
                dir = logDir != null ? Files.createDirectories(logDir) : Files.createTempDirectory("careerstream-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            EmbeddedKafkaBroker broker;
            try {
                broker = new EmbeddedKafkaBroker(dir, deleteOnClose, port, Map.copyOf(settings), security);
            } catch (Exception e) {
                if (deleteOnClose) {
                    deleteRecursively(dir);
                }
                throw new IllegalStateException("Embedded Kafka broker failed to start in " + dir
                        + (port == 0 ? "" : " on port " + port) + ": " + e, e);
            }
            broker.awaitReady(Duration.ofSeconds(60));
            return broker;
        }
    }

    /** The port clients connect to. */
    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** An admin client; on a secured broker, the super user's. */
    public Admin admin() {
        return Admin.create(adminSettings());
    }

    /** What a client needs to reach this broker as its admin (the super user on a secured broker). */
    public Map<String, Object> adminSettings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        if (security != null) {
            settings.putAll(security.clientSettings(security.adminUser(), security.adminPassword()));
        }
        return settings;
    }

    /** The security of a broker started {@link Builder#secured secured}, or null. */
    public Security security() {
        return security;
    }

    /** Creates topics and waits until the broker confirms them and serves every partition. */
    public void createTopics(List<NewTopic> topics) {
        try (Admin admin = admin()) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
            awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), Duration.ofSeconds(60));
        } catch (Exception e) {
            throw new IllegalStateException("Could not create topics " + topics + ": " + e, e);
        }
    }

    /**
     * Waits until every partition of {@code topics} has a leader. Writing sooner risks more than a
     * delay: an idempotent producer's first batch to a partition the broker does not serve yet is
     * retried while its later batches may already land, and the retried batch is then refused as
     * out of sequence — records lost to the writer unless it checks every send.
     */
    public static void awaitLeaders(Admin admin, Collection<String> topics, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean served;
            try {
                served = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                        .flatMap(d -> d.partitions().stream())
                        .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                served = false; // not known to the broker yet
            }
            if (served) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("Partitions of " + topics + " have no leader after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private void awaitReady(Duration timeout) {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Embedded Kafka broker did not become ready within " + timeout + ": " + e, e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            deleteRecursively(logDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // Best effort: a leftover temp dir is not worth failing a shutdown for.
        }
    }

    /** A loopback port nobody listens on at this moment (for a server to bind, or a test to find closed). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
