package io.careerstream.app.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.careerstream.contracts.TouchpointEvent;
import java.io.IOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.DecoderFactory;
import io.careerstream.contracts.EmailEngagement;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * A touchpoint as the HTTP route takes it: the TouchpointEvent contract in Avro's JSON encoding
 * (what docs/producing.md shows, and what Avro libraries in any language write), where
 * {@code eventId} and {@code alias} may be left out (an id is then derived from the content), and so
 * may the fields later contract versions added (an email's {@code variant} and {@code heldOut}): a
 * body written for an earlier version stays valid, as its records do on Kafka.
 */
final class TouchpointJson {

    /** One per request thread: Avro does not promise that a reader may be shared. */
    private static final ThreadLocal<SpecificDatumReader<TouchpointEvent>> READER =
            ThreadLocal.withInitial(() -> new SpecificDatumReader<>(TouchpointEvent.class));

    private TouchpointJson() {
    }

    /**
     * The event {@code node} encodes.
     *
     * @throws IllegalArgumentException saying what is wrong, as Avro says it
     */
    static TouchpointEvent read(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        ObjectNode event = ((ObjectNode) node).deepCopy();
        if (!event.hasNonNull("eventId")) {
            event.put("eventId", "");
        }
        if (!event.has("alias")) {
            event.putNull("alias");
        }
        JsonNode email = event.path("payload").path(EmailEngagement.getClassSchema().getFullName());
        if (email instanceof ObjectNode engagement) {
            if (!engagement.has("variant")) {
                engagement.putNull("variant");
            }
            if (!engagement.has("heldOut")) {
                engagement.put("heldOut", false);
            }
        }
        try {
            return READER.get().read(null, DecoderFactory.get().jsonDecoder(TouchpointEvent.getClassSchema(), event.toString()));
        } catch (IOException | AvroRuntimeException | ClassCastException e) {
            throw new IllegalArgumentException("not a TouchpointEvent in Avro's JSON encoding: " + e.getMessage());
        }
    }
}
