package io.careerstream.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compact histories that model fit reads a file into give what the map-per-customer split gave
 * (written here as the reference), and the file reader's quick paths for dates and amounts read what
 * the formatter and BigDecimal read.
 */
class PurchaseHistoriesTest {

    private static final long SEED = Long.getLong("QT_SEED", 19970101L);

    /** The split as it was written before the compact histories: a sorted map of days per customer. */
    private static Map<String, CalibrationSplit.Customer> referenceSplit(List<TransactionLog.Transaction> transactions,
                                                                       LocalDate calibrationEnd, LocalDate holdoutEnd) {
        Map<String, TreeMap<LocalDate, Double>> days = new TreeMap<>();
        for (TransactionLog.Transaction t : transactions) {
            days.computeIfAbsent(t.customerId(), k -> new TreeMap<>()).merge(t.date(), t.amount(), Double::sum);
        }
        Map<String, CalibrationSplit.Customer> customers = new LinkedHashMap<>();
        days.forEach((id, history) -> {
            LocalDate first = history.firstKey();
            if (first.isAfter(calibrationEnd)) {
                return;
            }
            NavigableMap<LocalDate, Double> calibration = history.headMap(calibrationEnd, true);
            int x = calibration.size() - 1;
            double repeatSpend = calibration.entrySet().stream().filter(e -> !e.getKey().equals(first))
                    .mapToDouble(Map.Entry::getValue).sum();
            double logIntervals = 0;
            LocalDate previous = null;
            for (LocalDate day : calibration.keySet()) {
                if (previous != null) {
                    logIntervals += Math.log(CalibrationSplit.weeks(previous, day));
                }
                previous = day;
            }
            PurchaseSummary summary = new PurchaseSummary(x, CalibrationSplit.weeks(first, calibration.lastKey()),
                    CalibrationSplit.weeks(first, calibrationEnd), x == 0 ? 0 : repeatSpend / x, logIntervals);
            customers.put(id, new CalibrationSplit.Customer(id, summary,
                    history.subMap(calibrationEnd, false, holdoutEnd, true).size()));
        });
        return customers;
    }

    @Test
    void theSplitIsTheMapPerCustomerSplitForTransactionsInAnyOrder() {
        qt().withFixedSeed(SEED).withExamples(200).withShrinkCycles(200)
                .forAll(longs().all(), integers().between(1, 200), integers().between(0, 400))
                .checkAssert((seed, size, cut) -> {
                    List<TransactionLog.Transaction> transactions = randomTransactions(new Random(seed), size);
                    LocalDate calibrationEnd = LocalDate.of(2024, 1, 1).plusDays(cut);
                    LocalDate holdoutEnd = calibrationEnd.plusDays(cut / 2);
                    Map<String, CalibrationSplit.Customer> reference = referenceSplit(transactions, calibrationEnd, holdoutEnd);
                    Map<String, CalibrationSplit.Customer> compact = PurchaseHistories.of(transactions)
                            .split(calibrationEnd, holdoutEnd);
                    assertThat(compact.keySet()).containsExactlyElementsOf(reference.keySet());
                    reference.forEach((id, expected) -> assertSameCustomer(compact.get(id), expected));
                });
    }

    private static void assertSameCustomer(CalibrationSplit.Customer actual, CalibrationSplit.Customer expected) {
        PurchaseSummary a = actual.calibration();
        PurchaseSummary e = expected.calibration();
        assertThat(actual.holdoutPurchases()).as(expected.id()).isEqualTo(expected.holdoutPurchases());
        assertThat(List.of(a.x(), a.tx(), a.T())).as(expected.id()).isEqualTo(List.of(e.x(), e.tx(), e.T()));
        assertThat(a.meanRepeatSpend()).as(expected.id()).isCloseTo(e.meanRepeatSpend(), within(1e-12 * e.meanRepeatSpend()));
        assertThat(a.logIntervalSum()).as(expected.id()).isCloseTo(e.logIntervalSum(), within(1e-12));
    }

