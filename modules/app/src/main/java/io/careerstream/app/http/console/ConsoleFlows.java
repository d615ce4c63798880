package io.careerstream.app.http.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.careerstream.domain.AlertLevel;
import io.careerstream.domain.map.CareerMap;
import io.careerstream.pipeline.CareerTopology;
import io.careerstream.pipeline.career.CareerCounts;
import io.careerstream.pipeline.career.CareerFlows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * The console's flows and trends, from the hourly counts the stream keeps ({@link CareerFlows}) and
 * the customers per stage and track ({@link CareerCounts}), summed over the instances: never a scan
 * of the customers. Windows end at the newest hour any count has seen (event time, so a replayed
 * history shows its own last day, not the wall clock's).
 *
 * <ul>
 *   <li>{@link #FLOWS_PATH}: transitions per edge and alerts opened per level in each window
 *       ({@link #WINDOWS});</li>
 *   <li>{@link #TRENDS_PATH}: per day of the last 30, customers per stage and per track at the
 *       day's end (today's counts minus the net moves after it) and alerts opened per level;</li>
 *   <li>{@link #SHARE_PATH}: one instance's share (its buckets and counts), which the others sum.</li>
 * </ul>
 */
public final class ConsoleFlows {

    public static final String FLOWS_PATH = "/console/flows";
    public static final String TRENDS_PATH = "/console/trends";
    public static final String SHARE_PATH = "/console/flows/share";
    /** The console's windows, by the name it shows and asks with. */
    public static final Map<String, Duration> WINDOWS = windows();
    static final int TREND_DAYS = 30;
    private static final long DAY = Duration.ofDays(1).toMillis();

    private static Map<String, Duration> windows() {
        Map<String, Duration> w = new LinkedHashMap<>();
        w.put("1h", Duration.ofHours(1));
        w.put("24h", Duration.ofDays(1));
        w.put("7d", Duration.ofDays(7));
        w.put("30d", Duration.ofDays(30));
        return w;
    }

    /** An instance's share, or the installation's sum of them. */
    public record Share(List<CareerFlows.Bucket> buckets, Map<String, Long> stages, Map<String, Long> tracks) {
    }

    /** One edge of the map as drawn, with its transitions in a window. */
    public record Edge(String dimension, String from, String to, long count) {
    }

    private ConsoleFlows() {
    }

    /** This instance's share, read from its stores (those of its active tasks). */
    public static Share local(KafkaStreams streams) {
        ReadOnlyWindowStore<String, Long> flows = streams.store(StoreQueryParameters.fromNameAndType(CareerFlows.STORE,
                QueryableStoreTypes.windowStore()));
        ReadOnlyKeyValueStore<String, Long> counts = streams.store(StoreQueryParameters.fromNameAndType(
                CareerTopology.CAREER_COUNTS_STORE, QueryableStoreTypes.keyValueStore()));
        return new Share(CareerFlows.read(flows), CareerCounts.read(counts, CareerCounts.STAGE),
                CareerCounts.read(counts, CareerCounts.TRACK));
    }

    /** The share as JSON: {@code buckets} as [key, hour start (epoch ms), count] triples. */
    public static Map<String, Object> json(Share share) {
        List<Object[]> buckets = new ArrayList<>();
        share.buckets().forEach(b -> buckets.add(new Object[] {b.key(), b.start(), b.count()}));
        return Map.of("buckets", buckets, "stages", new TreeMap<>(share.stages()), "tracks", new TreeMap<>(share.tracks()));
    }

    /** Adds instances' shares (JSON from {@link #json}) to this one's. */
    public static Share sum(Share mine, List<JsonNode> others) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        mine.buckets().forEach(b -> buckets.merge(b.key() + "\n" + b.start(), b.count(), Long::sum));
        Map<String, Long> stages = new TreeMap<>(mine.stages());
        Map<String, Long> tracks = new TreeMap<>(mine.tracks());
        for (JsonNode other : others) {
            other.path("buckets").forEach(b -> buckets.merge(b.get(0).asText() + "\n" + b.get(1).asLong(), b.get(2).asLong(), Long::sum));
            other.path("stages").fields().forEachRemaining(e -> stages.merge(e.getKey(), e.getValue().asLong(), Long::sum));
            other.path("tracks").fields().forEachRemaining(e -> tracks.merge(e.getKey(), e.getValue().asLong(), Long::sum));
        }
        List<CareerFlows.Bucket> all = new ArrayList<>();
        buckets.forEach((k, v) -> {
            int cut = k.lastIndexOf('\n');
            all.add(new CareerFlows.Bucket(k.substring(0, cut), Long.parseLong(k.substring(cut + 1)), v));
        });
        return new Share(all, stages, tracks);
    }

    /** The end of the newest hour counted; null when nothing is counted yet. */
    static Long until(Share share) {
        return share.buckets().stream().mapToLong(CareerFlows.Bucket::start).max().stream().boxed()
                .map(start -> start + CareerFlows.BUCKET.toMillis()).findFirst().orElse(null);
    }

    /** {@code /console/flows}: per window, the edges with their transitions and the alerts per level. */
    public static Map<String, Object> flows(Share share) {
        Long until = until(share);
        Map<String, Object> windows = new LinkedHashMap<>();
        for (Map.Entry<String, Duration> w : WINDOWS.entrySet()) {
            long from = until == null ? 0 : until - w.getValue().toMillis();
            Map<String, Long> edges = new TreeMap<>();
            Map<String, Long> alerts = new TreeMap<>();
            levels().forEach(level -> alerts.put(level, 0L));
            for (CareerFlows.Bucket b : share.buckets()) {
                if (until == null || b.start() < from) {
                    continue;
                }
                if (b.key().startsWith(CareerFlows.EDGE)) {
                    edges.merge(b.key(), b.count(), Long::sum);
                } else if (b.key().startsWith(CareerFlows.ALERT)) {
                    alerts.merge(b.key().substring(CareerFlows.ALERT.length()), b.count(), Long::sum);
                }
            }
            Map<String, Object> window = new LinkedHashMap<>();
            window.put("from", until == null ? null : Instant.ofEpochMilli(from).toString());
            window.put("edges", edges.entrySet().stream().map(e -> edge(e.getKey(), e.getValue())).toList());
            window.put("alerts", alerts);
            windows.put(w.getKey(), window);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("until", until == null ? null : Instant.ofEpochMilli(until).toString());
        body.put("windows", windows);
        return body;
    }

    /** {@code edge:STAGE:FROM>TO} as an edge; FROM is null for a customer's first stage. */
    static Edge edge(String key, long count) {
        String rest = key.substring(CareerFlows.EDGE.length());
        int colon = rest.indexOf(':');
        int arrow = rest.indexOf('>', colon);
        String from = rest.substring(colon + 1, arrow);
        return new Edge(rest.substring(0, colon), from.isEmpty() ? null : from, rest.substring(arrow + 1), count);
    }

    private static List<String> levels() {
        return java.util.Arrays.stream(AlertLevel.values()).filter(l -> l != AlertLevel.NONE).map(Enum::name).toList();
    }

    /**
     * {@code /console/trends}: the last {@value #TREND_DAYS} days (UTC) up to the newest hour counted.
     * Customers per stage (and track) at a day's end are today's counts minus the net moves into it
     * counted after that day; erasures are not moves, so a day before an erasure shows the erased
     * customer neither there nor anywhere.
     */
    public static Map<String, Object> trends(Share share) {
        Long until = until(share);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("until", until == null ? null : Instant.ofEpochMilli(until).toString());
        if (until == null) {
            body.put("days", List.of());
            body.put("stages", Map.of());
            body.put("tracks", Map.of());
            body.put("alerts", Map.of());
            return body;
        }
        long lastDay = Math.floorDiv(until - 1, DAY) * DAY;
        long firstDay = lastDay - (TREND_DAYS - 1) * DAY;
        List<String> days = new ArrayList<>();
        for (int d = 0; d < TREND_DAYS; d++) {
            days.add(Instant.ofEpochMilli(firstDay + d * DAY).toString().substring(0, 10));
        }
        Map<String, long[]> stageNet = new TreeMap<>(); // per day: net moves into the stage during that day
        Map<String, long[]> trackNet = new TreeMap<>();
        Map<String, long[]> alerts = new TreeMap<>();
        levels().forEach(level -> alerts.put(level, new long[TREND_DAYS]));
        for (CareerFlows.Bucket b : share.buckets()) {
            int day = (int) Math.floorDiv(b.start() - firstDay, DAY);
            if (day < 0) {
                continue; // before the trend: its moves are inside every day's count already
            }
            if (b.key().startsWith(CareerFlows.ALERT)) {
                alerts.computeIfAbsent(b.key().substring(CareerFlows.ALERT.length()), l -> new long[TREND_DAYS])[day] += b.count();
                continue;
            }
            if (!b.key().startsWith(CareerFlows.EDGE)) {
                continue;
            }
            Edge e = edge(b.key(), b.count());
            Map<String, long[]> net = "TRACK".equals(e.dimension()) ? trackNet : stageNet;
            net.computeIfAbsent(e.to(), n -> new long[TREND_DAYS])[day] += b.count();
            if (e.from() != null) {
                net.computeIfAbsent(e.from(), n -> new long[TREND_DAYS])[day] -= b.count();
            } else {
                // A first stage also puts the customer on no track (CareerCounts).
                trackNet.computeIfAbsent(CareerMap.NO_TRACK, n -> new long[TREND_DAYS])[day] += b.count();
            }
        }
        body.put("days", days);
        body.put("stages", series(share.stages(), stageNet));
        body.put("tracks", series(share.tracks(), trackNet));
        Map<String, Object> perLevel = new LinkedHashMap<>();
        alerts.forEach((level, counts) -> perLevel.put(level, counts));
        body.put("alerts", perLevel);
        return body;
    }

    /** Each node's count at the end of each day, walking back from today's count. */
    private static Map<String, long[]> series(Map<String, Long> now, Map<String, long[]> net) {
        Map<String, long[]> series = new TreeMap<>();
        TreeSet<String> names = new TreeSet<>(now.keySet());
        names.addAll(net.keySet());
        for (String name : names) {
            long[] values = new long[TREND_DAYS];
            long[] moves = net.getOrDefault(name, new long[TREND_DAYS]);
            long count = now.getOrDefault(name, 0L);
            for (int d = TREND_DAYS - 1; d >= 0; d--) {
                values[d] = count;
                count -= moves[d];
            }
            series.put(name, values);
        }
        return series;
    }
}
