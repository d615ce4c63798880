package io.careerstream.benchmark;

import io.careerstream.pipeline.config.LocalSettings;
import io.careerstream.pipeline.config.PipelineSettings;
import io.careerstream.contracts.Purchase;
import io.careerstream.contracts.TouchpointEvent;
import io.careerstream.domain.ChurnMaths;
import io.careerstream.domain.CustomerCareer;
import io.careerstream.domain.CustomerState;
import io.careerstream.domain.Touchpoint;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.config.CareerstreamConfig;
import io.careerstream.topics.TickProtocol;
import io.careerstream.pipeline.metrics.CareerMetrics;
import io.micrometer.core.instrument.Timer;
import io.careerstream.topics.Topics;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Whether the work per event and per due check stays flat as the population grows. The real
 * topology with its RocksDB stores runs in-process (TopologyTestDriver: no broker, so the figures
 * are the processor's and the stores' own). A population of N customers is loaded, each with one
 * purchase: the same {@code due} customers, bought in {@value #TICKS} daily groups so long ago
 * that all their first checks are past, and everyone else 100 days later. A one-time buyer's first
 * check comes the same time after the purchase for all (asked of the domain with the pipeline's
 * settings, not assumed), so then:
 * <ul>
 *   <li>one tick per group, just after that group's checks came due, settles exactly that group
 *       and nobody else, whatever N is (checked: a tick that leaves a due check fails the run); the
 *       time of the silence-check punctuation it runs divided by the entries it found due is the
 *       punctuation cost per due customer;</li>
 *   <li>a fixed batch of touchpoints to random not-due customers is timed: events/s at N.</li>
 * </ul>
 * Punctuation runs only on ticks here (the scheduled punctuator is on the wall clock, which the
 * driver never advances), so each tick's work is exactly the due checks it settles.
 */
final class GrowthBenchmark {

    private static final long DAY = 86_400_000L;
    /** Any time: a one-time buyer's first check comes the same time after the purchase whenever they buy. */
    private static final long PROBE = SyntheticWorkload.START;
    /** When everyone not due bought. */
    private static final long LATE_DAYS = 100;
    private static final int TICKS = 12;

    /** How many batches the throughput batch is timed in: each is one sample. */
    private static final int BATCHES = 5;

    /**
     * One population's figures: per tick, nanoseconds per due entry it settled; per part of the
     * batch, events/s.
     */
    record Result(int customers, int dueEntries, double[] punctuationNanosPerDue, double[] eventsPerSecond) {
    }

    private GrowthBenchmark() {
    }

    static Result measure(int customers, int due, int batch, String registryUrl) throws IOException {
        Path stateDir = Files.createTempDirectory("careerstream-growth-");
        try {
            Map<String, Object> settings = LocalSettings.of("localhost:9", Topics.DEFAULT,
                    "bench-growth-" + customers, stateDir, registryUrl);
            settings.put(PipelineSettings.PUNCTUATION_TYPE, PipelineSettings.PunctuationClock.WALL_CLOCK.name());
            CareerstreamConfig config = new CareerstreamConfig(settings);
            long firstCheck = firstCheckAfterPurchase(config);
            if (firstCheck <= (LATE_DAYS + TICKS) * DAY) {
                throw new IllegalStateException("a one-time buyer is checked " + firstCheck / DAY
                        + " days after the purchase: too soon for this measurement's layout");
            }
            // The purchases lie so far back that every tick is in the past: the validator refuses a
            // tick ahead of its clock (the driver's), and a refused tick would settle nothing. (With
            // the default model a one-time buyer's first check comes years after the purchase.)
            Instant now = Instant.now();
            long t0 = now.toEpochMilli() - firstCheck - (LATE_DAYS + 100) * DAY;
            long late = t0 + LATE_DAYS * DAY;
            CareerMetrics metrics = CareerMetrics.inMemory();
            try (TopologyTestDriver driver = new TopologyTestDriver(CareerTopology.build(config, config.map().compile(), metrics),
                    config.streamsProperties(), now)) { // the validator compares event times with this clock
                var topic = config.careerTopics().touchpoints();
                TestInputTopic<String, TouchpointEvent> input = driver.createInputTopic(topic.name(), new StringSerializer(),
                        topic.valueSerializer());
                for (int i = 0; i < due; i++) {
                    long at = t0 + (i % TICKS) * DAY + i % 1000;
                    input.pipeInput(key(i), purchase(i, at, "load"), at);
                }
                for (int i = due; i < customers; i++) {
                    input.pipeInput(key(i), purchase(i, late + i % 1000, "load"), late + i % 1000);
                }
                KeyValueStore<Bytes, byte[]> timers = driver.getKeyValueStore(CareerTopology.CHURN_TIMER_STORE);
                List<Double> perDue = new ArrayList<>();
                int dueEntries = 0;
                for (int group = 0; group < TICKS; group++) {
                    long at = t0 + group * DAY + firstCheck + 1_000;
                    int found = dueAt(timers, at);
                    // The silence checks' own time (the career processor's punctuation timer): a tick
                    // also has each task rebuild its RFM sketches, a scan of every customer that is
                    // not this figure's business.
                    Timer punctuation = metrics.registry().get(CareerMetrics.PUNCTUATION).timer();
                    double before = punctuation.totalTime(TimeUnit.NANOSECONDS);
                    input.pipeInput(new TestRecord<>(null, null, new RecordHeaders().add(TickProtocol.TICK_HEADER, new byte[] {'1'}), at));
                    double took = punctuation.totalTime(TimeUnit.NANOSECONDS) - before;
                    int left = dueAt(timers, at);
                    if (left != 0) {
                        // Without this check a refused tick measured nothing and still gave a figure.
                        throw new IllegalStateException("the tick at " + Instant.ofEpochMilli(at) + " found " + found
                                + " due checks and left " + left + " of them unsettled (dead-lettered?)");
                    }
                    if (found > 0) {
                        perDue.add(took / found);
                        dueEntries += found;
                    }
                }
                SplittableRandom random = new SplittableRandom(customers);
                List<Integer> targets = new ArrayList<>(batch);
                for (int i = 0; i < batch; i++) {
                    targets.add(due + random.nextInt(Math.max(1, customers - due)));
                }
                double[] rates = new double[BATCHES];
                int per = Math.max(1, batch / BATCHES);
                for (int b = 0; b < BATCHES; b++) {
                    long start = System.nanoTime();
                    for (int i = b * per; i < (b + 1) * per && i < batch; i++) {
                        int c = targets.get(i);
                        input.pipeInput(key(c), purchase(c, late + 20 * DAY + i, "batch-" + i), late + 20 * DAY + i);
                    }
                    rates[b] = per / ((System.nanoTime() - start) / 1e9);
                }
                if (perDue.isEmpty()) {
                    throw new IllegalStateException("no tick found a due entry among " + customers + " customers");
                }
                return new Result(customers, dueEntries, perDue.stream().mapToDouble(Double::doubleValue).toArray(), rates);
            }
        } finally {
            try (Stream<Path> paths = Files.walk(stateDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** How long after a first purchase its first check comes, under the pipeline's settings. */
    private static long firstCheckAfterPurchase(CareerstreamConfig config) {
        CustomerCareer career = new CustomerCareer(new ChurnMaths(config.churn().lifecyclePolicy(), config.churn().silencePolicy(),
                config.churn()::modelParameters), config.map().compile(), config.map().lookAhead());
        CustomerState s = career.onTouchpoint(null, new Touchpoint.Purchase("probe", "probe", PROBE, "probe", 1_000, "USD", 1,
                List.of("music"))).state();
        return s.nextCheckAt() - PROBE;
    }

    /** Entries of the timer index due at or before {@code at}: the work a tick at {@code at} finds. */
    private static int dueAt(KeyValueStore<Bytes, byte[]> timers, long at) {
        int n = 0;
        Bytes to = Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(at + 1).array());
        try (KeyValueIterator<Bytes, byte[]> it = timers.range(Bytes.wrap(new byte[Long.BYTES]), to)) {
            while (it.hasNext()) {
                if (ByteBuffer.wrap(it.next().key.get()).getLong() <= at) {
                    n++;
                }
            }
        }
        return n;
    }

    private static String key(int customer) {
        return SyntheticWorkload.customerId(customer);
    }

    private static TouchpointEvent purchase(int customer, long at, String tag) {
        return TouchpointEvent.newBuilder()
                .setEventId("growth-" + tag + "-" + customer)
                .setCustomerId(key(customer))
                .setOccurredAt(Instant.ofEpochMilli(at))
                .setChannel("web")
                .setPayload(new Purchase("growth-" + tag + "-" + customer, 1_000L + customer % 5_000, "USD", 1,
                        List.of("music")))
                .build();
    }
}
