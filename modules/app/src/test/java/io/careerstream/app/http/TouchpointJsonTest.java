package io.careerstream.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.careerstream.contracts.EmailAction;
import io.careerstream.contracts.EmailEngagement;
import org.junit.jupiter.api.Test;

/** A body written for an earlier contract version stays valid: the fields added since take their defaults. */
class TouchpointJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEmailWithoutVariantAndHeldOutIsReadWithTheirDefaults() throws Exception {
        EmailEngagement email = (EmailEngagement) TouchpointJson.read(JSON.readTree("""
                {"eventId": "e1", "customerId": "C-1", "occurredAt": 1768205700000, "channel": "esp",
                 "payload": {"io.careerstream.contracts.EmailEngagement": {"campaignId": "spring", "action": "CLICK"}}}
                """)).getPayload();

        assertThat(email.getAction()).isEqualTo(EmailAction.CLICK);
        assertThat(email.getVariant()).isNull();
        assertThat(email.getHeldOut()).isFalse();
    }

    @Test
    void aHoldOutIsReadAsSent() throws Exception {
        EmailEngagement email = (EmailEngagement) TouchpointJson.read(JSON.readTree("""
                {"eventId": "e1", "customerId": "C-1", "occurredAt": 1768205700000, "channel": "esp",
                 "payload": {"io.careerstream.contracts.EmailEngagement": {"campaignId": "spring", "action": "DELIVERED",
                   "variant": {"string": "control"}, "heldOut": true}}}
                """)).getPayload();

        assertThat(email.getVariant()).isEqualTo("control");
        assertThat(email.getHeldOut()).isTrue();
    }
}
