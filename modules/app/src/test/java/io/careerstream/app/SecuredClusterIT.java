package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.careerstream.app.http.CareerstreamApi;
import io.careerstream.app.http.HttpSettings;
import io.careerstream.contracts.IdentityLink;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.embedded.EmbeddedKafkaBroker;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.embedded.Security;
import io.careerstream.embedded.TestCertificates;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.CareerTopics;
import io.careerstream.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Careerstream on a locked-down cluster: SASL_SSL (SCRAM-SHA-512 over TLS), {@code StandardAuthorizer},
 * no ACL no access. Each principal (the service, a producer of touchpoints, a campaign consumer, an
 * operator) holds exactly the ACLs {@code careerstream acls} prints, granted from its
 * {@code kafka-acls} commands; one settings file serves every command, each principal's
 * {@code sasl.jaas.config} coming from the environment. The outputs equal those of the same input
 * on a plain broker. Then every one of the service's ACLs is taken away in turn: the start fails
 * at once naming it, and nothing is read until it is back. No secret appears in any log or output.
 */
@ExtendWith(SchemaRegistryExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredClusterIT {

    private static final Instant T0 = Instant.parse("1997-01-01T12:00:00Z");
    private static final Instant END = Instant.parse("1998-06-30T00:00:00Z");
    private static final int CUSTOMERS = 12;
    private static final Topics TOPICS = Topics.DEFAULT;
    private static final String APP = "careerstream";

    private static Path dir;
    private static EmbeddedSchemaRegistry registry;
    private static Security security;
    private static EmbeddedKafkaBroker broker;
    private static Path settingsFile;
    private static final Map<String, String> PASSWORDS = new TreeMap<>();
    private static List<AclBinding> granted;
    private static String apiToken;
    private static TestCertificates.Store apiKeystore;
    private static final List<String> PRINTED = new ArrayList<>();

    @BeforeAll
    static void lockedDownCluster(EmbeddedSchemaRegistry schemaRegistry) throws Exception {
        registry = schemaRegistry;
        dir = Files.createTempDirectory("secured-cluster-it-");
        TestCertificates authority = TestCertificates.authority(dir.resolve("tls"));
        security = Security.withCertificates(authority);
        apiKeystore = authority.keystore("careerstream-api");
        apiToken = "api-" + TestCertificates.password();
        broker = EmbeddedKafkaBroker.builder().secured(security).start();
        broker.createTopics(TOPICS.newTopics(2));
        try (Admin admin = broker.admin()) {
            for (String user : List.of("careerstream", "touchpoint-producer", "campaigns", "careerstream-operator")) {
                PASSWORDS.put(user, TestCertificates.password());
                Security.createUser(admin, user, PASSWORDS.get(user));
            }
        }
        // The one settings file: the connection, never a principal's password.
        Properties file = new Properties();
        file.put("bootstrap.servers", broker.bootstrapServers());
        file.put("security.protocol", "SASL_SSL");
        file.put("sasl.mechanism", Security.MECHANISM);
        file.put("ssl.truststore.location", security.truststore().path().toString());
        file.put("ssl.truststore.type", security.truststore().type());
        file.put("schema.registry.url", registry.url());
        file.put("state.dir", dir.resolve("state").toString());
        file.put("session.timeout.ms", "6000");
        file.put("heartbeat.interval.ms", "1000");
        file.put("careerstream.punctuation.interval.ms", String.valueOf(Duration.ofDays(1).toMillis()));
        settingsFile = dir.resolve("careerstream.properties");
        try (var out = Files.newBufferedWriter(settingsFile)) {
            file.store(out, "secured cluster");
        }

        CliRun acls = run("careerstream", "acls", "-c", settingsFile.toString(), "--format", "commands");
        assertThat(acls.exit()).as(acls.err()).isZero();
        granted = parse(acls.out());
        try (Admin admin = broker.admin()) {
            admin.createAcls(granted).all().get(60, TimeUnit.SECONDS);
            awaitAcls(admin, granted.size());
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (broker != null) {
            broker.close();
        }
        // Every secret is absent from the logs of the whole run and from everything the commands printed.
        String logs = Files.readString(Path.of("target", "test-kafka.log"));
        List<String> secrets = new ArrayList<>(PASSWORDS.values());
        secrets.addAll(List.of(security.truststore().password(), security.keystore().password(), security.adminPassword(),
                apiToken, apiKeystore.password()));
        for (String secret : secrets) {
            assertThat(logs).as("the log holds no secret").doesNotContain(secret);
            assertThat(String.join("\n", PRINTED)).as("no command printed a secret").doesNotContain(secret);
        }
        assertThat(logs).as("the log shows what was hidden").contains("sasl.jaas.config = [hidden]");
    }

    @Test
    @Order(1)
    void everyPrincipalDoesItsWorkWithExactlyThePrintedAclsAndTheOutputsEqualAPlainBrokers() throws Exception {
        CliRun schemas = run("careerstream-operator", "schemas", "register", "-c", settingsFile.toString(),
                "--schemas", "../../schemas");
        assertThat(schemas.exit()).as(schemas.out() + schemas.err()).isZero();

        send(broker, producerSettings(), workload(registry));
        CareerstreamConfig config = config("careerstream");
        Map<String, List<String>> secured;
        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofMinutes(2), CareerstreamApi.newRegistry());
             CareerstreamApi api = CareerstreamApi.start(pipeline, new HttpSettings(Map.of(HttpSettings.HTTP_PORT, "0",
                     HttpSettings.HTTP_HOST, "127.0.0.1", HttpSettings.HTTP_TOKEN, apiToken)))) {
            // The closing tick once both paths are read (as the demo does): a replay then ends the same every time.
            awaitCaughtUp(broker);
            CliRun tick = run("careerstream-operator", "tick", "-c", settingsFile.toString(), "--at", END.toString());
            assertThat(tick.exit()).as(tick.out() + tick.err()).isZero();
            // untilAsserted: a timeout reports the last answer of `lag`.
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
                CliRun lag = run("careerstream-operator", "lag", "-c", settingsFile.toString());
                assertThat(lag.exit()).as(lag.out() + lag.err()).isZero();
            });
            awaitCaughtUp(broker);
            CliRun status = CliRun.withEnvironment(Map.of("CAREERSTREAM_CAREERSTREAM_HTTP_TOKEN", apiToken), "status",
                    "--url", "http://127.0.0.1:" + api.port());
            PRINTED.add(status.out() + status.err());
            assertThat(status.exit()).as(status.out() + status.err()).isZero();
            assertThat(status.out()).contains("RUNNING");
            secured = outputs(broker, consumerSettings("campaigns", PASSWORDS.get("campaigns")), "campaigns");

            CliRun erase = run("careerstream-operator", "erase", "-c", settingsFile.toString(), "--customer", "c0");
            assertThat(erase.exit()).as(erase.err()).isZero();
            CliRun fit = run("careerstream-operator", "model", "fit", "--input", "../../data/CDNOW_sample.txt",
                    "--as-of", "1997-09-30", "--publish", "-c", settingsFile.toString());
            assertThat(fit.exit()).as(fit.out() + fit.err()).isZero();
            assertThat(fit.out()).contains("Published to " + TOPICS.modelParameters());
            await().atMost(Duration.ofSeconds(60)).until(() -> profileTombstoned(consumerSettings("campaigns",
                    PASSWORDS.get("campaigns")), "c0"));
        }

        // The same input on a plain broker gives the same outputs.
        try (EmbeddedKafkaBroker plain = EmbeddedKafkaBroker.start()) {
            plain.createTopics(TOPICS.newTopics(2));
            Map<String, Object> plainSettings = new HashMap<>(Map.of("bootstrap.servers", plain.bootstrapServers()));
            send(plain, plainSettings, workload(registry));
            Map<String, Object> settings = new HashMap<>(config.originals());
            settings.keySet().removeIf(k -> k.startsWith("ssl.") || k.startsWith("sasl.") || k.equals("security.protocol"));
            settings.put("bootstrap.servers", plain.bootstrapServers());
            settings.put("state.dir", dir.resolve("plain-state").toString());
            try (CareerPipeline pipeline = CareerPipeline.start(new CareerstreamConfig(settings, HttpSettings.KEYS),
                    Duration.ofMinutes(2))) {
                awaitCaughtUp(plain);
                CliRun tick = CliRun.of("tick", "-b", plain.bootstrapServers(), "--at", END.toString());
                assertThat(tick.exit()).as(tick.err()).isZero();
                awaitCaughtUp(plain);
                assertThat(outputs(plain, plainSettings, "plain")).isEqualTo(secured);
            }
        }
        assertThat(secured.get(TOPICS.transitions())).hasSizeGreaterThan(CUSTOMERS);
        assertThat(secured.get(TOPICS.alerts())).isNotEmpty();
    }

    @Test
    @Order(2)
    void withAnyOneOfItsAclsTakenAwayTheServiceRefusesToStartNamingItAndReadsNothing() throws Exception {
        CareerstreamConfig config = config("careerstream");
        List<AclBinding> service = granted.stream().filter(b -> b.entry().principal().equals("User:careerstream")).toList();
        assertThat(service).hasSizeGreaterThan(20);
        long slowest = 0;
        try (Admin admin = broker.admin()) {
            for (AclBinding acl : service) {
                admin.deleteAcls(List.of(acl.toFilter())).all().get(60, TimeUnit.SECONDS);
                awaitAcls(admin, granted.size() - 1);
                // Input arrives while the service is refused: it must be read once the ACL is back.
                long started = System.nanoTime();
                assertThatThrownBy(() -> CareerPipeline.start(config, Duration.ofMinutes(2)).close())
                        .as("without " + acl)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(described(acl));
                slowest = Math.max(slowest, System.nanoTime() - started);
                admin.createAcls(List.of(acl)).all().get(60, TimeUnit.SECONDS);
                awaitAcls(admin, granted.size());
            }
        }
        System.out.printf("Slowest refusal with one ACL missing: %d ms over %d ACLs%n", slowest / 1_000_000, service.size());
        assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(30));
        // All back: it starts, and what was sent while it was refused is processed.
        send(broker, producerSettings(), List.of(purchase("late-comer", 99, END.minus(Duration.ofDays(1)), registry)));
        try (CareerPipeline pipeline = CareerPipeline.start(config, Duration.ofMinutes(2))) {
            await().atMost(Duration.ofSeconds(120)).until(() -> outputs(broker,
                    consumerSettings("campaigns", PASSWORDS.get("campaigns")), "campaigns").get(TOPICS.profiles())
                    .stream().anyMatch(p -> p.startsWith("late-comer ")));
        }
    }

    /** Until the service has processed everything on both its paths: the touchpoints and the resolved touchpoints. */
    private static void awaitCaughtUp(EmbeddedKafkaBroker target) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try (Admin admin = target.admin()) {
                io.careerstream.pipeline.ops.LagReport lag = new io.careerstream.pipeline.ops.LagReport(admin, Map.of(),
                        Duration.ofSeconds(30));
                return lag.total(APP, TOPICS.touchpoints()) == 0 && lag.total(APP, TOPICS.resolvedTouchpoints()) == 0;
            }
        });
    }

    /** "TOPIC touchpoints READ", "TOPIC careerstream (prefixed) CREATE": as the refusal names it. */
    private static String described(AclBinding acl) {
        return acl.pattern().resourceType() + " " + acl.pattern().name()
                + (acl.pattern().patternType() == PatternType.PREFIXED ? " (prefixed)" : "") + " " + acl.entry().operation();
    }

    private static CareerstreamConfig config(String user) throws IOException {
        Properties file = new Properties();
        try (var in = Files.newBufferedReader(settingsFile)) {
            file.load(in);
        }
        Map<String, Object> settings = new HashMap<>();
        file.stringPropertyNames().forEach(k -> settings.put(k, file.getProperty(k)));
        settings.putAll(KafkaOptions.fromEnvironment(environment(user)));
        return new CareerstreamConfig(settings, HttpSettings.KEYS);
    }

    /** A principal's secrets, as a deployment gives them: in the environment, not in the file or on the command line. */
    private static Map<String, String> environment(String user) {
        return Map.of("CAREERSTREAM_SASL_JAAS_CONFIG", Security.jaas(user, PASSWORDS.get(user)),
                "CAREERSTREAM_SSL_TRUSTSTORE_PASSWORD", security.truststore().password());
    }

    private static CliRun run(String user, String... args) {
        CliRun result = CliRun.withEnvironment(environment(user), args);
        PRINTED.add(result.out() + result.err());
        return result;
    }

    private static Map<String, Object> producerSettings() {
        Map<String, Object> settings = new HashMap<>(security.clientSettings("touchpoint-producer",
                PASSWORDS.get("touchpoint-producer")));
        settings.put("bootstrap.servers", broker.bootstrapServers());
        return settings;
    }

    private static Map<String, Object> consumerSettings(String user, String password) {
        Map<String, Object> settings = new HashMap<>(security.clientSettings(user, password));
        settings.put("bootstrap.servers", broker.bootstrapServers());
        return settings;
    }

    /** Every kafka-acls command printed, as the binding it adds. */
    static List<AclBinding> parse(String commands) {
        List<AclBinding> bindings = new ArrayList<>();
        for (String line : commands.lines().filter(l -> l.startsWith("kafka-acls.sh ")).toList()) {
            List<String> words = List.of(line.split(" +"));
            String principal = after(words, "--allow-principal");
            ResourceType type;
            String name;
            if (words.contains("--topic")) {
                type = ResourceType.TOPIC;
                name = after(words, "--topic");
            } else if (words.contains("--group")) {
                type = ResourceType.GROUP;
                name = after(words, "--group");
            } else if (words.contains("--transactional-id")) {
                type = ResourceType.TRANSACTIONAL_ID;
                name = after(words, "--transactional-id");
            } else {
                throw new AssertionError("no resource in " + line);
            }
            PatternType pattern = "prefixed".equals(words.contains("--resource-pattern-type")
                    ? after(words, "--resource-pattern-type") : null) ? PatternType.PREFIXED : PatternType.LITERAL;
            bindings.add(new AclBinding(new ResourcePattern(type, name, pattern), new AccessControlEntry(principal, "*",
                    org.apache.kafka.common.acl.AclOperation.valueOf(after(words, "--operation")
                            .replaceAll("(?<=[a-z])(?=[A-Z])", "_").toUpperCase(java.util.Locale.ROOT)), AclPermissionType.ALLOW)));
        }
        assertThat(bindings).doesNotHaveDuplicates();
        return bindings;
    }

    private static String after(List<String> words, String option) {
        return words.get(words.indexOf(option) + 1);
    }

    private static void awaitAcls(Admin admin, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeAcls(AclBindingFilter.ANY).values()
                .get(10, TimeUnit.SECONDS).size() == count);
    }

    /**
     * Customers who buy every few weeks, then stop; every third has a social handle linked to it, so
     * the service reads the links (and the resolver's stores are created). Mentions keyed by a handle
     * are left out: the two runs are compared record for record, and their order against a
     * customer's own purchases is not the same on every run (left for the identity detour's owners).
     */
    private static List<ProducerRecord<byte[], byte[]>> workload(EmbeddedSchemaRegistry registry) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        CareerTopics topics = topics(registry);
        for (int c = 0; c < CUSTOMERS; c++) {
            if (c % 3 == 0) {
                IdentityLink link = IdentityLink.newBuilder().setAlias("@fan" + c).setCustomerId("c" + c).setLinkedAt(T0).build();
                records.add(new ProducerRecord<>(TOPICS.identityLinks(), null, T0.toEpochMilli(), bytes("@fan" + c),
                        topics.identityLinks().valueSerializer().serialize(TOPICS.identityLinks(), link)));
            }
        }
        List<TouchpointEvent> events = new ArrayList<>();
        for (int c = 0; c < CUSTOMERS; c++) {
            for (int n = 0; n <= c % 5; n++) {
                events.add(purchaseEvent("c" + c, c * 10 + n, T0.plus(Duration.ofDays(20L * n + c))));
            }
        }
        events.sort(java.util.Comparator.comparing(TouchpointEvent::getOccurredAt));
        for (TouchpointEvent e : events) {
            String key = e.getCustomerId().isEmpty() ? e.getAlias() : e.getCustomerId();
            records.add(new ProducerRecord<>(TOPICS.touchpoints(), null, e.getOccurredAt().toEpochMilli(), bytes(key),
                    topics.touchpoints().valueSerializer().serialize(TOPICS.touchpoints(), e)));
        }
        return records;
    }

    private static ProducerRecord<byte[], byte[]> purchase(String customer, int n, Instant at, EmbeddedSchemaRegistry registry) {
        TouchpointEvent e = purchaseEvent(customer, n, at);
        return new ProducerRecord<>(TOPICS.touchpoints(), null, at.toEpochMilli(), bytes(customer),
                topics(registry).touchpoints().valueSerializer().serialize(TOPICS.touchpoints(), e));
    }

    private static TouchpointEvent purchaseEvent(String customer, int n, Instant at) {
        return TouchpointEvent.newBuilder().setEventId("e" + customer + "-" + n).setCustomerId(customer).setOccurredAt(at)
                .setChannel("web").setPayload(Purchase.newBuilder().setOrderId("o" + customer + "-" + n)
                        .setAmountMinor(1000L + n).setCurrency("USD").setItemCount(1).build()).build();
    }

    private static CareerTopics topics(EmbeddedSchemaRegistry registry) {
        return new CareerstreamConfig(Map.of("bootstrap.servers", "unused:9092", "schema.registry.url", registry.url()))
                .careerTopics();
    }

    private static void send(EmbeddedKafkaBroker target, Map<String, Object> settings, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        try (var producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<byte[], byte[]> record : records) {
                producer.send(record).get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Per output topic, every record as "key value-bytes-as-hex" in offset order per partition, sorted. */
    private static Map<String, List<String>> outputs(EmbeddedKafkaBroker target, Map<String, Object> settings, String group) {
        Map<String, List<String>> outputs = new TreeMap<>();
        Map<String, Object> config = new HashMap<>(settings);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (String topic : List.of(TOPICS.transitions(), TOPICS.alerts(), TOPICS.profiles())) {
                List<org.apache.kafka.common.TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new org.apache.kafka.common.TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<org.apache.kafka.common.TopicPartition, Long> end = consumer.endOffsets(partitions);
                TreeSet<String> records = new TreeSet<>();
                while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        // Values compared without their schema ids (the two runs share a registry, but be safe).
                        records.add(new String(r.key(), StandardCharsets.UTF_8) + " " + r.timestamp() + " "
                                + (r.value() == null ? "null" : java.util.HexFormat.of().formatHex(r.value(), 5, r.value().length)));
                    }
                }
                outputs.put(topic, new ArrayList<>(records));
            }
        }
        return outputs;
    }

    private static boolean profileTombstoned(Map<String, Object> settings, String customer) {
        return outputs(broker, settings, "campaigns").get(TOPICS.profiles()).stream()
                .anyMatch(r -> r.startsWith(customer + " ") && r.endsWith(" null"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
