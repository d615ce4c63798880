package io.careerstream.app;

import io.careerstream.app.http.HttpSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.app.ingest.FileImport;
import io.careerstream.app.ingest.ImportLedger;
import io.careerstream.app.ingest.ImportMapping;
import io.careerstream.app.ingest.RejectedRows;
import io.careerstream.app.ingest.RowMapper;
import io.careerstream.app.ingest.TouchpointChecks;
import io.careerstream.app.ingest.TouchpointSink;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.registry.RegistrySettings;
import io.careerstream.topics.TickProtocol;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A backfill without code: the rows of an export (CSV, JSON Lines, blank-separated columns), mapped
 * to touchpoints by a small YAML file, checked against the contract, sent with their event time
 * and deterministic event ids. A file imported before is not sent again (see {@link ImportLedger}).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import touchpoints from a file: CSV, JSON Lines or blank-separated columns, mapped to the "
                + "TouchpointEvent contract by a YAML file (default: FILE's name with .import.yaml, beside it; examples in "
                + "config/examples/). Every row is checked as the pipeline would check it before anything is sent; rows "
                + "that fail are reported (line, reason, why) and not sent. Rows are keyed by customer id (or alias), "
                + "stamped with their event time and given the mapped event id or one derived from their content, so a "
                + "resend is counted once. A file imported before (recorded on the import ledger topic) is not sent "
                + "again; a file that grew sends only its new rows.",
                "",
                "Exit status: 0 when every row was sent (or had been before); 1 when rows were rejected or not written "
                        + "(each is reported); 2 when nothing was sent (mapping, file or settings wrong)."})
public final class ImportCommand implements Callable<Integer> {

    @Mixin
    KafkaOptions kafka;

    @Parameters(index = "0", paramLabel = "FILE", description = "The export to import.")
    Path file;

    @Option(names = {"-m", "--mapping"}, paramLabel = "YAML",
            description = "Column mapping (default: FILE's name with .import.yaml, beside it).")
    Path mappingFile;

    @Option(names = "--rejected", paramLabel = "FILE",
            description = "Write the rejected rows (line, reason, why; tab-separated) to this file instead of the "
                    + "standard error.")
    Path rejectedFile;

    @Option(names = "--tick", description = "After the last row, send a tick to every partition at the file's last "
            + "event time, so the silence up to it is judged (the end of a backfill).")
    boolean tick;

    @Option(names = "--dry-run", description = "Check every row and report; send nothing (needs no broker or registry).")
    boolean dryRun;

    @Option(names = "--no-ledger", description = "Neither read nor write the import ledger: every row is sent, "
            + "and the pipeline's de-duplication alone keeps a resend from counting twice.")
    boolean noLedger;

    @Option(names = "--ledger-topic", paramLabel = "TOPIC",
            description = "The import ledger, created compacted with one partition if missing (default: the "
                    + "touchpoints topic's name with -imports).")
    String ledgerTopic;

