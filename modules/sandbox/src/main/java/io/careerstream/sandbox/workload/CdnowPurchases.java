package io.careerstream.sandbox.workload;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the CDNOW transaction log (see data/README.md): one purchase per row. Rows that do not
 * parse are collected with their line number and reason instead of stopping the read.
 */
public final class CdnowPurchases {

    /** One CDNOW row. {@code occurredAt} is the day at a deterministic time of day. */
    public record Row(int line, String customerId, long occurredAt, int cds, long amountCents) {
    }

    /** Rows read, and the lines rejected with their reasons. */
    public record Result(List<Row> rows, List<String> rejected) {
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.BASIC_ISO_DATE;

    private CdnowPurchases() {
    }

    public static Result read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                number++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || (number == 1 && trimmed.startsWith("customer_id"))) {
                    continue;
                }
                try {
                    rows.add(parse(number, trimmed));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    rejected.add(file.getFileName() + ":" + number + ": " + e.getMessage());
                }
            }
        }
        return new Result(rows, rejected);
    }

    static Row parse(int line, String text) {
        String[] f = text.split("\\s+");
        if (f.length != 4) {
            throw new IllegalArgumentException("expected 4 fields (customer_id date number_of_cds dollar_value), found " + f.length);
        }
        if (!f[0].chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("customer_id '" + f[0] + "' is not numeric");
        }
        LocalDate day = LocalDate.parse(f[1], DATE);
        int cds = Integer.parseInt(f[2]);
        long cents = new BigDecimal(f[3]).movePointRight(2).longValueExact();
        if (cds < 0 || cents < 0) {
            throw new IllegalArgumentException("negative quantity or amount");
        }
        // The log has dates only: spread purchases over shop hours, stable per row.
        long minuteOfDay = 9 * 60 + Math.floorMod(line * 7919L, 12 * 60);
        long at = day.atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli() + minuteOfDay * 60_000L;
        return new Row(line, f[0], at, cds, cents);
    }
}
