package io.careerstream.app.ingest;

import com.google.common.io.CountingInputStream;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.pipeline.errors.InvalidTouchpointException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One pass over an import file: every row mapped, checked against the contract and, if it passes,
 * sent; every other row reported with its line and reason. Only the current row is held, and the
 * producer's bounded buffer holds what is on its way, so memory does not grow with the file. The
 * bytes read are hashed on the way for the {@link ImportLedger}.
 */
public final class FileImport {

    /** What a pass did. {@code digest} covers the ledger's seed and every byte of the file. */
    public record Result(long rows, long sent, long rejected, long skipped, long notWritten, long lastEventAt,
                         long lastLine, long bytes, MessageDigest digest, Queue<String> writeFailures,
                         java.util.Map<String, Long> rejectedByReason, OutOfOrder outOfOrder) {
    }

    /**
     * Rows sent more than the tolerance behind the latest event time of the rows before them. The
     * pipeline judges silence on each partition's latest event time, so in a file grouped by
     * customer a customer's older rows can arrive after that customer was judged silent and be
     * refused as LATE; a backfill should be sorted by time.
     */
    public record OutOfOrder(long rows, long firstLine) {
    }

    private static final int FAILURES_KEPT = 20;

    private final ImportMapping mapping;
    private final RowMapper mapper;
    private final TouchpointChecks checks;
    private final TouchpointSink sink;
    private final RejectedRows report;

    private final long orderToleranceMs;

    /**
     * @param sink             null for a dry run: rows are checked, nothing is sent
     * @param orderTolerance   how far a row may be behind the rows before it without being counted
     *                         out of order (the pipeline's late grace)
     */
    public FileImport(ImportMapping mapping, TouchpointChecks checks, TouchpointSink sink, RejectedRows report,
                      java.time.Duration orderTolerance) {
        this.orderToleranceMs = orderTolerance.toMillis();
        this.mapping = mapping;
        this.mapper = new RowMapper(mapping);
        this.checks = checks;
        this.sink = sink;
        this.report = report;
    }

    /**
     * Imports {@code file}, skipping the rows on lines up to {@code skipThroughLine} (imported
     * before), and waits until the broker has every row sent.
     *
     * @param progress told the bytes and rows read so far, now and then
     */
    public Result run(Path file, byte[] seed, long skipThroughLine, Progress progress) throws IOException {
        MessageDigest digest = ImportLedger.digest(seed);
        AtomicLong notWritten = new AtomicLong();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        long rows = 0;
        long sent = 0;
        long skipped = 0;
        long lastEventAt = Long.MIN_VALUE;
        long lastLine = 0;
        long outOfOrder = 0;
        long firstOutOfOrderLine = 0;
        try (CountingInputStream counted = new CountingInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
             InputStream in = new DigestInputStream(counted, digest);
             RowReader reader = RowReader.open(in, mapping)) {
            while (true) {
                Row row;
                try {
                    row = reader.next();
                } catch (RowReader.Malformed e) {
                    rows++;
                    lastLine = e.line();
                    if (e.line() > skipThroughLine) {
                        report.add(e.line(), RowRejected.MALFORMED_ROW, e.getMessage());
                    } else {
                        skipped++;
                    }
                    continue;
                }
                if (row == null) {
                    break;
                }
                rows++;
                lastLine = row.line();
                if ((rows & 0xFFF) == 0) {
                    progress.at(counted.getCount(), rows);
                }
                if (row.line() <= skipThroughLine) {
                    skipped++;
                    continue;
                }
                TouchpointEvent event;
                String key;
                try {
                    event = EventIds.withId(mapper.map(row));
                    key = checks.check(event);
                } catch (RowRejected e) {
                    report.add(row.line(), e.reason(), e.getMessage());
                    continue;
                } catch (InvalidTouchpointException e) {
                    report.add(row.line(), e.reason().name(), e.getMessage().substring(e.reason().name().length() + 2));
                    continue;
                }
                long at = event.getOccurredAt().toEpochMilli();
                if (lastEventAt != Long.MIN_VALUE && at < lastEventAt - orderToleranceMs && outOfOrder++ == 0) {
                    firstOutOfOrderLine = row.line();
                }
                lastEventAt = Math.max(lastEventAt, at);
                sent++;
                if (sink != null) {
                    long line = row.line();
                    sink.send(key, event).whenComplete((written, error) -> {
                        if (error != null && notWritten.incrementAndGet() <= FAILURES_KEPT) {
                            failures.add("line " + line + " (eventId " + event.getEventId() + ") not written: " + error);
                        }
                    });
                }
            }
            // To the end, so that the digest covers every byte whatever the reader left unread.
            in.transferTo(java.io.OutputStream.nullOutputStream());
            progress.at(counted.getCount(), rows);
            if (sink != null) {
                sink.flush();
            }
            report.flush();
            return new Result(rows, sent, report.total(), skipped, notWritten.get(), lastEventAt, lastLine,
                    counted.getCount(), digest, failures, report.byReason(), new OutOfOrder(outOfOrder, firstOutOfOrderLine));
        }
    }

    /** Told how far a pass has come. */
    @FunctionalInterface
    public interface Progress {
        void at(long bytesRead, long rowsRead);
    }
}
