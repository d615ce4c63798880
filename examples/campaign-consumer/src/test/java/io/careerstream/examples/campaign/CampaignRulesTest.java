package io.careerstream.examples.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.contracts.ChurnAlert;
import io.careerstream.contracts.ChurnLevel;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A held-out alert starts no flow, like a do-not-contact one. */
class CampaignRulesTest {

    @Test
    void aHeldOutAlertIsLeftAloneAndAnotherStartsItsFlow() {
        InMemoryCampaignSystem campaigns = new InMemoryCampaignSystem(new PrintStream(OutputStream.nullOutputStream()));
        CampaignRules rules = new CampaignRules(campaigns);

        assertThat(rules.onAlert(alert("c1", true))).isEqualTo(CampaignRules.Outcome.HELD_OUT);
        assertThat(rules.onAlert(alert("c2", false))).isEqualTo(CampaignRules.Outcome.STARTED);
        assertThat(campaigns.flows()).extracting(InMemoryCampaignSystem.Flow::customerId).containsExactly("c2");
    }

    private static ChurnAlert alert(String customerId, boolean heldOut) {
        return ChurnAlert.newBuilder().setAlertId(customerId + ":1:AT_RISK").setCustomerId(customerId)
                .setLevel(ChurnLevel.AT_RISK).setAt(Instant.parse("2026-03-01T00:00:00Z"))
                .setLastPurchaseAt(Instant.parse("2026-01-01T00:00:00Z")).setDaysSinceLastPurchase(59)
                .setExpectedIntervalDays(20).setPurchaseDays(4).setSuggestedAction("WIN_BACK").setHeldOut(heldOut).build();
    }
}
