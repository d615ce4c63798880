package io.careerstream.churn;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Turns transactions into per-customer model inputs the way the literature does: purchases on
 * the same day merge into one (amounts summed), time is in weeks (days / 7), the first purchase
 * is not a repeat. Customers who first bought after the calibration end are left out.
 */
public final class CalibrationSplit {

    /** A customer's calibration summary and their repeat purchase days in the holdout. */
    public record Customer(String id, PurchaseSummary calibration, int holdoutPurchases) {
    }

    private CalibrationSplit() {
    }

    /** Summaries at {@code calibrationEnd}; holdout purchase days counted up to {@code holdoutEnd}. */
    public static Map<String, Customer> split(Collection<TransactionLog.Transaction> transactions,
                                              LocalDate calibrationEnd, LocalDate holdoutEnd) {
        Map<String, TreeMap<LocalDate, Double>> days = new TreeMap<>();
        for (TransactionLog.Transaction t : transactions) {
            days.computeIfAbsent(t.customerId(), k -> new TreeMap<>()).merge(t.date(), t.amount(), Double::sum);
        }
        Map<String, Customer> customers = new LinkedHashMap<>();
        days.forEach((id, history) -> {
            LocalDate first = history.firstKey();
            if (first.isAfter(calibrationEnd)) {
                return;
            }
            NavigableMap<LocalDate, Double> calibration = history.headMap(calibrationEnd, true);
            int x = calibration.size() - 1;
            LocalDate last = calibration.lastKey();
            double repeatSpend = calibration.entrySet().stream().filter(e -> !e.getKey().equals(first))
                    .mapToDouble(Map.Entry::getValue).sum();
            double logIntervals = 0;
            LocalDate previous = null;
            for (LocalDate day : calibration.keySet()) {
                if (previous != null) {
                    logIntervals += Math.log(weeks(previous, day));
                }
                previous = day;
            }
            PurchaseSummary summary = new PurchaseSummary(x, weeks(first, last), weeks(first, calibrationEnd),
                    x == 0 ? 0 : repeatSpend / x, logIntervals);
            int holdout = history.subMap(calibrationEnd, false, holdoutEnd, true).size();
            customers.put(id, new Customer(id, summary, holdout));
        });
        return customers;
    }

    /**
     * Every customer's summary at {@code end}, from all their transactions up to it, in customer id
     * order: the input of a fit on the whole history.
     */
    public static List<PurchaseSummary> summariesAt(Collection<TransactionLog.Transaction> transactions, LocalDate end) {
        return split(transactions, end, end).values().stream().map(Customer::calibration).toList();
    }

    /** Weeks (days / 7) from {@code from} to {@code to}. */
    public static double weeks(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) / 7.0;
    }
}
