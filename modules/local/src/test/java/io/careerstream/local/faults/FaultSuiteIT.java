package io.careerstream.local.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.careerstream.embedded.EmbeddedSchemaRegistry;
import io.careerstream.embedded.SchemaRegistryExtension;
import io.careerstream.sandbox.workload.CdnowPurchases;
import io.careerstream.sandbox.workload.DemoWorkload;
import io.careerstream.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: Careerstream's broker and pipeline in JVMs of their own, killed for real, each
 * experiment compared with a clean reference run of the same input (read_committed): transitions
 * and alerts as multisets, and every customer's final stage, track and purchases.
 *
 * <p>Part of {@code mvn verify} in a reduced form: the first 500 CDNOW customers, two pipeline kills,
 * malformed records, resends, reordered input, two instances and a broker kill. The full form
 * ({@code -Dfaults.full=true}, see docs/reliability.md) replays 15 copies of the CDNOW log (over a
 * million events) with 20 kills, two broker kills and the recovery time without static membership
 * ({@code -Dfaults.recovery=true} adds that to any size). Every experiment appends its row to
 * {@code target/fault-suite/results.md}.
 */
@ExtendWith(SchemaRegistryExtension.class)
class FaultSuiteIT {

    private static final boolean FULL = Boolean.getBoolean("faults.full");
    private static final int COPIES = Integer.getInteger("faults.copies", FULL ? 15 : 1);
    /** CDNOW customers 1 to this (whole histories): the reduced form takes the first 500 (1,766 purchases). */
    private static final int CUSTOMERS = Integer.getInteger("faults.customers", FULL ? Integer.MAX_VALUE : 500);
    /** Kills without static membership (each waits out the 45 s session timeout): {@code -Dfaults.recovery=true}. */
    private static final boolean RECOVERY = FULL || Boolean.getBoolean("faults.recovery");
    private static final int KILLS = Integer.getInteger("faults.kills", FULL ? 20 : 2);
    private static final long SEED = Long.getLong("faults.seed", 12L);
    private static final Path RESULTS = Path.of("target", "fault-suite", "results.md");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(FULL ? 90 : 4);

    /** Kept when an experiment fails: each process's console ({@code *.out}) and log ({@code logs-*}). */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path dir;

    private FaultHarness harness;
    private List<FaultInput.Item> clean;
    private long endAt;
    private FaultHarness.Outputs reference;
    private int runs;

    @Test
    void everyExperimentEndsLikeTheCleanRun(EmbeddedSchemaRegistry registry) throws Exception {
        List<CdnowPurchases.Row> rows = CdnowPurchases.read(Path.of("..", "..", "data", "CDNOW_master.txt")).rows().stream()
                .filter(r -> Integer.parseInt(r.customerId()) <= CUSTOMERS).toList();
        clean = FaultInput.clean(rows, COPIES);
        endAt = Math.max(DemoWorkload.OBSERVATION_END, clean.get(clean.size() - 1).timestamp());
        Files.createDirectories(RESULTS.getParent());
        Files.writeString(RESULTS, "| Experiment | Runs | Records in | Outputs compared | Lost | Duplicated | Differing customers | Notes |\n"
                + "|---|---|---|---|---|---|---|---|\n", StandardCharsets.UTF_8);
        System.out.println("Fault suite: processes' consoles and logs in " + dir + " (kept if an experiment fails)");
        try (FaultHarness h = new FaultHarness(dir, registry.url())) {
            harness = h;
            h.startBroker();

            Topics ref = next();
            reference = cleanRun(ref, clean, true);
            assertThat(reference.records()).isPositive();
            assertThat(reference.deadLetters()).isEmpty();
            row("reference (clean run)", clean.size(), reference, reference, "");

            pipelineKills();
            malformedFlood();
            resends();
            shuffledWithinGrace();
            twoInstancesOneKilled();
            if (RECOVERY) {
                recoveryWithoutStaticMembership();
            }
            brokerKill(); // last: it restarts the broker under every run's topics
        }
    }

    private Topics next() {
        return Topics.DEFAULT.prefixed("run" + (++runs) + "-");
    }

    private String appId(Topics topics) {
        return topics.touchpoints().replace("touchpoints", "app");
    }

    private FaultHarness.Outputs cleanRun(Topics topics, List<FaultInput.Item> input, boolean staticMembership) throws Exception {
        harness.createTopics(topics);
        harness.produce(topics, input, endAt);
        FaultHarness.Instance instance = harness.instance(topics.touchpoints() + "-a", appId(topics), topics,
                staticMembership, Map.of());
        instance.startAndAwaitRunning();
        harness.awaitDone(appId(topics), topics, RUN_TIMEOUT);
        instance.stop();
        return harness.outputs(topics);
    }

