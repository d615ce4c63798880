package io.careerstream.serde;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding of one record's bytes that never believes a length the bytes cannot hold.
 *
 * <p>Why: Avro allocates a string, a byte array or a collection as large as the length written in
 * front of it before reading its content, up to 2 GiB. A few bytes claiming a long string made
 * the deserializer throw OutOfMemoryError, which no deserialization handler catches: one corrupt
 * record would stop the stream thread (found by {@code TouchpointBytesFuzzTest}). Here a string or
 * byte length longer than the bytes left, or an array or map block of more items than bytes left,
 * is an {@link IOException} (the serde's "does not match its schema" SerializationException) before
 * anything is allocated. Every item of our contracts' arrays and maps takes at least one byte, so no
 * well-formed record is refused.
 */
final class BoundedDecoder extends Decoder {

    private final ByteArrayInputStream in;
    /** Reads straight from {@link #in} (no read-ahead buffer), so {@code in.available()} is what is left. */
    private final BinaryDecoder binary;

    BoundedDecoder(byte[] data, int offset, int length) {
        this.in = new ByteArrayInputStream(data, offset, length);
        this.binary = DecoderFactory.get().directBinaryDecoder(in, null);
    }

    /** Whether every byte has been read. */
    boolean isEnd() {
        return in.available() == 0;
    }

    private int length(String what) throws IOException {
        long length = binary.readLong();
        if (length < 0 || length > in.available()) {
            throw new IOException("a " + what + " of " + length + " bytes where " + in.available() + " are left");
        }
        return (int) length;
    }

    private long items(long count, String what) throws IOException {
        // A block of -n items is followed by its size in bytes; the decoder has read both and gives n.
        if (Math.abs(count) > in.available()) {
            throw new IOException("a " + what + " block of " + count + " items where " + in.available()
                    + " bytes are left");
        }
        return count;
    }

    @Override
    public void readNull() throws IOException {
        binary.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return binary.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return binary.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return binary.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return binary.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return binary.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        binary.readFixed(result.getBytes(), 0, length);
        return result;
    }

    @Override
    public String readString() throws IOException {
        return readString(null).toString();
    }

    @Override
    public void skipString() throws IOException {
        binary.skipFixed(length("string"));
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes value");
        byte[] bytes = new byte[length];
        binary.readFixed(bytes, 0, length);
        return ByteBuffer.wrap(bytes);
    }

    @Override
    public void skipBytes() throws IOException {
        binary.skipFixed(length("bytes value"));
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        binary.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        binary.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return binary.readEnum();
    }

    @Override
    public long readArrayStart() throws IOException {
        return items(binary.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return items(binary.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return items(binary.skipArray(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return items(binary.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return items(binary.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return items(binary.skipMap(), "map");
    }

    @Override
    public int readIndex() throws IOException {
        return binary.readIndex();
    }
}
