package io.careerstream.app;

import io.careerstream.topics.Topic;
import io.careerstream.topics.Topics;
import io.careerstream.churn.CalibrationSplit;
import io.careerstream.churn.ChurnEvaluation;
import io.careerstream.churn.ChurnModelFit;
import io.careerstream.churn.HoldoutCalibration;
import io.careerstream.churn.HoldoutEvaluation;
import io.careerstream.churn.InnerSplitRecalibration;
import io.careerstream.churn.MaximumLikelihood;
import io.careerstream.churn.ModelComparison;
import io.careerstream.churn.PurchaseHistories;
import io.careerstream.churn.PurchaseSummary;
import io.careerstream.churn.RepeatPurchaseModel;
import io.careerstream.churn.SimulatedTransactions;
import io.careerstream.churn.TransactionLog;
import io.careerstream.contracts.CustomerProfile;
import io.careerstream.contracts.ModelParameters;
import io.careerstream.domain.SilencePolicy;
import io.careerstream.pipeline.career.ChurnModelContracts;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.pipeline.ops.TopicScan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Fits and evaluates the churn model. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Fit the churn models (BG/NBD, MBG/NBD, MBG/CNBD-k, Pareto/NBD, the regularity mixture MBG/CNBD-mix, "
                + "plus Gamma-Gamma), pick one and evaluate them.",
        subcommands = {ModelCommand.Fit.class, ModelCommand.Evaluate.class, ModelCommand.Simulate.class})
public final class ModelCommand implements Runnable {

    @Override
    public void run() {
        System.out.println("Use 'model fit', 'model evaluate' or 'model simulate'; --help for options.");
    }

    static void print(String title, MaximumLikelihood.Fit fit, int customers) {
        System.out.printf("%s, %,d customers, log-likelihood %.3f%n", title, customers, fit.logLikelihood());
        for (int i = 0; i < fit.names().size(); i++) {
            System.out.printf(Locale.ROOT, "  %-6s %10.4f  (standard error %.4f)%n", fit.names().get(i),
                    fit.parameters()[i], fit.standardErrors()[i]);
        }
    }

