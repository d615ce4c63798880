package io.careerstream.churn;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Map;

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

    /** Summaries at {@code calibrationEnd}; holdout purchase days counted up to {@code holdoutEnd}; in customer id order. */
    public static Map<String, Customer> split(Collection<TransactionLog.Transaction> transactions,
                                              LocalDate calibrationEnd, LocalDate holdoutEnd) {
        return PurchaseHistories.of(transactions).split(calibrationEnd, holdoutEnd);
    }

    /**
     * Every customer's summary at {@code end}, from all their transactions up to it, in customer id
     * order: the input of a fit on the whole history.
     */
    public static List<PurchaseSummary> summariesAt(Collection<TransactionLog.Transaction> transactions, LocalDate end) {
        return PurchaseHistories.of(transactions).summariesAt(end);
    }

    /** Weeks (days / 7) from {@code from} to {@code to}. */
    public static double weeks(LocalDate from, LocalDate to) {
        return ChronoUnit.DAYS.between(from, to) / 7.0;
    }
}
