package io.careerstream.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class ContractsTest {

    @Test
    void touchpointRoundTripsThroughAvroBinaryWithEveryPayloadKind() throws IOException {
        List<Object> payloads = List.of(
                new Purchase("o-1", 1999L, "USD", 2, List.of("jazz")),
                new Inquiry(InquiryKind.COMPLAINT, "delivery", false),
                new SocialMention("x", Sentiment.NEGATIVE, 120L, false),
                new EmailEngagement("c-7", EmailAction.SPAM_REPORT, null, false));
        for (Object payload : payloads) {
            TouchpointEvent event = TouchpointEvent.newBuilder()
                    .setEventId("e-1").setCustomerId("42").setChannel("web")
                    .setOccurredAt(Instant.parse("1997-01-01T10:15:30Z"))
                    .setPayload(payload).build();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            var encoder = EncoderFactory.get().binaryEncoder(out, null);
            new SpecificDatumWriter<>(TouchpointEvent.class).write(event, encoder);
            encoder.flush();
            TouchpointEvent back = new SpecificDatumReader<>(TouchpointEvent.class)
                    .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
            assertThat(back).isEqualTo(event);
            assertThat(back.getPayload()).isInstanceOf(payload.getClass());
        }
    }
}
