package io.careerstream.churn;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads purchase transactions. Formats, recognised from the first line:
 * <ul>
 *   <li>CSV with the header {@code customer_id,date,amount} (date {@code yyyy-MM-dd} or
 *       {@code yyyyMMdd}, amount a decimal number);</li>
 *   <li>the CDNOW master log: whitespace-separated {@code customer_id date cds dollars}, with or
 *       without its header line;</li>
 *   <li>the CDNOW sample: {@code master_id sample_id date cds dollars} (the sample id is used).</li>
 * </ul>
 * A line that does not parse is reported with its number and reason; reading goes on.
 */
public final class TransactionLog {

    /** One purchase. */
    public record Transaction(String customerId, LocalDate date, double amount) {
    }

    /** What was read, and every line that was not, as "line N: reason". */
    public record Result(List<Transaction> transactions, List<String> errors) {
    }

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;

    private TransactionLog() {
    }

    public static Result read(Path file) throws IOException {
        return read(file, bytes -> { });
    }

    /** Reads {@code file}, reporting the bytes read so far to {@code progress}. */
    public static Result read(Path file, LongConsumer progress) throws IOException {
        List<Transaction> transactions = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            long bytes = 0;
            Boolean csv = null;
            while ((line = in.readLine()) != null) {
                number++;
                bytes += line.length() + 1;
                if (number % 1000 == 0) {
                    progress.accept(bytes);
                }
                String text = line.strip();
                if (text.isEmpty()) {
                    continue;
                }
                if (csv == null) {
                    csv = text.contains(",");
                    if (csv) {
                        if (!text.replace(" ", "").equalsIgnoreCase("customer_id,date,amount")) {
                            errors.add("line 1: CSV input needs the header 'customer_id,date,amount', found '" + text + "'");
                            return new Result(transactions, errors);
                        }
                        continue;
                    }
                    if (text.startsWith("customer_id")) {
                        continue;
                    }
                }
                try {
                    transactions.add(csv ? csvLine(text) : whitespaceLine(text));
                } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
                    errors.add("line " + number + ": " + e.getMessage());
                }
            }
            progress.accept(bytes);
        }
        return new Result(transactions, errors);
    }

    private static Transaction csvLine(String text) {
        String[] f = text.split(",", -1);
        if (f.length != 3) {
            throw new IllegalArgumentException("expected 3 fields customer_id,date,amount, found " + f.length);
        }
        return transaction(f[0].strip(), f[1].strip(), f[2].strip());
    }

    private static Transaction whitespaceLine(String text) {
        String[] f = text.split("\\s+");
        return switch (f.length) {
            case 4 -> transaction(f[0], f[1], f[3]);
            case 5 -> transaction(f[1], f[2], f[4]);
            default -> throw new IllegalArgumentException("expected 4 fields (CDNOW master) or 5 (CDNOW sample), found " + f.length);
        };
    }

    private static Transaction transaction(String customerId, String date, String amount) {
        if (customerId.isEmpty()) {
            throw new IllegalArgumentException("empty customer id");
        }
        LocalDate day = date.contains("-") ? LocalDate.parse(date) : LocalDate.parse(date, COMPACT);
        double value;
        try {
            value = new BigDecimal(amount).doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + amount + "' is not a number");
        }
        if (value < 0) {
            throw new IllegalArgumentException("amount " + amount + " is negative");
        }
        return new Transaction(customerId, day, value);
    }
}
