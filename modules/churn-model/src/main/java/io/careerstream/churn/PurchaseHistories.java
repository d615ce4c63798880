package io.careerstream.churn;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * Every customer's purchase days and what they spent on each, kept compact: a day and an amount per
 * purchase day in shared arrays and no object per transaction, so that a million customers' histories
 * read from a file take a few hundred megabytes, not gigabytes. From them, the model inputs at any date the way
 * {@link CalibrationSplit} describes (purchases on one day merge, amounts summed; weeks = days / 7).
 * Customers are kept in customer id order.
 */
public final class PurchaseHistories {

    /** What a file held: the histories, how many transactions made them, and every line that was not read. */
    public record Read(PurchaseHistories histories, long transactions, List<String> errors) {
    }

    private final String[] ids;
    /** Customer c's purchase days are {@code days[first[c]] .. days[first[c + 1] - 1]}, ascending, as epoch days. */
    private final int[] first;
    private final int[] days;
    private final double[] spend;

    private PurchaseHistories(String[] ids, int[] first, int[] days, double[] spend) {
        this.ids = ids;
        this.first = first;
        this.days = days;
        this.spend = spend;
    }

    /** Reads a transactions file (any format {@link TransactionLog} reads), reporting the bytes read to {@code progress}. */
    public static Read read(Path file, LongConsumer progress) throws IOException {
        Collector collector = new Collector();
        List<String> errors = TransactionLog.read(file, progress, collector);
        return new Read(collector.histories(), collector.size, errors);
    }

    /** The histories of {@code transactions}. */
    public static PurchaseHistories of(Collection<TransactionLog.Transaction> transactions) {
        Collector collector = new Collector();
        transactions.forEach(t -> collector.accept(t.customerId(), t.date(), t.amount()));
        return collector.histories();
    }

    public int customers() {
        return ids.length;
    }

