package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.domain.lift.LiftArm;
import io.careerstream.domain.lift.LiftCounts;
import io.careerstream.domain.lift.LiftReport;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /lift's body: sums that add up across instances, figures without NaN. */
class LiftJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSumsComeBackAsTheyWentAndFiguresTheDataCannotGiveAreNull() throws Exception {
        LiftArm offer = LiftArm.campaign("spring", "offer", false);
        LiftArm control = LiftArm.campaign("spring", null, true);
        LiftArm lonely = LiftArm.alert("AT_RISK", "WIN_BACK", false);
        Map<LiftArm, LiftCounts> sums = Map.of(offer, new LiftCounts(100, 7, 9, 12_345, 4.2e7),
                control, new LiftCounts(1, 0, 0, 0, 0), lonely, new LiftCounts(3, 1, 1, 500, 250_000));

        String body = JSON.writeValueAsString(LiftJson.of(LiftReport.of(sums, 2), "USD", Duration.ofDays(14)));
        JsonNode json = JSON.readTree(body);

        assertThat(LiftJson.counts(json)).isEqualTo(sums);
        assertThat(body).doesNotContain("NaN");
        assertThat(json.path("windowDays").asDouble()).isEqualTo(14.0);
        JsonNode held = json.path("arms").get(1);
        assertThat(held.path("variant").asText()).isEqualTo(LiftArm.HELD_OUT);
        assertThat(held.path("spendPerCustomer").path("low").isNull()).as("one customer: no interval").isTrue();
        JsonNode alone = json.path("arms").get(2);
        assertThat(alone.path("kind").asText()).isEqualTo("ALERT");
        assertThat(alone.path("control").isNull()).as("no held-out arm of its level and action").isTrue();
    }
}