    /** Customers from a small pool, days out of order, several purchases on one day. */
    private static List<TransactionLog.Transaction> randomTransactions(Random random, int size) {
        List<TransactionLog.Transaction> out = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            out.add(new TransactionLog.Transaction("c" + random.nextInt(1 + size / 4),
                    LocalDate.of(2024, 1, 1).plusDays(random.nextInt(500)), random.nextInt(10_000) / 100.0));
        }
        return out;
    }

    @Test
    void readingAFileGivesWhatTheFormatterAndBigDecimalRead(@TempDir Path dir) throws IOException {
        Random random = new Random(SEED);
        List<String> lines = new ArrayList<>(List.of("customer_id,date,amount"));
        List<TransactionLog.Transaction> expected = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            LocalDate day = LocalDate.of(1990, 1, 1).plusDays(random.nextInt(20_000));
            String amount = switch (i % 4) {
                case 0 -> Integer.toString(random.nextInt(1_000));
                case 1 -> random.nextInt(1_000) + "." + random.nextInt(100);
                case 2 -> "." + random.nextInt(1_000);
                default -> random.nextInt(100) + "e" + random.nextInt(3); // not plain: BigDecimal reads it
            };
            String date = i % 2 == 0 ? day.toString() : day.format(DateTimeFormatter.BASIC_ISO_DATE);
            lines.add("c" + i + "," + date + "," + amount);
            expected.add(new TransactionLog.Transaction("c" + i, day, new BigDecimal(amount).doubleValue()));
        }
        Path csv = dir.resolve("t.csv");
        Files.write(csv, lines);
        TransactionLog.Result read = TransactionLog.read(csv);
        assertThat(read.errors()).isEmpty();
        assertThat(read.transactions()).containsExactlyElementsOf(expected);
    }

    @Test
    void aDayThatDoesNotExistOrAnAmountThatIsNoNumberIsReportedAsTheFormatterAndBigDecimalSayIt(@TempDir Path dir)
            throws IOException {
        Path csv = dir.resolve("t.csv");
        Files.write(csv, List.of("customer_id,date,amount", "a,2023-02-30,5", "b,20230230,5", "c,2023-01-05,1.2.3",
                "d,2023-01-05,-4", "e,2023-01-05,7.5"));
        TransactionLog.Result read = TransactionLog.read(csv);
        assertThat(read.errors()).containsExactly(
                "line 2: " + messageOf(() -> LocalDate.parse("2023-02-30")),
                "line 3: " + messageOf(() -> LocalDate.parse("20230230", DateTimeFormatter.BASIC_ISO_DATE)),
                "line 4: amount '1.2.3' is not a number",
                "line 5: amount -4 is negative");
        assertThat(read.transactions()).extracting(TransactionLog.Transaction::customerId).containsExactly("e");
    }

    private static String messageOf(Runnable failing) {
        try {
            failing.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void aSimulatedFileHoldsTheCohortOfItsSeedAndIsTheSameForTheSameSeed(@TempDir Path dir) throws IOException {
        Path one = dir.resolve("one.csv");
        Path again = dir.resolve("again.csv");
        List<Integer> reported = new ArrayList<>();
        SimulatedTransactions.Written written = SimulatedTransactions.write(one, 300, 9, LocalDate.of(2023, 1, 1), reported::add);
        SimulatedTransactions.write(again, 300, 9, LocalDate.of(2023, 1, 1), n -> { });
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(one));
        assertThat(reported).last().isEqualTo(300);

        PurchaseHistories.Read read = PurchaseHistories.read(one, bytes -> { });
        assertThat(read.errors()).isEmpty();
        List<ChurnSimulation.SimCustomer> cohort = new ChurnSimulation(9).mixedCohort(300, 182, 728);
        long purchaseDays = cohort.stream().mapToLong(c -> c.purchaseDays().length).sum();
        assertThat(written).isEqualTo(new SimulatedTransactions.Written(300, purchaseDays));
        assertThat(read.transactions()).isEqualTo(purchaseDays);
        assertThat(read.histories().customers()).isEqualTo(300);
        // Each customer's repeat purchases are the cohort's: the file keeps the simulated days.
        List<PurchaseSummary> summaries = read.histories().summariesAt(LocalDate.of(2023, 1, 1).plusDays(728));
        assertThat(summaries.stream().mapToInt(PurchaseSummary::x).sorted().toArray())
                .isEqualTo(cohort.stream().mapToInt(c -> c.purchaseDays().length - 1).sorted().toArray());
        assertThat(summaries).allSatisfy(c -> assertThat(c.x() == 0 || c.meanRepeatSpend() > 0).isTrue());
    }
}