    /** The first purchase day of all; empty without customers. */
    public Optional<LocalDate> firstDay() {
        int earliest = Integer.MAX_VALUE;
        for (int c = 0; c < ids.length; c++) {
            earliest = Math.min(earliest, days[first[c]]);
        }
        return ids.length == 0 ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(earliest));
    }

    /** The last purchase day of all; empty without customers. */
    public Optional<LocalDate> lastDay() {
        int last = Integer.MIN_VALUE;
        for (int c = 0; c < ids.length; c++) {
            last = Math.max(last, days[first[c + 1] - 1]);
        }
        return ids.length == 0 ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(last));
    }

    /**
     * Each customer's summary at {@code calibrationEnd} and their purchase days after it up to
     * {@code holdoutEnd}, by customer id in id order; customers whose first purchase is after
     * {@code calibrationEnd} are left out. The same as {@link CalibrationSplit#split}.
     */
    public Map<String, CalibrationSplit.Customer> split(LocalDate calibrationEnd, LocalDate holdoutEnd) {
        int end = (int) calibrationEnd.toEpochDay();
        int holdout = (int) holdoutEnd.toEpochDay();
        Map<String, CalibrationSplit.Customer> customers = new LinkedHashMap<>();
        for (int c = 0; c < ids.length; c++) {
            PurchaseSummary summary = summaryAt(c, end);
            if (summary != null) {
                int later = 0;
                for (int i = first[c]; i < first[c + 1]; i++) {
                    if (days[i] > end && days[i] <= holdout) {
                        later++;
                    }
                }
                customers.put(ids[c], new CalibrationSplit.Customer(ids[c], summary, later));
            }
        }
        return customers;
    }

    /** Every customer's summary at {@code end} (those who first bought after it left out), in customer id order. */
    public List<PurchaseSummary> summariesAt(LocalDate end) {
        int day = (int) end.toEpochDay();
        List<PurchaseSummary> out = new ArrayList<>(ids.length);
        for (int c = 0; c < ids.length; c++) {
            PurchaseSummary summary = summaryAt(c, day);
            if (summary != null) {
                out.add(summary);
            }
        }
        return out;
    }

    /** Customer c's summary at epoch day {@code end}; null when their first purchase is after it. */
    private PurchaseSummary summaryAt(int c, int end) {
        int from = first[c];
        if (days[from] > end) {
            return null;
        }
        int to = from + 1;
        double repeatSpend = 0;
        double logIntervals = 0;
        while (to < first[c + 1] && days[to] <= end) {
            repeatSpend += spend[to];
            logIntervals += Math.log((days[to] - days[to - 1]) / 7.0);
            to++;
        }
        int x = to - from - 1;
        return new PurchaseSummary(x, (days[to - 1] - days[from]) / 7.0, (end - days[from]) / 7.0,
                x == 0 ? 0 : repeatSpend / x, logIntervals);
    }

    /** Gathers transactions in arrival order, then sorts them into per-customer days. */
    private static final class Collector implements TransactionLog.Sink {
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> ids = new ArrayList<>();
        private int[] customer = new int[1024];
        private int[] day = new int[1024];
        private double[] amount = new double[1024];
        private int size;

        @Override
        public void accept(String customerId, LocalDate date, double value) {
            Integer c = index.get(customerId);
            if (c == null) {
                c = ids.size();
                index.put(customerId, c);
                ids.add(customerId);
            }
            if (size == day.length) {
                customer = Arrays.copyOf(customer, 2 * size);
                day = Arrays.copyOf(day, 2 * size);
                amount = Arrays.copyOf(amount, 2 * size);
            }
            customer[size] = c;
            day[size] = (int) date.toEpochDay();
            amount[size] = value;
            size++;
        }

        PurchaseHistories histories() {
            int n = ids.size();
            // Customers in id order: rank[c] is customer c's place.
            Integer[] byId = new Integer[n];
            for (int c = 0; c < n; c++) {
                byId[c] = c;
            }
            Arrays.parallelSort(byId, Comparator.comparing(ids::get));
            int[] rank = new int[n];
            String[] sortedIds = new String[n];
            for (int place = 0; place < n; place++) {
                rank[byId[place]] = place;
                sortedIds[place] = ids.get(byId[place]);
            }
            // Transactions bucketed by customer, in arrival order within each (so same-day amounts add up in file order).
            int[] start = new int[n + 1];
            for (int i = 0; i < size; i++) {
                start[rank[customer[i]] + 1]++;
            }
            for (int c = 0; c < n; c++) {
                start[c + 1] += start[c];
            }
            int[] next = Arrays.copyOf(start, n);
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[next[rank[customer[i]]]++] = i;
            }
            int[] first = new int[n + 1];
            int[] days = new int[size];
            double[] spend = new double[size];
            int out = 0;
            for (int c = 0; c < n; c++) {
                first[c] = out;
                int[] mine = inDayOrder(order, start[c], start[c + 1]);
                for (int i : mine) {
                    if (out > first[c] && days[out - 1] == day[i]) {
                        spend[out - 1] += amount[i];
                    } else {
                        days[out] = day[i];
                        spend[out] = amount[i];
                        out++;
                    }
                }
            }
            first[n] = out;
            return new PurchaseHistories(sortedIds, first, Arrays.copyOf(days, out), Arrays.copyOf(spend, out));
        }

        /** The transactions {@code order[from..to)} sorted by day, ties in arrival order (files are mostly in order already). */
        private int[] inDayOrder(int[] order, int from, int to) {
            int[] mine = Arrays.copyOfRange(order, from, to);
            boolean sorted = true;
            for (int i = 1; i < mine.length && sorted; i++) {
                sorted = day[mine[i - 1]] <= day[mine[i]];
            }
            if (!sorted) {
                mine = Arrays.stream(mine).boxed().sorted(Comparator.comparingInt(i -> day[i])).mapToInt(Integer::intValue).toArray();
            }
            return mine;
        }
    }
}
