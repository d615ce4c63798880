package io.careerstream.app.http.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.careerstream.domain.StageChange;
import io.careerstream.pipeline.career.CareerFlows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The trends walked back from today's counts and the hourly moves equal a plain day-by-day tally of
 * a random history: customers arriving, moving between stages and tracks, alerts opening, over more
 * than the trend's 30 days.
 */
class ConsoleTrendsPropertyTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;
    private static final long START = Instant.parse("1998-01-01T00:00:00Z").toEpochMilli();
    private static final String[] STAGES = {"NEW", "ACTIVE", "LOYAL", "AT_RISK"};
    private static final String[] TRACKS = {"NONE", "HABITUAL", "DEVOTEE"};

    @Test
    @SuppressWarnings("unchecked")
    void trendsEqualADailyTallyOfTheHistory() {
        qt().withFixedSeed(25L).withExamples(200)
                .forAll(longs().all(), integers().between(1, 400), integers().between(31, 45))
                .checkAssert((seed, events, days) -> {
                    Random random = new Random(seed);
                    Map<String, String> stage = new HashMap<>();
                    Map<String, String> track = new HashMap<>();
                    Map<String, Long> buckets = new TreeMap<>(); // key \n hour -> count
                    Map<Integer, Map<String, Long>> stagesAtDayEnd = new HashMap<>();
                    Map<Integer, Map<String, Long>> tracksAtDayEnd = new HashMap<>();
                    Map<Integer, Long> alertsPerDay = new HashMap<>();
                    List<Long> times = new ArrayList<>();
                    for (int e = 0; e < events; e++) {
                        times.add(START + (long) (random.nextDouble() * days * DAY));
                    }
                    times.sort(Long::compare);
                    long newest = START;
                    int index = 0;
                    for (int day = 0; day < days; day++) {
                        while (index < times.size() && times.get(index) < START + (day + 1) * DAY) {
                            long at = times.get(index++);
                            newest = at;
                            int kind = stage.isEmpty() ? 0 : random.nextInt(4);
                            String customer = kind == 0 ? "c" + index : new ArrayList<>(stage.keySet()).get(random.nextInt(stage.size()));
                            String key;
                            if (kind == 0) {
                                stage.put(customer, "NEW");
                                track.put(customer, "NONE");
                                key = CareerFlows.edge(StageChange.Dimension.STAGE, null, "NEW");
                            } else if (kind == 1) {
                                String to = STAGES[random.nextInt(STAGES.length)];
                                key = CareerFlows.edge(StageChange.Dimension.STAGE, stage.put(customer, to), to);
                            } else if (kind == 2) {
                                String to = TRACKS[random.nextInt(TRACKS.length)];
                                key = CareerFlows.edge(StageChange.Dimension.TRACK, track.put(customer, to), to);
                            } else {
                                key = CareerFlows.ALERT + "AT_RISK";
                                alertsPerDay.merge(day, 1L, Long::sum);
                            }
                            buckets.merge(key + "\n" + CareerFlows.bucketStart(at), 1L, Long::sum);
                        }
                        stagesAtDayEnd.put(day, tally(stage));
                        tracksAtDayEnd.put(day, tally(track));
                    }
                    // What the store gives back: the hours within the retention of the newest (CareerFlows.read).
                    long newestHour = CareerFlows.bucketStart(newest);
                    List<CareerFlows.Bucket> kept = new ArrayList<>();
                    buckets.forEach((k, v) -> {
                        long hour = Long.parseLong(k.substring(k.indexOf('\n') + 1));
                        if (hour > newestHour - CareerFlows.RETENTION.toMillis()) {
                            kept.add(new CareerFlows.Bucket(k.substring(0, k.indexOf('\n')), hour, v));
                        }
                    });
                    Map<String, Object> trends = ConsoleFlows.trends(new ConsoleFlows.Share(kept, tally(stage), tally(track)));
                    int lastDay = (int) ((CareerFlows.bucketStart(newest) + HOUR - 1 - START) / DAY);
                    Map<String, long[]> stages = (Map<String, long[]>) trends.get("stages");
                    Map<String, long[]> tracks = (Map<String, long[]>) trends.get("tracks");
                    Map<String, long[]> alerts = (Map<String, long[]>) trends.get("alerts");
                    for (int d = 0; d < 30; d++) {
                        int day = lastDay - 29 + d;
                        Map<String, Long> stagesThen = day < 0 ? Map.of() : stagesAtDayEnd.get(day);
                        Map<String, Long> tracksThen = day < 0 ? Map.of() : tracksAtDayEnd.get(day);
                        for (var e : stages.entrySet()) {
                            assertThat(e.getValue()[d]).as("%s at the end of day %d", e.getKey(), day)
                                    .isEqualTo(stagesThen.getOrDefault(e.getKey(), 0L));
                        }
                        assertThat(stages.keySet()).containsAll(stagesThen.keySet());
                        for (var e : tracks.entrySet()) {
                            assertThat(e.getValue()[d]).as("track %s at the end of day %d", e.getKey(), day)
                                    .isEqualTo(tracksThen.getOrDefault(e.getKey(), 0L));
                        }
                        assertThat(alerts.get("AT_RISK")[d]).as("alerts on day %d", day)
                                .isEqualTo(alertsPerDay.getOrDefault(day, 0L));
                    }
                });
    }

    private static Map<String, Long> tally(Map<String, String> where) {
        Map<String, Long> counts = new TreeMap<>();
        where.values().forEach(v -> counts.merge(v, 1L, Long::sum));
        return counts;
    }
}
