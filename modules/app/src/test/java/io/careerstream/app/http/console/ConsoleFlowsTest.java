package io.careerstream.app.http.console;

import io.careerstream.app.http.OtherInstances;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.pipeline.career.CareerFlows;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Windows end at the newest hour counted; trends walk back from today's counts by the day's net moves. */
class ConsoleFlowsTest {

    private static final long HOUR = 3_600_000L;
    private static final long END = Instant.parse("1998-06-30T12:00:00Z").toEpochMilli(); // the newest hour's start

    @Test
    void windowsCountTheEdgesOfTheirHoursOnly() {
        ConsoleFlows.Share share = new ConsoleFlows.Share(List.of(
                new CareerFlows.Bucket("edge:STAGE:>NEW", END, 2),
                new CareerFlows.Bucket("edge:STAGE:NEW>ACTIVE", END - 5 * HOUR, 3),
                new CareerFlows.Bucket("edge:STAGE:NEW>ACTIVE", END - 10 * 24 * HOUR, 4),
                new CareerFlows.Bucket("alert:AT_RISK", END - 2 * 24 * HOUR, 1)), Map.of(), Map.of());
        Map<String, Object> flows = ConsoleFlows.flows(share);
        assertThat(flows.get("until")).isEqualTo("1998-06-30T13:00:00Z");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> windows = (Map<String, Map<String, Object>>) flows.get("windows");
        assertThat(windows.get("1h").get("edges")).isEqualTo(List.of(new ConsoleFlows.Edge("STAGE", null, "NEW", 2)));
        assertThat(windows.get("24h").get("edges")).isEqualTo(List.of(new ConsoleFlows.Edge("STAGE", null, "NEW", 2),
                new ConsoleFlows.Edge("STAGE", "NEW", "ACTIVE", 3)));
        assertThat(windows.get("30d").get("edges")).isEqualTo(List.of(new ConsoleFlows.Edge("STAGE", null, "NEW", 2),
                new ConsoleFlows.Edge("STAGE", "NEW", "ACTIVE", 7)));
        assertThat(windows.get("24h").get("alerts")).isEqualTo(Map.of("AT_RISK", 0L, "LAPSED", 0L));
        assertThat(windows.get("7d").get("alerts")).isEqualTo(Map.of("AT_RISK", 1L, "LAPSED", 0L));
    }

    @Test
    void trendsWalkBackFromTodaysCounts() {
        long yesterday = END - 24 * HOUR;
        ConsoleFlows.Share share = new ConsoleFlows.Share(List.of(
                new CareerFlows.Bucket("edge:STAGE:>NEW", END, 2), // today: two new customers
                new CareerFlows.Bucket("edge:STAGE:NEW>ACTIVE", yesterday, 1),
                new CareerFlows.Bucket("edge:TRACK:NONE>VIP", yesterday, 1),
                new CareerFlows.Bucket("alert:LAPSED", yesterday, 5)),
                Map.of("NEW", 5L, "ACTIVE", 1L), Map.of("NONE", 5L, "VIP", 1L));
        Map<String, Object> trends = ConsoleFlows.trends(share);
        @SuppressWarnings("unchecked")
        List<String> days = (List<String>) trends.get("days");
        assertThat(days).hasSize(30).last().isEqualTo("1998-06-30");
        @SuppressWarnings("unchecked")
        Map<String, long[]> stages = (Map<String, long[]>) trends.get("stages");
        assertThat(stages.get("NEW")[29]).isEqualTo(5);
        assertThat(stages.get("NEW")[28]).as("before today's two").isEqualTo(3);
        assertThat(stages.get("NEW")[27]).as("before yesterday's move out").isEqualTo(4);
        assertThat(stages.get("ACTIVE")[28]).isEqualTo(1);
        assertThat(stages.get("ACTIVE")[27]).isEqualTo(0);
        @SuppressWarnings("unchecked")
        Map<String, long[]> tracks = (Map<String, long[]>) trends.get("tracks");
        assertThat(tracks.get("NONE")[28]).as("new customers start on no track").isEqualTo(3);
        assertThat(tracks.get("NONE")[27]).isEqualTo(4);
        assertThat(tracks.get("VIP")[27]).isEqualTo(0);
        @SuppressWarnings("unchecked")
        Map<String, long[]> alerts = (Map<String, long[]>) trends.get("alerts");
        assertThat(alerts.get("LAPSED")[28]).isEqualTo(5);
        assertThat(alerts.get("AT_RISK")).containsOnly(0);
    }

    @Test
    void sharesOfOtherInstancesAreAdded() throws Exception {
        ConsoleFlows.Share mine = new ConsoleFlows.Share(List.of(new CareerFlows.Bucket("alert:LAPSED", END, 1)),
                Map.of("NEW", 1L), Map.of());
        var other = OtherInstances.JSON.valueToTree(ConsoleFlows.json(new ConsoleFlows.Share(
                List.of(new CareerFlows.Bucket("alert:LAPSED", END, 2)), Map.of("NEW", 4L), Map.of("NONE", 4L))));
        ConsoleFlows.Share sum = ConsoleFlows.sum(mine, List.of((com.fasterxml.jackson.databind.JsonNode) other));
        assertThat(sum.buckets()).containsExactly(new CareerFlows.Bucket("alert:LAPSED", END, 3));
        assertThat(sum.stages()).isEqualTo(Map.of("NEW", 5L));
        assertThat(sum.tracks()).isEqualTo(Map.of("NONE", 4L));
    }
}