    @Command(name = "fit", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Fit every model on transactions or on the live customer profiles, print each one's "
                    + "log-likelihood, BIC and holdout error (transactions only: the first part of the history calibrates, "
                    + "the last --holdout-weeks are forecast), pick the one with the lowest BIC and say why; --model forces "
                    + "one. Print the parameters with standard errors, and optionally publish them to the model-parameters "
                    + "topic (the running pipeline picks them up without a restart; only MBG/NBD, MBG/CNBD-k and the "
                    + "regularity mixture MBG/CNBD-mix drive the stream, so without --model the best of those is published).",
                    "Transaction files: CSV with header customer_id,date,amount (date yyyy-MM-dd), or the CDNOW formats.",
                    "--from-topic and --publish need bootstrap.servers and schema.registry.url (a registry server: "
                            + "mock:// is refused); a fit on --input alone needs neither."})
    static final class Fit implements Callable<Integer> {
        @Option(names = "--input", paramLabel = "FILE", description = "Transactions file.")
        Path input;

        @Option(names = "--from-topic", paramLabel = "TOPIC", description = "Fit on CustomerProfile records of this topic instead.")
        String fromTopic;

        @Option(names = "--as-of", paramLabel = "DATE", description = "End of observation (default: the last purchase or profile update seen).")
        LocalDate asOf;

        @Option(names = "--model", description = "Force one model: mbgnbd, bgnbd, paretonbd, mbgcnbd (k estimated), "
                + "mbgcnbd-K or mbgcnbd-mix (regularity per customer; transactions only). Default: compare them all and pick.")
        String modelName;

        @Option(names = "--holdout-weeks", paramLabel = "WEEKS",
                description = "Weeks at the end of a transactions file kept for the holdout check (default: half the observed span).")
        Double holdoutWeeks;

        @Option(names = "--publish", description = "Publish the fitted parameters to --topic.")
        boolean publish;

        @Option(names = "--topic", paramLabel = "TOPIC",
                description = "Parameters topic (default: careerstream.topic.model.parameters of the settings, else model-parameters).")
        String topic;

        /** Brokers and registry, for --from-topic and --publish only. */
        @Mixin
        KafkaOptions kafka;

        /** The calibration/holdout split of a transactions file; null for profiles (they keep totals only). */
        private java.util.Collection<CalibrationSplit.Customer> split;
        private double holdoutWeeksUsed = Double.NaN;

        @Override
        public Integer call() throws Exception {
            if ((input == null) == (fromTopic == null)) {
                System.err.println("Give exactly one of --input FILE or --from-topic TOPIC");
                return 2;
            }
            boolean estimateK = modelName != null && modelName.toLowerCase(Locale.ROOT).replace("/", "").equals("mbgcnbd");
            RepeatPurchaseModel forced = null;
            if (modelName != null && !estimateK) {
                try {
                    forced = RepeatPurchaseModel.named(modelName);
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    return 2;
                }
                if (publish && !ChurnModelFit.drivesTheStream(forced)) {
                    System.err.println("Only MBG/NBD, MBG/CNBD-k and MBG/CNBD-mix parameters drive the stream; refit with "
                            + "--model mbgnbd, mbgcnbd or mbgcnbd-mix to publish");
                    return 2;
                }
            }
            // The cluster and a registry server (never an in-memory one) only when reading or publishing
            // records; a ConfigException names the missing or invalid key (exit 2) before any work is done.
            CareerstreamConfig config = fromTopic != null || publish ? kafka.config() : null;
            List<PurchaseSummary> customers = input != null ? fromFile() : fromProfiles(config);
            if (customers == null) {
                return 2;
            }
            if (customers.isEmpty()) {
                System.err.println("No customers to fit on");
                return 2;
            }
            ChurnModelFit fitted;
            String timings = null;
            if (modelName != null) {
                try {
                    fitted = ChurnModelFit.fit(modelName, customers);
                } catch (IllegalArgumentException e) {
                    System.err.println(e.getMessage());
                    return 2;
                }
            } else {
                ModelComparison.Result comparison = ModelComparison.compare(customers, split, holdoutWeeksUsed);
                System.out.println();
                System.out.println(comparison.table());
                System.out.println("Picked " + comparison.best().model().name() + ": " + comparison.reason() + ".");
                ModelComparison.Entry chosen = comparison.bestForStream();
                if (chosen != comparison.best()) {
                    System.out.println("The stream needs a model of the MBG family (BG/NBD never writes off a one-time buyer; "
                            + "Pareto/NBD is not run in the stream): it runs on " + chosen.model().name() + ".");
                } else {
                    System.out.println("The stream can run it: --publish sends " + chosen.model().name() + ".");
                }
                System.out.println();
                long spendStarted = System.nanoTime();
                fitted = ChurnModelFit.withSpend(chosen.model(), chosen.fit(), customers);
                timings = String.format(Locale.ROOT, "%s; Gamma-Gamma spend %.1f s.", comparison.timings(),
                        (System.nanoTime() - spendStarted) / 1e9);
            }
            RepeatPurchaseModel model = fitted.model();
            print(model.name(), fitted.purchases(), fitted.customers());
            print("Gamma-Gamma spend", fitted.spend(), fitted.repeatBuyers());
            if (!fitted.enoughCustomers()) {
                System.out.printf("Warning: %d customers are too few for a reliable fit%n", fitted.customers());
            }
            if (!fitted.identified()) {
                System.out.println("Warning: the likelihood is flat in some direction (no standard error): "
                        + "this data does not pin the parameters down");
            }
            if (timings != null) {
                System.out.println(timings);
            }
            if (publish) {
                if (!fitted.identified()) {
                    System.err.println("Not publishing parameters the data does not identify");
                    return 1;
                }
                ModelParameters parameters;
                try {
                    parameters = ChurnModelContracts.toContract(fitted, Instant.now());
                } catch (IllegalArgumentException e) {
                    System.err.println("Not publishing: " + e.getMessage());
                    return 1;
                }
                publish(config, parameters);
            }
            return 0;
        }

        private List<PurchaseSummary> fromFile() throws IOException {
            if (!Files.isReadable(input)) {
                System.err.println("Input file not found or not readable: " + input);
                return null;
            }
            PurchaseHistories.Read read;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Reading").setInitialMax(Files.size(input))
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" KB", 1024).build()) {
                read = PurchaseHistories.read(input, bar::stepTo);
                bar.stepTo(Files.size(input));
            }
            if (!read.errors().isEmpty()) {
                System.out.printf("%,d line(s) of %s rejected:%n", read.errors().size(), input);
                read.errors().stream().limit(10).forEach(e -> System.out.println("  " + e));
            }
            if (read.transactions() == 0) {
                System.err.println("No valid transactions in " + input);
                return null;
            }
            PurchaseHistories histories = read.histories();
            LocalDate end = asOf != null ? asOf : histories.lastDay().orElseThrow();
            System.out.printf("%,d transactions, observation ends %s%n", read.transactions(), end);
            LocalDate first = histories.firstDay().orElseThrow();
            double weeks = holdoutWeeks != null ? holdoutWeeks : CalibrationSplit.weeks(first, end) / 2;
            LocalDate calibrationEnd = end.minusDays(Math.round(weeks * 7));
            if (weeks > 0 && calibrationEnd.isAfter(first)) {
                split = histories.split(calibrationEnd, end).values();
                holdoutWeeksUsed = CalibrationSplit.weeks(calibrationEnd, end);
                System.out.printf("Holdout check: calibration to %s, forecast of the %.1f weeks to %s%n", calibrationEnd,
                        holdoutWeeksUsed, end);
            }
            return histories.summariesAt(end);
        }

        private List<PurchaseSummary> fromProfiles(CareerstreamConfig config) {
            Map<String, CustomerProfile> latest = new HashMap<>();
            var deserializer = config.careerTopics().profiles().valueDeserializer();
            ProgressBar[] bar = new ProgressBar[1];
            try {
                TopicScan.readAll(config.pipeline().clientSettings(), fromTopic, total -> bar[0] = new ProgressBarBuilder()
                        .setTaskName("Profiles").setInitialMax(total).setStyle(ProgressBarStyle.ASCII).build(), r -> {
                            bar[0].step();
                            if (r.value() != null && r.key() != null) {
                                latest.put(new String(r.key(), StandardCharsets.UTF_8),
                                        deserializer.deserialize(r.topic(), r.value()));
                            }
                        });
            } finally {
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
            Instant end = asOf != null ? asOf.atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.ofEpochMilli(latest.values().stream().mapToLong(p -> p.getLastTouchpointAt().toEpochMilli())
                            .max().orElse(0));
            List<PurchaseSummary> customers = latest.values().stream()
                    .flatMap(p -> ChurnModelContracts.purchaseSummary(p, end).stream()).toList();
            System.out.printf("%,d profiles, %,d with purchases, observation ends %s%n", latest.size(), customers.size(), end);
            return customers;
        }

        private void publish(CareerstreamConfig config, ModelParameters parameters) throws Exception {
            Topic<String, ModelParameters> parametersTopic = config.careerTopics().modelParameters();
            String target = topic != null ? topic : parametersTopic.name();
            try (var producer = new KafkaProducer<>(config.pipeline().clientSettings(), new StringSerializer(),
                    parametersTopic.valueSerializer())) {
                producer.send(new ProducerRecord<>(target, Topics.DEFAULT_PARAMETERS_KEY, parameters)).get();
            }
            System.out.println("Published to " + target + " (key '" + Topics.DEFAULT_PARAMETERS_KEY + "')");
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Rerunnable evaluation: (1) on CDNOW, calibrate on weeks 1-39 and predict weeks 40-78, by "
                    + "calibration frequency; then whether each model's P(at least one purchase in the holdout) means what it "
                    + "says (deciles against the share that bought, Brier score, expected calibration error; a reliability chart) "
                    + "and how many customers the stream would mark AT_RISK or LAPSED at the calibration end bought again; "
                    + "(2) on a simulated mix of regular, Poisson and BG/NBD buyers with known drop-out "
                    + "times, precision, recall, F1 and detection delay (median, mean, 90th percentile; F1 counting alerts within "
                    + "30 and 60 days) of each model's P(alive) alerts per threshold, against the 90-day rule, 'k x own cadence', "
                    + "the Bayes-optimal rule (P(alive) under the population's true prior: the limit of any model fitted from "
                    + "purchases) and the bound (each customer's hidden parameters); the stream's model against the limit at "
                    + "every delay; charts of the precision-delay and F1-delay trade-offs; (3) the same "
                    + "cohort replayed through the stream's code at its thresholds, alert by alert against the evaluation.",
                    "The simulation takes a few minutes for 6,000 customers (the Bayes-optimal P(alive) walks every silence "
                    + "of every customer); its progress is shown."})
    static final class Evaluate implements Callable<Integer> {
        /** More customers per cohort than this would run for hours; the default takes minutes. */
        static final int MAX_CUSTOMERS = 50_000;

        @Option(names = "--input", paramLabel = "FILE", description = "Transactions (default: data/CDNOW_sample.txt).")
        Path input;

        @Option(names = "--calibration-end", defaultValue = "1997-09-30", description = "Default: ${DEFAULT-VALUE}.")
        LocalDate calibrationEnd;

        @Option(names = "--holdout-end", defaultValue = "1998-06-30", description = "Default: ${DEFAULT-VALUE}.")
        LocalDate holdoutEnd;

        @Option(names = "--inner-end", paramLabel = "DATE",
                description = "End of the inner calibration inside the calibration period, where the recalibration of the "
                        + "holdout probabilities is learned (default: the calibration period halved, as the outer split halves "
                        + "the whole history).")
        LocalDate innerEnd;

        @Option(names = "--reliability-chart", paramLabel = "FILE", defaultValue = "cdnow-reliability.png",
                description = "Where to write the reliability chart of the holdout predictions, PNG or SVG (default: ${DEFAULT-VALUE}).")
        Path reliabilityChart;

        @Option(names = "--simulation", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Run the simulation (parts 2 and 3; default: ${DEFAULT-VALUE}; --no-simulation stops after the "
                        + "transactions file's part).")
        boolean simulation;

        @Option(names = "--customers", defaultValue = "6000",
                description = "Simulated customers per cohort, 300 to " + MAX_CUSTOMERS + " (default: ${DEFAULT-VALUE}).")
        int customers;

        @Option(names = "--seed", defaultValue = "7", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--target-delay", defaultValue = "40", paramLabel = "DAYS",
                description = "Median detection delay to report each rule's best F1 within (default: ${DEFAULT-VALUE}).")
        double targetDelayDays;

        @Option(names = "--thresholds", split = ",", defaultValue = "0.7,0.5,0.4,0.3,0.2,0.1,0.05",
                description = "P(alive) thresholds to score (default: ${DEFAULT-VALUE}).")
        double[] thresholds;

        @Option(names = "--stream-check", negatable = true, defaultValue = "true", fallbackValue = "true",
                description = "Also replay the scored cohort through the stream's code and compare its alerts with the "
                        + "evaluation's (default: ${DEFAULT-VALUE}; --no-stream-check skips it).")
        boolean streamCheck;

        @Option(names = "--chart", paramLabel = "FILE", defaultValue = "churn-tradeoff.png",
                description = "Where to write the precision-delay chart, PNG or (name ending .svg) SVG (default: ${DEFAULT-VALUE}).")
        Path chart;

        @Option(names = "--limit-chart", paramLabel = "FILE", defaultValue = "churn-limit.png",
                description = "Where to write the F1-delay chart of the stream's model, the Bayes-optimal rule and the bound, "
                        + "PNG or SVG (default: ${DEFAULT-VALUE}).")
        Path limitChart;

        /**
         * The recalibration learned inside the calibration period (an inner split of it), applied to the
         * holdout predictions, printed beside the raw ones; null when the calibration period is too short to split.
         */
        private InnerSplitRecalibration.Result recalibrate(List<TransactionLog.Transaction> transactions,
                                                          Collection<CalibrationSplit.Customer> customers,
                                                          HoldoutCalibration.Result calibration) {
            PurchaseHistories histories = PurchaseHistories.of(transactions);
            LocalDate first = histories.firstDay().orElseThrow();
            LocalDate inner = innerEnd != null ? innerEnd : InnerSplitRecalibration.mirroredInnerEnd(first, calibrationEnd);
            if (!inner.isAfter(first) || !inner.isBefore(calibrationEnd)) {
                System.out.printf("No recalibration: the inner calibration end %s is not inside the calibration period %s to %s%n%n",
                        inner, first, calibrationEnd);
                return null;
            }
            InnerSplitRecalibration.Result r = InnerSplitRecalibration.run(histories, calibrationEnd, customers, calibration, inner,
                    InnerSplitRecalibration.monthEnds(first, calibrationEnd));
            System.out.printf("Recalibration learned inside the calibration period: every model fitted on the purchases to %s "
                    + "(%,d customers) predicts P(purchase in the %.1f weeks to %s); the intensity factor c (P(none) = "
                    + "(1 - p)^c, valid at any horizon) and Platt scaling learned there are applied to the %.0f-week holdout "
                    + "predictions above. The oracle factor (by likelihood) and the factor with the least ECE are chosen on the "
                    + "holdout itself (peeking, for comparison only).%n%n",
                    r.innerEnd(), r.innerCustomers(), r.innerHoldoutWeeks(), calibrationEnd, r.holdoutWeeks());
            System.out.println(r.summaryTable());
            System.out.println(r.decileTable());
            System.out.println(r.recalibratedDecileTable());
            System.out.printf("%s, recalibrated inside the calibration period: ECE %.4f (raw %.4f, chance %.4f)%n%n",
                    r.picked().entry().model().name(), r.picked().byIntensity().expectedCalibrationError(),
                    r.picked().raw().expectedCalibrationError(), r.picked().intensityByChance());
            System.out.println("The factor depends on which weeks the inner holdout covers: each model's factor learned with the "
                    + "inner calibration ending at each month end, and the holdout ECE it gives:");
            System.out.println();
            System.out.println(r.sensitivityTable());
            return r;
        }

        @Override
        public Integer call() throws Exception {
            if (simulation && (customers < 300 || customers > MAX_CUSTOMERS)) {
                System.err.printf("--customers must be between 300 and %,d, was %,d%n", MAX_CUSTOMERS, customers);
                return 2;
            }
            for (double t : thresholds) {
                if (!(t > 0 && t < 1)) {
                    System.err.println("Every threshold must be in (0, 1), was " + t);
                    return 2;
                }
            }
            Path file = input != null ? input : Installation.path("data", "CDNOW_sample.txt");
            if (!Files.isReadable(file)) {
                System.err.println("Input file not found or not readable: " + file);
                return 2;
            }
            TransactionLog.Result read = TransactionLog.read(file);
            if (!read.errors().isEmpty()) {
                System.out.printf("%,d line(s) rejected, first: %s%n", read.errors().size(), read.errors().get(0));
            }
            var split = CalibrationSplit.split(read.transactions(), calibrationEnd, holdoutEnd);
            double holdoutWeeks = CalibrationSplit.weeks(calibrationEnd, holdoutEnd);
            HoldoutEvaluation.Report report = HoldoutEvaluation.run(split.values(), holdoutWeeks);
            System.out.printf("1. %s: calibration to %s, holdout %.0f weeks to %s%n%n", file.getFileName(), calibrationEnd,
                    holdoutWeeks, holdoutEnd);
            print("BG/NBD", report.bgNbdFit(), split.size());
            print("MBG/NBD", report.mbgNbdFit(), split.size());
            System.out.println();
            System.out.println(report.table());

            System.out.printf("Calibration: each model fitted on the calibration period predicts every customer's P(at least "
                    + "one purchase in the %.0f holdout weeks); customers in deciles of that prediction against the share who "
                    + "bought%n%n", holdoutWeeks);
            HoldoutCalibration.Result calibration = HoldoutCalibration.run(split.values(), holdoutWeeks,
                    SilencePolicy.DEFAULT.atRiskProbabilityAlive(), SilencePolicy.DEFAULT.lapsedProbabilityAlive(),
                    ChurnEvaluation.MIN_INTERVAL_DAYS);
            System.out.println(calibration.summaryTable());
            System.out.println(calibration.decileTable());
            System.out.printf("%s is the model 'model fit' picks here (lowest BIC): ECE %.4f%n%n", calibration.picked().entry()
                    .model().name(), calibration.picked().table().expectedCalibrationError());
            System.out.printf("The stream's alerts at the calibration end (AT_RISK below P(alive) %.2f, LAPSED below %.2f, none "
                    + "within %.0f days of a purchase) and who of those customers bought again in the holdout:%n%n",
                    SilencePolicy.DEFAULT.atRiskProbabilityAlive(), SilencePolicy.DEFAULT.lapsedProbabilityAlive(),
                    ChurnEvaluation.MIN_INTERVAL_DAYS);
            System.out.println(calibration.alertTable());
            InnerSplitRecalibration.Result recalibration = recalibrate(read.transactions(), split.values(), calibration);
            ReliabilityChart.write(calibration, recalibration, file.getFileName().toString(), reliabilityChart);
            System.out.println("Reliability chart: " + reliabilityChart);
            if (!simulation) {
                return 0;
            }

            System.out.println();
            ChurnEvaluation.Result result;
            try (StageBars progress = new StageBars()) {
                result = ChurnEvaluation.run(seed, customers, thresholds, progress);
            }
            System.out.printf("2. Simulation (seed %d): %,d customers (regular, Poisson and BG/NBD buyers), %,d of them drop "
                    + "out within the window%n%n", seed, result.customers(), result.dead());
            for (ChurnEvaluation.FittedModel f : result.fits()) {
                print(f.model().name() + " fitted on a separate simulated cohort", f.fit(), result.customers());
            }
            System.out.println();
            System.out.println(result.table());
            System.out.printf("The Bayes-optimal rule thresholds P(alive) from each customer's whole history under the "
                    + "population's true prior: the best any model fitted from purchases can do. The bound (hidden truth) is the "
                    + "same rule on each customer's own parameters, which no purchase history reveals.%n%n");
            System.out.println(result.bestWithin(targetDelayDays));
            System.out.printf("The achievable limit: %s is the model the stream would run (model fit's pick by BIC among "
                    + "the stream's models)%n%n", result.streamModel().model().name());
            System.out.println(result.limitTable());
            System.out.println(result.shortfallTable());
            TradeOffChart.write(result, chart);
            LimitChart.write(result, limitChart);
            System.out.println("Charts: " + chart + ", " + limitChart);
            if (streamCheck) {
                System.out.println();
                System.out.printf("3. The stream on the same cohort: each stream-capable model's parameters, the stream's "
                        + "thresholds (AT_RISK below %.2f, LAPSED below %.2f), every customer's purchases replayed through "
                        + "the code the pipeline runs%n%n", SilencePolicy.DEFAULT.atRiskProbabilityAlive(),
                        SilencePolicy.DEFAULT.lapsedProbabilityAlive());
                System.out.println(StreamAgreement.table(StreamAgreement.compare(result, SilencePolicy.DEFAULT)));
            }
            return 0;
        }
    }

    /** One progress bar per stage of the evaluation, on standard error. */
    private static final class StageBars implements ChurnEvaluation.Progress, AutoCloseable {
        private ProgressBar bar;

        @Override
        public synchronized void stage(String name, int steps) {
            close();
            bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(steps).setStyle(ProgressBarStyle.ASCII)
                    .build();
        }

        @Override
        public synchronized void step() {
            if (bar != null) {
                bar.step();
            }
        }

        @Override
        public synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }

    @Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Write a simulated population's purchases as a transactions file (CSV customer_id,date,amount), "
                    + "to try or time 'model fit' at any size: regular, Poisson and BG/NBD buyers in equal shares (the mix "
                    + "'model evaluate' simulates), joining over the first half year of a two-year window, amounts from "
                    + "Gamma-Gamma's story. The same seed writes the same file; memory does not grow with --customers.",
                    "Example: model simulate --customers 1000000 --output sim-1m.csv, then model fit --input sim-1m.csv"})
    static final class Simulate implements Callable<Integer> {
        @Option(names = "--customers", required = true, paramLabel = "N", description = "Customers to simulate.")
        int customers;

        @Option(names = "--output", required = true, paramLabel = "FILE", description = "Transactions file to write (replaced).")
        Path output;

        @Option(names = "--seed", defaultValue = "1", description = "Simulation seed (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--start", defaultValue = "2023-01-01", paramLabel = "DATE",
                description = "First day of the two-year window (default: ${DEFAULT-VALUE}).")
        LocalDate start;

        @Override
        public Integer call() throws Exception {
            if (customers < 1) {
                System.err.println("--customers must be at least 1, was " + customers);
                return 2;
            }
            SimulatedTransactions.Written written;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("Simulating").setInitialMax(customers)
                    .setStyle(ProgressBarStyle.ASCII).setUnit(" customers", 1).build()) {
                written = SimulatedTransactions.write(output, customers, seed, start, bar::stepTo);
            }
            System.out.printf("%,d customers, %,d transactions written to %s%n", written.customers(), written.transactions(),
                    output);
            return 0;
        }
    }
}