    /** kill -9 of the pipeline at random moments of the replay, restarted at once with its instance id. */
    private void pipelineKills() throws Exception {
        Topics topics = next();
        harness.createTopics(topics);
        harness.produce(topics, clean, endAt);
        FaultHarness.Instance instance = harness.instance(topics.touchpoints() + "-a", appId(topics), topics, true, Map.of());
        List<Duration> recoveries = killRepeatedly(instance, topics, KILLS);
        harness.awaitDone(appId(topics), topics, RUN_TIMEOUT);
        instance.stop();
        FaultHarness.Outputs run = harness.outputs(topics);
        assertSame(run, recoveries.size() + " × kill -9 of the pipeline");
        assertThat(recoveries).as("kills done during the replay").isNotEmpty();
        row("pipeline `kill -9` × " + recoveries.size() + " during the replay (static membership)", clean.size(), run,
                reference, "RUNNING again after " + summary(recoveries));
    }

    private List<Duration> killRepeatedly(FaultHarness.Instance instance, Topics topics, int kills) throws Exception {
        instance.startAndAwaitRunning();
        Random random = new Random(SEED);
        List<Duration> recoveries = new ArrayList<>();
        for (int k = 1; k <= kills; k++) {
            double target = (k - 0.5 + random.nextDouble() * 0.8) / (kills + 1);
            await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> harness.progress(appId(topics), topics) >= target);
            if (harness.progress(appId(topics), topics) >= 1.0) {
                break; // the replay ended first: fewer kills than asked, reported as done
            }
            instance.kill();
            recoveries.add(instance.startAndAwaitRunning());
        }
        return recoveries;
    }

    private void malformedFlood() throws Exception {
        Topics topics = next();
        harness.createTopics(topics);
        var serializer = harness.careerTopics(topics).touchpoints().valueSerializer();
        List<FaultInput.Item> input = FaultInput.withMalformed(clean, 1000,
                e -> serializer.serialize(topics.touchpoints(), e), harness.wrongSchemaRecord(topics), SEED);
        FaultHarness.Outputs run = runOnce(topics, input);
        Map<String, Integer> expected = new TreeMap<>();
        for (int i = 0; i < 1000; i++) {
            expected.merge(FaultInput.Malformed.values()[i % FaultInput.Malformed.values().length].reason, 1, Integer::sum);
        }
        assertThat(run.deadLetters()).as("every malformed record dead-lettered with its reason").isEqualTo(expected);
        assertSame(run, "malformed flood");
        row("1,000 malformed records, " + FaultInput.Malformed.values().length + " kinds", input.size(), run, reference,
                "dead letters by reason: " + run.deadLetters());
    }

    private void resends() throws Exception {
        Topics topics = next();
        harness.createTopics(topics);
        List<FaultInput.Item> input = FaultInput.withResends(clean, 0.10, SEED);
        FaultHarness.Outputs run = runOnce(topics, input);
        assertSame(run, "10 % resent");
        assertThat(run.deadLetters().keySet()).as("a resend is dropped as a duplicate or, past the grace, dead-lettered as LATE")
                .isSubsetOf(List.of("LATE"));
        row("10 % of events resent 1–200 records later", input.size(), run, reference,
                FaultInput.resendCount(input, clean) + " resends; dead-lettered as LATE: "
                        + run.deadLetters().getOrDefault("LATE", 0));
    }

    /** Reordered within the grace: the final profiles must agree; transitions on the way may differ (docs). */
    private void shuffledWithinGrace() throws Exception {
        Topics topics = next();
        harness.createTopics(topics);
        List<FaultInput.Item> input = FaultInput.shuffledWithin(clean, Duration.ofHours(23).toMillis(), SEED);
        FaultHarness.Outputs run = runOnce(topics, input);
        assertThat(run.deadLetters()).as("nothing within the grace is late").isEmpty();
        assertThat(run.differingCustomers(reference)).as("final stage, track and purchases").isZero();
        appendRow("events delayed by up to 23 h (grace 24 h), arriving reordered", 1, input.size(),
                "final profiles (" + run.finalStages().size() + " customers)", "–", "–", run.differingCustomers(reference),
                "transitions on the way are not compared (judged at the customer's clock; docs/architecture.md)");
    }

    private void twoInstancesOneKilled() throws Exception {
        Topics topics = next();
        harness.createTopics(topics);
        harness.produce(topics, clean, endAt);
        Map<String, String> standby = Map.of("num.standby.replicas", "1");
        FaultHarness.Instance a = harness.instance(topics.touchpoints() + "-a", appId(topics), topics, true, standby);
        FaultHarness.Instance b = harness.instance(topics.touchpoints() + "-b", appId(topics), topics, true, standby);
        a.startAndAwaitRunning();
        b.startAndAwaitRunning();
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> harness.progress(appId(topics), topics) >= 0.4);
        b.kill(); // for good: the survivor must take over b's partitions from its standbys
        harness.awaitDone(appId(topics), topics, RUN_TIMEOUT);
        a.stop();
        FaultHarness.Outputs run = harness.outputs(topics);
        assertSame(run, "two instances, one killed");
        row("two instances (standby replicas), one `kill -9`ed for good at 40 %", clean.size(), run, reference,
                "the survivor finished alone");
    }

    private void recoveryWithoutStaticMembership() throws Exception {
        Topics topics = next();
        harness.createTopics(topics);
        harness.produce(topics, clean, endAt);
        FaultHarness.Instance instance = harness.instance(topics.touchpoints() + "-a", appId(topics), topics, false, Map.of());
        List<Duration> recoveries = killRepeatedly(instance, topics, 3);
        harness.awaitDone(appId(topics), topics, RUN_TIMEOUT);
        instance.stop();
        FaultHarness.Outputs run = harness.outputs(topics);
        assertSame(run, "kills without static membership");
        row("pipeline `kill -9` × " + recoveries.size() + " without static membership", clean.size(), run, reference,
                "RUNNING again after " + summary(recoveries));
    }

    /** The broker killed mid-run and restarted on the same data directory and port; the pipeline recovers by itself. */
    private void brokerKill() throws Exception {
        Topics topics = next();
        harness.createTopics(topics);
        harness.produce(topics, clean, endAt);
        FaultHarness.Instance instance = harness.instance(topics.touchpoints() + "-a", appId(topics), topics, true, Map.of());
        instance.startAndAwaitRunning();
        int kills = FULL ? 2 : 1;
        int done = 0;
        for (int k = 1; k <= kills; k++) {
            double target = (double) k / (kills + 2);
            await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> harness.progress(appId(topics), topics) >= target);
            if (harness.progress(appId(topics), topics) >= 1.0) {
                break;
            }
            harness.killBroker();
            harness.startBroker();
            done++;
        }
        harness.awaitDone(appId(topics), topics, RUN_TIMEOUT);
        assertThat(instance.process.isAlive()).as("the pipeline recovered by itself, never restarted").isTrue();
        instance.stop();
        FaultHarness.Outputs run = harness.outputs(topics);
        assertSame(run, "broker kill -9");
        assertThat(done).isPositive();
        row("broker `kill -9` × " + done + " mid-run, restarted on the same data directory", clean.size(), run, reference,
                "pipeline process never restarted");
    }

    private FaultHarness.Outputs runOnce(Topics topics, List<FaultInput.Item> input) throws Exception {
        harness.produce(topics, input, endAt);
        FaultHarness.Instance instance = harness.instance(topics.touchpoints() + "-a", appId(topics), topics, true, Map.of());
        instance.startAndAwaitRunning();
        harness.awaitDone(appId(topics), topics, RUN_TIMEOUT);
        instance.stop();
        return harness.outputs(topics);
    }

    private void assertSame(FaultHarness.Outputs run, String experiment) {
        assertThat(run.lostAgainst(reference)).as(experiment + ": lost").isZero();
        assertThat(run.duplicatedAgainst(reference)).as(experiment + ": duplicated").isZero();
        assertThat(run.differingCustomers(reference)).as(experiment + ": customers with another final stage").isZero();
    }

    private static String summary(List<Duration> durations) {
        if (durations.isEmpty()) {
            return "(no kill)";
        }
        List<Double> seconds = durations.stream().map(d -> d.toMillis() / 1000.0).sorted().toList();
        return String.format("%.1f–%.1f s (median %.1f s; JVM start included)", seconds.get(0),
                seconds.get(seconds.size() - 1), seconds.get(seconds.size() / 2));
    }

    private void row(String experiment, int recordsIn, FaultHarness.Outputs run, FaultHarness.Outputs ref, String notes)
            throws Exception {
        appendRow(experiment, 1, recordsIn, String.format("%,d transitions and alerts, %,d customers", run.records(),
                run.finalStages().size()), run.lostAgainst(ref), run.duplicatedAgainst(ref), run.differingCustomers(ref), notes);
    }

    private static void appendRow(String experiment, int runs, int recordsIn, String compared, Object lost, Object duplicated,
                                  long differing, String notes) throws Exception {
        Files.writeString(RESULTS, String.format("| %s | %d | %,d | %s | %s | %s | %d | %s |%n", experiment, runs, recordsIn,
                compared, lost, duplicated, differing, notes), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
