package io.careerstream.benchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where each contender's stream threads spent their time, from a Java Flight Recorder recording of
 * a benchmark run ({@code ./careerstream benchmark --profile FILE}): every execution sample of a
 * stream thread is given to one part of the work, and the shares are printed per contender.
 *
 * <p>A sample belongs to the innermost frame of ours it is in (a store call made by the console's
 * counters is the counters' cost, whatever Kafka Streams layers it passes), read by
 * {@link #partOf}; a sample in none of our frames belongs to the part of Kafka Streams or the
 * clients it is in. JDK Mission Control shows the same recording by method; this groups it by what
 * a user can switch off or pay for, which no tool does for our classes.
 */
public final class ProfileByPart {

    /** Stream threads are named {@code <application id>-<uuid>-StreamThread-<n>}; the benchmark's ids name the contender and run. */
    private static final Pattern STREAM_THREAD = Pattern.compile("^bench-([a-z]+)-([a-z_]+)-\\d+-.*-StreamThread-\\d+$");

    /** Our frames, by the first rule their class and method name contain. */
    private static final List<Map.Entry<String, String>> OURS = List.of(
            Map.entry("CustomerStateCodec", "customer-state codec"),
            Map.entry("CustomerStateSerde", "customer-state codec"),
            Map.entry("SpecificAvroSerde$AvroSerializer", "Avro encoding of the outputs"),
            Map.entry("SpecificAvroSerde$AvroDeserializer", "Avro decoding of the touchpoints"),
            Map.entry("io.careerstream.serde.", "Avro decoding of the touchpoints"),
            Map.entry("io.careerstream.contracts.", "building the contract records"),
            Map.entry("ContractMapping", "building the contract records"),
            Map.entry("CareerCounts", "console counters (stages, tracks, P(alive) tenths)"),
            Map.entry("PAliveDistribution", "console counters (stages, tracks, P(alive) tenths)"),
            Map.entry("CareerFlows", "console flows (hourly window store)"),
            Map.entry("io.careerstream.pipeline.lift.", "lift (exposures, expiry, counts)"),
            Map.entry("io.careerstream.pipeline.rfm.", "RFM sketch rebuilds"),
            Map.entry("ChurnTimerIndex", "churn timer index"),
            Map.entry("io.careerstream.pipeline.metrics.", "our metrics (Micrometer)"),
            Map.entry("io.careerstream.domain.", "domain (career map, features, churn maths)"),
            Map.entry("io.careerstream.churn.", "domain (career map, features, churn maths)"),
            Map.entry("CustomerCareerProcessor.settleDueChecks", "silence checks (punctuation), the rest"),
            Map.entry("CustomerCareerProcessor.publish", "publishing: the state's write and the outputs' sends"),
            Map.entry("CustomerCareerProcessor.apply", "the state's read, and the rest of applying a touchpoint"),
            Map.entry("io.careerstream.pipeline.", "our processors, the rest"),
            Map.entry("io.careerstream.benchmark.StatefulFloorTopology", "the floors' processors"),
            Map.entry("io.careerstream.benchmark.ContractFloorTopology", "the floors' processors"));

    /** Frames of ours that only pass a call on: the benchmark's counting wrappers, the topics' serde lambdas. */
    private static final List<String> PASSING_ON = List.of("io.careerstream.benchmark.CountingStores",
            "io.careerstream.topics.", "io.careerstream.pipeline.errors.");

    /** Kafka Streams and clients, by the first rule a frame (innermost first) contains. */
    private static final List<Map.Entry<String, String>> FRAMEWORK = List.of(
            Map.entry("StreamTask.isProcessable", "Kafka Streams: choosing the next record"),
            Map.entry("PartitionGroup", "Kafka Streams: choosing the next record"),
            Map.entry("SourceNode", "Kafka Streams: reading the source"),
            Map.entry("RecordDeserializer", "Kafka Streams: reading the source"),
            Map.entry("KafkaProducer", "producer sends (outputs, changelogs)"),
            Map.entry("org.rocksdb.", "RocksDB"),
            Map.entry("org.apache.kafka.streams.state.", "Kafka Streams: store layers"),
            Map.entry("maybeCommit", "Kafka Streams: commits"),
            Map.entry("pollPhase", "Kafka Streams: polling"),
            Map.entry("checkStateUpdater", "Kafka Streams: state updater"),
            Map.entry("org.apache.kafka.streams.", "Kafka Streams: forwarding, sinks, metrics"));

    private ProfileByPart() {
    }

    /** The part of the work a sample's frames (innermost first, as {@code Class.method}) belong to. */
    static String partOf(List<String> frames) {
        for (String frame : frames) {
            if (!frame.startsWith("io.careerstream.") || PASSING_ON.stream().anyMatch(frame::startsWith)) {
                continue;
            }
            for (Map.Entry<String, String> rule : OURS) {
                if (frame.contains(rule.getKey())) {
                    return rule.getValue();
                }
            }
            return "our code, the rest";
        }
        for (String frame : frames) {
            for (Map.Entry<String, String> rule : FRAMEWORK) {
                if (frame.contains(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return "other (JDK, the threads' loops)";
    }

    /** The contender and guarantee a stream thread works for ({@code pipeline, exactly_once}), or null for other threads. */
    static String contenderOf(String threadName) {
        Matcher m = threadName == null ? null : STREAM_THREAD.matcher(threadName);
        return m == null || !m.matches() ? null : m.group(1) + ", " + m.group(2).replace('_', '-');
    }

    /** Reads {@code recording} and prints a table: each part's share of each contender's stream-thread samples. */
    public static void print(Path recording, PrintStream out) throws IOException {
        Map<String, Map<String, Integer>> byContender = new LinkedHashMap<>();
        Map<String, Integer> totals = new LinkedHashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedThread thread = event.getThread("sampledThread");
                String contender = contenderOf(thread == null ? null : thread.getJavaName());
                RecordedStackTrace stack = event.getStackTrace();
                if (contender == null || stack == null) {
                    continue;
                }
                List<String> frames = new ArrayList<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    frames.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
                }
                byContender.computeIfAbsent(contender, c -> new TreeMap<>()).merge(partOf(frames), 1, Integer::sum);
                totals.merge(contender, 1, Integer::sum);
            }
        }
        if (byContender.isEmpty()) {
            throw new IllegalArgumentException(recording + " has no execution samples of the benchmark's stream threads; "
                    + "record a run with CAREERSTREAM_JAVA_OPTS=\"-XX:StartFlightRecording=filename=FILE,settings=profile\"");
        }
        Map<String, Integer> overall = new TreeMap<>();
        byContender.values().forEach(parts -> parts.forEach((part, n) -> overall.merge(part, n, Integer::sum)));
        List<String> contenders = List.copyOf(byContender.keySet());
        out.println("| part of the work (share of the stream threads' samples) | "
                + String.join(" | ", contenders) + " |");
        out.println("|---|" + "---:|".repeat(contenders.size()));
        overall.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).forEach(part -> {
            StringBuilder row = new StringBuilder("| " + part.getKey() + " |");
            for (String c : contenders) {
                int n = byContender.get(c).getOrDefault(part.getKey(), 0);
                row.append(n == 0 ? " – |" : String.format(Locale.ROOT, " %.1f %% |", 100.0 * n / totals.get(c)));
            }
            out.println(row);
        });
        StringBuilder samples = new StringBuilder("| samples |");
        contenders.forEach(c -> samples.append(' ').append(totals.get(c)).append(" |"));
        out.println(samples);
    }
}
