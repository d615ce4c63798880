package io.careerstream.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Confluent's framing: magic byte 0, the schema id as a 4-byte big-endian int, then the Avro
 * binary body. Byte-compatible with Confluent's own serializers.
 */
public final class ConfluentWireFormat {

    public static final byte MAGIC_BYTE = 0;
    public static final int HEADER_SIZE = 5;

    private ConfluentWireFormat() {
    }

    public static void writeHeader(ByteBuffer out, int schemaId) {
        out.put(MAGIC_BYTE).putInt(schemaId);
    }

    /** Reads and checks the header, leaving {@code in} at the Avro body; returns the schema id. */
    public static int readHeader(String topic, ByteBuffer in) {
        if (in.remaining() < HEADER_SIZE) {
            throw new SerializationException("Record on topic " + topic + " has " + in.remaining()
                    + " bytes, fewer than the 5-byte Confluent wire-format header");
        }
        byte magic = in.get();
        if (magic != MAGIC_BYTE) {
            throw new SerializationException("Record on topic " + topic + " starts with byte " + magic
                    + ", not the Confluent wire-format magic byte 0");
        }
        return in.getInt();
    }
}
