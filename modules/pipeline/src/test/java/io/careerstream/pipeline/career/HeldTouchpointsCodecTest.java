package io.careerstream.pipeline.career;

import static org.assertj.core.api.Assertions.assertThat;

import io.careerstream.domain.Touchpoint;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

/** A held email keeps its campaign details, and a record held before they existed still reads. */
class HeldTouchpointsCodecTest {

    @Test
    void aHeldCampaignTouchpointKeepsItsCampaignAndVariant() {
        for (Touchpoint.EmailEngagement email : new Touchpoint.EmailEngagement[] {
                new Touchpoint.EmailEngagement("e1", "c1", 5L, Touchpoint.EmailAction.HELD_OUT, "spring", "control"),
                new Touchpoint.EmailEngagement("e2", "c1", 6L, Touchpoint.EmailAction.DELIVERED, "spring", null)}) {
            Bytes key = HeldTouchpoints.key(email.occurredAt(), email.customerId(), email.eventId());

            assertThat(HeldTouchpoints.decode(key, HeldTouchpoints.encode(email, 42L)).touchpoint()).isEqualTo(email);
        }
    }

    @Test
    void anEmailHeldByAnEarlierVersionReadsWithoutCampaignDetails() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(42L);
            out.writeUTF("e1");
            out.writeUTF("c1");
            out.writeLong(5L);
            out.writeByte('E');
            out.writeByte(Touchpoint.EmailAction.CLICK.ordinal());
        }

        assertThat(HeldTouchpoints.decode(HeldTouchpoints.key(5L, "c1", "e1"), bytes.toByteArray()).touchpoint())
                .isEqualTo(new Touchpoint.EmailEngagement("e1", "c1", 5L, Touchpoint.EmailAction.CLICK));
    }
}
