package io.careerstream.app.ingest;

import io.careerstream.contracts.TouchpointEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Event ids for touchpoints whose producer gave none: derived from what the event says (its Avro
 * encoding without the id), so the same fact sent again, from the same file, another export of it
 * or the HTTP route, gets the same id, and the pipeline counts it once.
 */
public final class EventIds {

    /** Prefix of a derived id: {@code tp-} and 32 hex digits (128 bits of SHA-256). */
    public static final String PREFIX = "tp-";
    private static final SpecificDatumWriter<TouchpointEvent> WRITER = new SpecificDatumWriter<>(TouchpointEvent.class);

    private EventIds() {
    }

    /** {@code event} with its eventId, derived when it has none. */
    public static TouchpointEvent withId(TouchpointEvent event) {
        if (event.getEventId() != null && !event.getEventId().isBlank()) {
            return event;
        }
        return TouchpointEvent.newBuilder(event).setEventId(derive(event)).build();
    }

    /** The id of the fact {@code event} states, whatever id it carries. */
    public static String derive(TouchpointEvent event) {
        TouchpointEvent content = TouchpointEvent.newBuilder(event).setEventId("").build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        try {
            WRITER.write(content, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
            return PREFIX + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every Java runtime", e);
        }
    }
}
