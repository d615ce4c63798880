package io.careerstream.churn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The CDNOW sample as the literature uses it (see src/test/resources/cdnow/README.md). */
final class CdnowData {

    static final LocalDate CALIBRATION_END = LocalDate.of(1997, 9, 30);
    static final LocalDate HOLDOUT_END = LocalDate.of(1998, 6, 30);

    private CdnowData() {
    }

    static Path resource(String name) {
        try {
            return Path.of(CdnowData.class.getResource("/cdnow/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Exact (unrounded) calibration summaries computed from the transaction sample, by sample id. */
    static Map<String, CalibrationSplit.Customer> exactSample() {
        try {
            TransactionLog.Result read = TransactionLog.read(resource("CDNOW_sample.txt"));
            if (!read.errors().isEmpty()) {
                throw new IllegalStateException(read.errors().toString());
            }
            return CalibrationSplit.split(read.transactions(), CALIBRATION_END, HOLDOUT_END);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The published, rounded summary file: rows of ID, x, t_x, T (and zbar when present). */
    static List<PurchaseSummary> summaryFile(String name) {
        try {
            List<PurchaseSummary> rows = new ArrayList<>();
            List<String> lines = Files.readAllLines(resource(name));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.strip().split(",");
                rows.add(new PurchaseSummary(Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                        f.length > 4 ? Double.parseDouble(f[4]) : 0));
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