    @Override
    public Integer call() throws Exception {
        if (!Files.isReadable(file)) {
            System.err.println("Cannot read " + file + ". Nothing sent.");
            return 2;
        }
        Path mappingPath = mappingFile != null ? mappingFile : ImportMapping.besideFile(file);
        if (!Files.isReadable(mappingPath)) {
            System.err.println("Cannot read the mapping " + mappingPath + (mappingFile == null ? " (give one with --mapping)"
                    : "") + ". Nothing sent.");
            return 2;
        }
        ImportMapping mapping;
        try {
            mapping = ImportMapping.read(mappingPath);
            new RowMapper(mapping); // its time format, zone and unit, checked before anything is sent
        } catch (IllegalArgumentException e) {
            System.err.println("Mapping " + mappingPath + ": " + e.getMessage() + ". Nothing sent.");
            return 2;
        }
        CareerstreamConfig config = dryRun
                ? new CareerstreamConfig(kafka.settings(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, "dry-run:9092",
                        RegistrySettings.URL, "mock://import-dry-run")), HttpSettings.KEYS)
                : kafka.config();
        String topic = config.pipeline().topics().touchpoints();
        byte[] seed = ImportLedger.seed(topic, Files.readAllBytes(mappingPath));
        String ledgerName = ledgerTopic != null ? ledgerTopic : topic + "-imports";
        ImportLedger ledger;
        try {
            ledger = dryRun || noLedger ? null : ImportLedger.load(config.pipeline().clientSettings(), ledgerName);
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            System.err.println("Cannot read the import ledger " + ledgerName + " (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + "). Nothing sent; --no-ledger imports without it.");
            return 2;
        }
        ImportLedger.Imported before = ledger == null ? ImportLedger.Imported.NOTHING : ledger.imported(file, seed);
        if (before.whole()) {
            System.out.println(file + " was imported on " + before.entry().importedAt() + " (" + String.format("%,d",
                    before.entry().sent()) + " rows sent then): nothing sent. --no-ledger sends it again.");
            return 0;
        }
        if (before.entry() != null) {
            System.out.printf("Lines 1 to %,d of %s were imported on %s: only the rows after them are sent.%n",
                    before.throughLine(), file, before.entry().importedAt());
        }
        FileImport.Result result;
        long started = System.nanoTime();
        try (PrintWriter rejected = rejectedFile == null
                ? new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), false)
                : new PrintWriter(Files.newBufferedWriter(rejectedFile, StandardCharsets.UTF_8));
             TouchpointSink sink = dryRun ? null : new TouchpointSink(config, "careerstream-import", 50, 60_000)) {
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName(dryRun ? "Checking" : "Importing")
                    .setInitialMax(Files.size(file)).setStyle(ProgressBarStyle.ASCII).setUnit(" KB", 1024)
                    .showSpeed().build()) {
                result = new FileImport(mapping, TouchpointChecks.of(config), sink, new RejectedRows(rejected),
                        config.pipeline().arrivalPolicy().lateGrace())
                        .run(file, seed, before.throughLine(), (bytes, rows) -> {
                            bar.stepTo(bytes);
                            bar.setExtraMessage(String.format(" %,.0f rows/s", rows / seconds(started)));
                        });
            } catch (IOException e) {
                System.err.println("Reading " + file + " stopped: " + e.getMessage()
                        + ". The rows before were sent; import the file again once it is repaired (rows sent before are "
                        + "counted once).");
                return 1;
            }
            double seconds = seconds(started);
            int ticked = result.notWritten() == 0 && tick && sink != null && result.sent() > 0
                    ? tick(sink, result.lastEventAt()) : 0;
            summary(result, seconds, ticked);
            if (result.notWritten() > 0) {
                result.writeFailures().forEach(System.err::println);
                System.err.printf("%,d rows not written to %s; the file is not recorded as imported: import it again "
                        + "(rows written now are counted once).%n", result.notWritten(), topic);
                return 1;
            }
            if (ticked < 0) {
                return 1;
            }
            if (ledger != null) {
                ledger.record(result.digest(), ImportLedger.entry(result.bytes(), result.lastLine(), file,
                        result.sent() + (before.entry() == null ? 0 : before.entry().sent()), result.rejected()));
            }
        }
        return result.rejected() > 0 ? 1 : 0;
    }

    /** Ticks at the file's last event time on every partition, after the rows; the partition count, or -1 on a failure. */
    private int tick(TouchpointSink sink, long at) throws Exception {
        int partitions = sink.partitions();
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>();
        for (ProducerRecord<byte[], byte[]> t : TickProtocol.<byte[], byte[]>ticks(sink.topic(), partitions, at)) {
            sends.add(sink.sendRaw(t));
        }
        sink.flush();
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("Ticks at " + Instant.ofEpochMilli(at) + " not all written: " + e.getCause()
                    + ". Send them with ./careerstream tick --at " + Instant.ofEpochMilli(at));
            return -1;
        }
        return partitions;
    }

    private void summary(FileImport.Result r, double seconds, int ticked) {
        System.out.printf("%s: %,d rows in %.1f s (%,.0f rows/s): %,d %s, %,d rejected%s%n", file, r.rows(), seconds,
                r.rows() / seconds, r.sent() - r.notWritten(), dryRun ? "would be sent" : "sent", r.rejected(),
                r.skipped() > 0 ? String.format(", %,d skipped (imported before)", r.skipped()) : "");
        if (r.rejected() > 0) {
            System.out.println("Rejected rows by reason" + (rejectedFile == null ? " (each on the standard error)"
                    : " (each in " + rejectedFile + ")") + ":");
            new java.util.TreeMap<>(r.rejectedByReason()).forEach((reason, n) -> System.out.printf("  %-20s %,d%n", reason, n));
        }
        if (r.outOfOrder().rows() > 0) {
            System.out.printf("Not in event-time order: %,d rows are more than the late grace (%s) behind a row before "
                    + "them (first on line %,d). The pipeline judges silence on each partition's latest event time, so "
                    + "a customer's older rows may arrive after the customer was judged silent and be dead-lettered as "
                    + "LATE. For a backfill, sort the file by event time first (docs/producing.md, Ordering).%n",
                    r.outOfOrder().rows(), PipelineSettings.LATE_GRACE_MS, r.outOfOrder().firstLine());
        }
        if (r.sent() > 0 && r.lastEventAt() != Long.MIN_VALUE) {
            System.out.println("Last event time " + Instant.ofEpochMilli(r.lastEventAt())
                    + (ticked > 0 ? "; ticks sent to " + ticked + " partitions at it" : ""));
        }
    }

    private static double seconds(long startedNanos) {
        return Math.max(System.nanoTime() - startedNanos, 1) / 1e9;
    }
}
