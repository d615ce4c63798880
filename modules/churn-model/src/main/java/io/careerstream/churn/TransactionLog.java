package io.careerstream.churn;

import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;

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

    /** Takes each transaction as it is read, so that a reader need not keep them as objects. */
    @FunctionalInterface
    public interface Sink {
        void accept(String customerId, LocalDate date, double amount);
    }

    private static final DateTimeFormatter COMPACT = DateTimeFormatter.BASIC_ISO_DATE;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private TransactionLog() {
    }

    public static Result read(Path file) throws IOException {
        return read(file, bytes -> { });
    }

    /** Reads {@code file}, reporting the bytes read so far to {@code progress}. */
    public static Result read(Path file, LongConsumer progress) throws IOException {
        List<Transaction> transactions = new ArrayList<>();
        List<String> errors = read(file, progress, (id, date, amount) -> transactions.add(new Transaction(id, date, amount)));
        return new Result(transactions, errors);
    }

    /**
     * Reads {@code file} line by line into {@code sink}, reporting the bytes read so far to
     * {@code progress}; returns every line that was not read, as "line N: reason".
     */
    public static List<String> read(Path file, LongConsumer progress, Sink sink) throws IOException {
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
                            return errors;
                        }
                        continue;
                    }
                    if (text.startsWith("customer_id")) {
                        continue;
                    }
                }
                try {
                    if (csv) {
                        csvLine(text, sink);
                    } else {
                        whitespaceLine(text, sink);
                    }
                } catch (IllegalArgumentException | DateTimeParseException | ArithmeticException e) {
                    errors.add("line " + number + ": " + e.getMessage());
                }
            }
            progress.accept(bytes);
        }
        return errors;
    }

    private static void csvLine(String text, Sink sink) {
        String[] f = text.split(",", -1);
        if (f.length != 3) {
            throw new IllegalArgumentException("expected 3 fields customer_id,date,amount, found " + f.length);
        }
        transaction(f[0].strip(), f[1].strip(), f[2].strip(), sink);
    }

    private static void whitespaceLine(String text, Sink sink) {
        String[] f = WHITESPACE.split(text);
        switch (f.length) {
            case 4 -> transaction(f[0], f[1], f[3], sink);
            case 5 -> transaction(f[1], f[2], f[4], sink);
            default -> throw new IllegalArgumentException("expected 4 fields (CDNOW master) or 5 (CDNOW sample), found " + f.length);
        }
    }

    private static void transaction(String customerId, String date, String amount, Sink sink) {
        if (customerId.isEmpty()) {
            throw new IllegalArgumentException("empty customer id");
        }
        LocalDate day = date(date);
        double value = plainDecimal(amount) ? Double.parseDouble(amount) : decimal(amount);
        if (value < 0) {
            throw new IllegalArgumentException("amount " + amount + " is negative");
        }
        sink.accept(customerId, day, value);
    }

    /**
     * The date, read digit by digit when it has the shape of yyyy-MM-dd or yyyyMMdd (a formatter costs
     * more than the rest of a line); any other text, or a day that does not exist, goes to the
     * formatter, whose error message is the one reported.
     */
    private static LocalDate date(String text) {
        boolean dashed = text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-';
        if (dashed || text.length() == 8) {
            int monthAt = dashed ? 5 : 4;
            int dayAt = dashed ? 8 : 6;
            int year = digits(text, 0, 4);
            int month = digits(text, monthAt, monthAt + 2);
            int day = digits(text, dayAt, dayAt + 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= YearMonth.of(year, month).lengthOfMonth()) {
                return LocalDate.of(year, month, day);
            }
        }
        return text.contains("-") ? LocalDate.parse(text) : LocalDate.parse(text, COMPACT);
    }

    /** The number written by the digits of {@code text} from {@code from} to {@code to}, or -1 when one is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = 10 * value + (c - '0');
        }
        return value;
    }

    /**
     * Whether {@code text} is digits with at most one decimal point among them: then Double.parseDouble
     * gives the same double as BigDecimal (both round correctly) at a fraction of the cost.
     */
    private static boolean plainDecimal(String text) {
        boolean digit = false;
        boolean point = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.' && !point) {
                point = true;
            } else if (c >= '0' && c <= '9') {
                digit = true;
            } else {
                return false;
            }
        }
        return digit;
    }

    private static double decimal(String amount) {
        try {
            return new BigDecimal(amount).doubleValue();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("amount '" + amount + "' is not a number");
        }
    }
}
