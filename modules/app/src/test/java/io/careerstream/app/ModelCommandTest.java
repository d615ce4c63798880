package io.careerstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCommandTest {

    @Tag("slow") // seconds of numerical work: in `mvn verify`, not in the inner loop
    @Test
    void evaluatePrintsTheHoldoutTableTheRuleComparisonPerModelAndWritesTheChart(@TempDir Path dir) throws Exception {
        Path chart = dir.resolve("trade-off.png");
        Path limit = dir.resolve("limit.png");
        Path reliability = dir.resolve("reliability.png");
        CliRun r = CliRun.of("model", "evaluate", "--input", "../../data/CDNOW_sample.txt", "--customers", "450",
                "--thresholds", "0.3,0.1", "--chart", chart.toString(), "--limit-chart", limit.toString(),
                "--reliability-chart", reliability.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("| 7+ |", "| **total** | 2,357 | 1,882 |", "no purchase for 90 days",
                "2 x own cadence", "MBG/NBD P(alive) < 0.30", "Pareto/NBD P(alive) < 0.10", "MBG/CNBD-mix P(alive) < 0.30",
                "| F1 |", "delay (days): median", "| 90th pct |", "F1, alerts within 30 d");
        // The calibration of the holdout predictions on CDNOW, and the stream's alerts at the calibration end.
        assertThat(r.out()).contains("| MBG/NBD (picked) |", "ECE (deciles)", "| decile of predicted P(purchase in the holdout)",
                "| MBG/NBD | LAPSED (P(alive) < 0.05) |", "| MBG/CNBD-mix | no alert |", "Reliability chart: " + reliability);
        // The achievable limit beside the models.
        assertThat(r.out()).contains("| Bayes-optimal P(alive) < 0.10 |", "| hidden truth P(alive) < 0.10 |",
                "(the stream's model) |", "| Bayes-optimal P(alive) |", "| at every median delay |",
                "| at every 90th percentile delay |", "Charts: " + chart + ", " + limit);
        // The stream, replayed on the same cohort, raises exactly the evaluation's alerts at its two thresholds.
        assertThat(r.out()).contains("3. The stream on the same cohort");
        java.util.regex.Matcher rows = java.util.regex.Pattern.compile(
                "\\| (MBG/[^|]+) \\| (AT_RISK|LAPSED) \\(0\\.\\d+\\) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\| ([\\d,]+) \\|")
                .matcher(r.out());
        int compared = 0;
        while (rows.find()) {
            compared++;
            assertThat(rows.group(4)).as(rows.group()).isEqualTo(rows.group(3));
            assertThat(rows.group(5)).as(rows.group()).isEqualTo(rows.group(3));
            assertThat(rows.group(6) + rows.group(7)).as(rows.group()).isEqualTo("00");
        }
        assertThat(compared).as("MBG/NBD, MBG/CNBD-k and the mixture at two levels each").isEqualTo(6);
        for (Path png : List.of(chart, limit, reliability)) {
            byte[] bytes = Files.readAllBytes(png);
            assertThat(bytes).as(png.toString()).hasSizeGreaterThan(10_000);
            assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    @Tag("slow") // seconds of numerical work: in `mvn verify`, not in the inner loop
    @Test
    void theChartsAreSvgWhenTheFileNamesSaySo(@TempDir Path dir) throws Exception {
        Path chart = dir.resolve("trade-off.svg");
        Path limit = dir.resolve("limit.svg");
        Path reliability = dir.resolve("reliability.svg");
        CliRun r = CliRun.of("model", "evaluate", "--input", "../../data/CDNOW_sample.txt", "--customers", "300",
                "--thresholds", "0.2", "--chart", chart.toString(), "--limit-chart", limit.toString(),
                "--reliability-chart", reliability.toString(), "--no-stream-check");
        assertThat(r.exit()).as(r.err()).isZero();
        for (Path svg : List.of(chart, limit, reliability)) {
            assertThat(Files.readString(svg)).as(svg.toString()).contains("<svg", "<path");
        }
    }

    @Test
    void evaluateRefusesACohortItCouldNotFinishAndStopsAfterCdnowWhenAsked(@TempDir Path dir) {
        CliRun tooMany = CliRun.of("model", "evaluate", "--customers", "1000000");
        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--customers must be between 300 and 50,000");

        Path reliability = dir.resolve("reliability.png");
        CliRun cdnowOnly = CliRun.of("model", "evaluate", "--input", "../../data/CDNOW_sample.txt", "--no-simulation",
                "--reliability-chart", reliability.toString());
        assertThat(cdnowOnly.exit()).as(cdnowOnly.err()).isZero();
        assertThat(cdnowOnly.out()).contains("ECE (deciles)").doesNotContain("2. Simulation");
        assertThat(reliability).exists();
        // The recalibration learned inside the calibration period (its two halves by default), beside the raw table.
        assertThat(cdnowOnly.out()).contains("Recalibration learned inside the calibration period",
                "fitted on the purchases to 1997-05-17 (2,357 customers)", "| MBG/NBD (picked) |", "| decile (MBG/NBD) | raw:",
                "| 1997-05-17 (used) |", "| decile, recalibrated inside | BG/NBD x1.", "| 1997-08-31 |", "| real holdout (oracle) |",
                "MBG/NBD, recalibrated inside the calibration period: ECE 0.0");
    }

    @Test
    void fitWithoutAModelComparesThemAllOnCdnowAndPicksOneSayingWhy() {
        CliRun r = CliRun.of("model", "fit", "--input", "../../data/CDNOW_sample.txt");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("calibration to 1997-09-30", "| BG/NBD |", "| MBG/NBD (picked) |", "| MBG/CNBD-1 |",
                "| Pareto/NBD |", "| MBG/CNBD-mix |", "Picked MBG/NBD: MBG/NBD has the lowest BIC", "estimated regularity is k = 1",
                "holdout forecast (actual 1,882)");
    }

    @Test
    void fitReportsRejectedLinesAndRefusesToPublishWhatTheDataCannotIdentify(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("t.csv");
        Files.write(csv, List.of("customer_id,date,amount", "a,2024-01-05,10", "a,2024-02-05,12", "b,2024-01-07,x",
                "c,2024-01-09,5"));
        CliRun r = CliRun.of("model", "fit", "--input", csv.toString(), "--publish", "--bootstrap-servers", "127.0.0.1:1",
                "--schema-registry-url", "http://127.0.0.1:1");
        assertThat(r.out()).contains("line 4: amount 'x' is not a number", "too few for a reliable fit");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("Not publishing");
    }

    @Test
    void fitOnTheCdnowSampleGivesThePublishedBgNbdEstimates() {
        CliRun r = CliRun.of("model", "fit", "--input", "../../data/CDNOW_sample.txt", "--as-of", "1997-09-30", "--model", "bgnbd");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("2,357 customers, log-likelihood -9582.429", "log-likelihood -4055.918").containsPattern("r\\s+0\\.2426");
    }

    @Test
    void simulateWritesATransactionsFileThatFitReads(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("simulated.csv");
        CliRun simulated = CliRun.of("model", "simulate", "--customers", "400", "--output", csv.toString(), "--seed", "3");
        assertThat(simulated.exit()).as(simulated.err()).isZero();
        assertThat(simulated.out()).containsPattern("400 customers, [\\d,]+ transactions written to ");
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("customer_id,date,amount");

        CliRun fit = CliRun.of("model", "fit", "--input", csv.toString());
        assertThat(fit.exit()).as(fit.err()).isZero();
        assertThat(fit.out()).contains("| MBG/CNBD-mix", "Gamma-Gamma spend")
                .containsPattern("Models fitted on 400 customers \\([\\d,]+ distinct histories\\) in [\\d.]+ s: BG/NBD ");
    }

    @Test
    void simulateRefusesAnEmptyPopulation(@TempDir Path dir) {
        CliRun r = CliRun.of("model", "simulate", "--customers", "0", "--output", dir.resolve("none.csv").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--customers must be at least 1");
    }

    @Test
    void publishingABgNbdFitIsRefusedBeforeFitting() {
        CliRun r = CliRun.of("model", "fit", "--input", "../../data/CDNOW_sample.txt", "--model", "bgnbd", "--publish",
                "--bootstrap-servers", "127.0.0.1:1");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Only MBG/NBD, MBG/CNBD-k and MBG/CNBD-mix parameters drive the stream");
        assertThat(r.out()).doesNotContain("log-likelihood");
    }
}
