package io.careerstream.app;

import java.util.concurrent.atomic.AtomicReference;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.CustomerState;
import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.pipeline.CareerPipeline;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.careerstream.sandbox.LocalCareerstream;
import io.careerstream.sandbox.workload.CdnowPurchases;
import io.careerstream.sandbox.workload.DemoWorkload;
import io.careerstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./careerstream import} against a real broker, registry and pipeline: CDNOW imported gives
 * the demo's purchase figures for every customer; a file imported again sends nothing, and resent
 * rows change nothing downstream; a file of bad rows is reported row by row and none of them is sent.
 */
@ExtendWith(SchemaRegistryExtension.class)
class ImportCommandIT {

    private static final Path CDNOW = Path.of("../../data/CDNOW_master.txt");
    private static final Path EXAMPLES = Path.of("../../config/examples");
    private static final Duration CAUGHT_UP = Duration.ofMinutes(4);

    @Test
    void cdnowImportedGivesTheDemosPurchaseFiguresAndASecondImportSendsNothing(EmbeddedSchemaRegistry registry,
                                                                              @TempDir Path dir) throws Exception {
        // CDNOW's file is grouped by customer. Silence is judged on each partition's latest event time, so a
        // backfill is sorted by time, as the import's warning says (a stable sort: a customer's rows keep their order).
        Path byTime = dir.resolve("cdnow-by-time.txt");
        List<String> lines = new ArrayList<>(Files.readAllLines(CDNOW, StandardCharsets.US_ASCII));
        lines.subList(1, lines.size()).sort(java.util.Comparator.comparing(line -> line.trim().split("\\s+")[1])); // after the header
        Files.write(byTime, lines, StandardCharsets.US_ASCII);
        try (LocalCareerstream local = LocalCareerstream.start(2, registry.url())) {
            CliRun grouped = importing(local, registry, CDNOW.toString(), "-m", EXAMPLES.resolve("cdnow.import.yaml").toString(),
                    "--dry-run");
            assertThat(grouped.out()).as(grouped.err()).contains("Not in event-time order", "sort the file by event time");
            CareerstreamConfig config = local.config("import-cdnow", Map.of());
            try (CareerPipeline pipeline = local.startPipeline(config)) {
                CliRun run = importing(local, registry, byTime.toString(), "-m", EXAMPLES.resolve("cdnow.import.yaml").toString(),
                        "--tick");
                assertThat(run.out()).doesNotContain("Not in event-time order");
                assertThat(run.exit()).as(run.out() + run.err()).isZero();
                assertThat(run.out()).contains("69,659 rows", "69,659 sent, 0 rejected",
                        "Last event time 1998-06-30T00:00:00Z; ticks sent to 2 partitions");
                local.awaitCaughtUp(pipeline, "import-cdnow", CAUGHT_UP, behind -> { });

                Map<String, Figures> imported = new TreeMap<>();
                var store = pipeline.streams().store(StoreQueryParameters.fromNameAndType(CareerTopology.CUSTOMER_STATE_STORE,
                        QueryableStoreTypes.<String, CustomerState>keyValueStore()));
                try (var all = store.all()) {
                    all.forEachRemaining(kv -> imported.put(kv.key, Figures.of(kv.value)));
                }
                Map<String, Long> before = endOffsets(local, config.pipeline().topics());
                assertThat(readAll(local, config.pipeline().topics().deadLetters()).stream()
                        .map(r -> r.headers().lastHeader("careerstream.dlq.reason"))
                        .map(h -> h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8)).toList())
                        .as("dead letters' reasons").isEmpty();
                Map<String, Figures> demo = demoPurchaseFigures();
                List<String> differences = new ArrayList<>();
                demo.forEach((customer, figures) -> {
                    if (!figures.equals(imported.get(customer))) {
                        differences.add(customer + ": demo " + figures + ", imported " + imported.get(customer));
                    }
                });
                assertThat(differences).as("customers whose purchase figures differ").isEmpty();
                assertThat(imported).hasSize(23_570).containsOnlyKeys(demo.keySet());

                CliRun again = importing(local, registry, byTime.toString(), "-m", EXAMPLES.resolve("cdnow.import.yaml").toString(),
                        "--tick");
                assertThat(again.exit()).as(again.out() + again.err()).isZero();
                assertThat(again.out()).contains("was imported on", "69,659 rows sent then", "nothing sent");
                local.awaitCaughtUp(pipeline, "import-cdnow", CAUGHT_UP, behind -> { });
                assertThat(endOffsets(local, config.pipeline().topics())).as("every topic, input and outputs").isEqualTo(before);
            }
        }
    }

    @Test
    void rowsSentAgainChangeNothingDownstreamAndAGrownFileSendsOnlyItsNewRows(EmbeddedSchemaRegistry registry,
                                                                             @TempDir Path dir) throws Exception {
        // Hours apart: a resend is within the pipeline's de-duplication window of every customer.
        Path orders = dir.resolve("orders.csv");
        Files.write(orders, List.of("order_number,customer_id,created_at,sales_channel,total,currency,items,categories",
                "7001,C-1,2025-03-01 09:00:00,web,10.00,USD,1,tea",
                "7002,C-2,2025-03-01 10:30:00,web,20.00,USD,2,tea|coffee",
                "7003,C-1,2025-03-01 12:15:00,pos,5.50,USD,1,coffee",
                "7004,C-2,2025-03-01 16:45:00,web,7.25,USD,1,tea"));
        Files.copy(EXAMPLES.resolve("orders.import.yaml"), dir.resolve("orders.import.yaml"));
        try (LocalCareerstream local = LocalCareerstream.start(2, registry.url())) {
            CareerstreamConfig config = local.config("import-again", Map.of());
            Topics topics = config.pipeline().topics();
            try (CareerPipeline pipeline = local.startPipeline(config)) {
                CliRun first = importing(local, registry, orders.toString());
                assertThat(first.exit()).as(first.out() + first.err()).isZero();
                assertThat(first.out()).contains("4 sent, 0 rejected");
                local.awaitCaughtUp(pipeline, "import-again", CAUGHT_UP, behind -> { });
                Map<String, Long> once = settledEndOffsets(local, topics);
                assertThat(once.get(topics.touchpoints())).isEqualTo(4);
                assertThat(once.get(topics.profiles())).as("profiles written").isPositive();

                CliRun ledgered = importing(local, registry, orders.toString());
                assertThat(ledgered.out()).contains("nothing sent");
                assertThat(endOffsets(local, topics)).isEqualTo(once);

                // Past the ledger: the rows reach the pipeline again, with the same ids, and change nothing.
                CliRun resent = importing(local, registry, orders.toString(), "--no-ledger");
                assertThat(resent.exit()).as(resent.out() + resent.err()).isZero();
                assertThat(resent.out()).contains("4 sent");
                local.awaitCaughtUp(pipeline, "import-again", CAUGHT_UP, behind -> { });
                Map<String, Long> twice = settledEndOffsets(local, topics);
                assertThat(twice.get(topics.touchpoints())).isEqualTo(8);
                twice.put(topics.touchpoints(), 4L);
                assertThat(twice).as("outputs and dead letters after the resend").isEqualTo(once);
                assertThat(pipeline.metrics().registry().get(CareerMetrics.DUPLICATES).counter().count()).isEqualTo(4.0);

                // The next day's export: yesterday's rows first, then one more.
                Files.writeString(orders, "7005,C-1,2025-03-02 10:00:00,web,8.00,USD,1,tea\n", StandardOpenOption.APPEND);
                CliRun grown = importing(local, registry, orders.toString());
                assertThat(grown.exit()).as(grown.out() + grown.err()).isZero();
                assertThat(grown.out()).contains("Lines 1 to 5 of", "1 sent, 0 rejected, 4 skipped (imported before)");
                assertThat(endOffsets(local, topics).get(topics.touchpoints())).isEqualTo(9);
            }
        }
    }

    @Test
    void aThousandBadRowsOfEightKindsAreReportedRowByRowAndNoneIsSent(EmbeddedSchemaRegistry registry, @TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("orders.csv");
        Files.copy(EXAMPLES.resolve("orders.import.yaml"), dir.resolve("orders.import.yaml"));
        List<String> lines = new ArrayList<>(List.of("order_number,customer_id,created_at,sales_channel,total,currency,items,categories"));
        Map<Long, String> expected = new TreeMap<>();
        Set<String> good = new HashSet<>();
        String[] reasons = {"MALFORMED_ROW", "UNPARSEABLE_VALUE", "MISSING_CUSTOMER_ID", "INVALID_TIMESTAMP",
            "FUTURE_TIMESTAMP", "NEGATIVE_AMOUNT", "INVALID_CURRENCY", "MISSING_ORDER_ID"};
        for (int i = 0; i < 1_010; i++) {
            String order = Integer.toString(500_000 + i);
            String customer = "C-" + (i % 37);
            if (i % 101 == 100) {
                lines.add(order + "," + customer + ",2025-03-01 10:00:00,web,9.99,USD,1,tea");
                good.add("shop-order-" + order);
                continue;
            }
            String reason = reasons[expected.size() % reasons.length];
            lines.add(switch (reason) {
                case "MALFORMED_ROW" -> order + "," + customer + ",2025-03-01 10:00:00,web,9.99";
                case "UNPARSEABLE_VALUE" -> order + "," + customer + ",2025-03-01 10:00:00,web,9.9x,USD,1,tea";
                case "MISSING_CUSTOMER_ID" -> order + ",,2025-03-01 10:00:00,web,9.99,USD,1,tea";
                case "INVALID_TIMESTAMP" -> order + "," + customer + ",01/03/2025,web,9.99,USD,1,tea";
                case "FUTURE_TIMESTAMP" -> order + "," + customer + ",2099-03-01 10:00:00,web,9.99,USD,1,tea";
                case "NEGATIVE_AMOUNT" -> order + "," + customer + ",2025-03-01 10:00:00,web,-9.99,USD,1,tea";
                case "INVALID_CURRENCY" -> order + "," + customer + ",2025-03-01 10:00:00,web,9.99,US$,1,tea";
                default -> "," + customer + ",2025-03-01 10:00:00,web,9.99,USD,1,tea";
            });
            expected.put((long) lines.size(), reason);
        }
        Files.write(file, lines);
        assertThat(expected).hasSize(1_000);
        assertThat(good).hasSize(10);
        Path rejected = dir.resolve("rejected.tsv");
        try (LocalCareerstream local = LocalCareerstream.start(2, registry.url())) {
            CliRun run = importing(local, registry, file.toString(), "--rejected", rejected.toString());
            assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(1);
            assertThat(run.out()).contains("1,010 rows", "10 sent, 1,000 rejected");
            for (String reason : reasons) {
                assertThat(run.out()).containsPattern(reason + " +125\\b");
            }
            Map<Long, String> reported = new TreeMap<>();
            for (String line : Files.readAllLines(rejected)) {
                String[] f = line.split("\t");
                assertThat(f).as(line).hasSize(3);
                assertThat(f[2]).as(line).isNotBlank();
                reported.put(Long.parseLong(f[0]), f[1]);
            }
            assertThat(reported).isEqualTo(expected);

            Set<String> sent = new HashSet<>();
            for (ConsumerRecord<byte[], byte[]> r : readAll(local, Topics.DEFAULT.touchpoints())) {
                TouchpointEvent event = local.topics().touchpoints().valueSerde().deserializer()
                        .deserialize(Topics.DEFAULT.touchpoints(), r.value());
                sent.add(event.getEventId());
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(event.getCustomerId());
                assertThat(r.timestamp()).isEqualTo(event.getOccurredAt().toEpochMilli());
            }
            assertThat(sent).isEqualTo(good);
        }
    }

    /** Per customer, what purchases decide: orders, purchase days, spend, first and last purchase day. */
    record Figures(int purchases, int purchaseDays, long spendMinor, LocalDate first, LocalDate last) {
        static Figures of(CustomerState s) {
            return new Figures(s.purchases(), s.purchaseDays(), s.totalSpendMinor(), day(s.firstPurchaseAt()),
                    day(s.lastPurchaseAt()));
        }
    }

    /** The same figures from the purchases the demo sends for CDNOW (DemoWorkload), customer by customer. */
    private static Map<String, Figures> demoPurchaseFigures() throws Exception {
        DemoWorkload.Workload workload = DemoWorkload.build(CdnowPurchases.read(CDNOW).rows(), 7, 0, 0);
        Map<String, List<TouchpointEvent>> byCustomer = new HashMap<>();
        for (DemoWorkload.Outgoing out : workload.records()) {
            if (out.event() != null && out.event().getPayload() instanceof Purchase) {
                byCustomer.computeIfAbsent(out.event().getCustomerId(), c -> new ArrayList<>()).add(out.event());
            }
        }
        Map<String, Figures> figures = new TreeMap<>();
        byCustomer.forEach((customer, events) -> {
            Set<String> orders = new HashSet<>();
            Set<LocalDate> days = new HashSet<>();
            long spend = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (TouchpointEvent e : events) {
                Purchase p = (Purchase) e.getPayload();
                orders.add(p.getOrderId());
                long at = e.getOccurredAt().toEpochMilli();
                days.add(day(at));
                spend += p.getAmountMinor();
                first = Math.min(first, at);
                last = Math.max(last, at);
            }
            figures.put(customer, new Figures(orders.size(), days.size(), spend, day(first), day(last)));
        });
        return figures;
    }

    private static LocalDate day(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static CliRun importing(LocalCareerstream local, EmbeddedSchemaRegistry registry, String... args) {
        List<String> all = new ArrayList<>(List.of("import", "-b", local.bootstrapServers(),
                "--schema-registry-url", registry.url()));
        all.addAll(List.of(args));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** Records on each of the pipeline's topics (input, outputs, dead letters, internal), summed over partitions. */
    /**
     * The end offsets once the pipeline has written all it will for what it read: caught up on its
     * input is not enough, since an RFM rebuild (paced by the wall clock) may still publish sketches
     * and the transitions the new boundaries make. Unchanged over two reads a second apart.
     */
    private static Map<String, Long> settledEndOffsets(LocalCareerstream local, Topics topics) {
        AtomicReference<Map<String, Long>> last = new AtomicReference<>();
        return await().atMost(CAUGHT_UP).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<String, Long> now = endOffsets(local, topics);
            return now.equals(last.getAndSet(now)) ? now : null;
        }, java.util.Objects::nonNull);
    }

    private static Map<String, Long> endOffsets(LocalCareerstream local, Topics topics) throws Exception {
        List<String> names = List.of(topics.touchpoints(), topics.transitions(), topics.alerts(), topics.profiles(),
                topics.deadLetters(), topics.rfmSketches(), topics.resolvedTouchpoints());
        try (Admin admin = local.broker().admin()) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var description : admin.describeTopics(names).allTopicNames().get().values()) {
                description.partitions().forEach(p -> latest.put(new TopicPartition(description.name(), p.partition()),
                        OffsetSpec.latest()));
            }
            Map<String, Long> offsets = new TreeMap<>();
            names.forEach(n -> offsets.put(n, 0L));
            admin.listOffsets(latest).all().get().forEach((tp, info) -> offsets.merge(tp.topic(), info.offset(), Long::sum));
            return offsets;
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(LocalCareerstream local, String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, local.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "read-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
