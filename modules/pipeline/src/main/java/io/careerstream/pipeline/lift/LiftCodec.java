package io.careerstream.pipeline.lift;

import io.careerstream.domain.lift.Exposure;
import io.careerstream.domain.lift.LiftArm;
import io.careerstream.domain.lift.LiftCounts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;

/** The lift stores' bytes: a customer's live exposures, an arm's counts, and the expiry index's keys. */
final class LiftCodec {

    /** Leads every value: a later layout gets a new version, and old values stay readable. */
    private static final byte VERSION = 1;

    private LiftCodec() {
    }

    static byte[] exposures(List<Exposure> exposures) {
        return write(out -> {
            out.writeShort(exposures.size());
            for (Exposure e : exposures) {
                out.writeUTF(e.arm().key());
                out.writeLong(e.at());
                out.writeLong(e.purchases());
                out.writeLong(e.spendMinor());
            }
        });
    }

    static List<Exposure> exposures(byte[] bytes) {
        List<Exposure> exposures = new ArrayList<>();
        if (bytes == null) {
            return exposures;
        }
        try (DataInputStream in = open(bytes)) {
            for (int n = in.readShort(); n > 0; n--) {
                exposures.add(new Exposure(LiftArm.ofKey(in.readUTF()), in.readLong(), in.readLong(), in.readLong()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt lift exposures", e);
        }
        return exposures;
    }

    static byte[] counts(LiftCounts c) {
        return write(out -> {
            out.writeLong(c.customers());
            out.writeLong(c.converters());
            out.writeLong(c.purchases());
            out.writeLong(c.spendMinor());
            out.writeDouble(c.spendSquares());
        });
    }

    static LiftCounts counts(byte[] bytes) {
        if (bytes == null) {
            return LiftCounts.ZERO;
        }
        try (DataInputStream in = open(bytes)) {
            return new LiftCounts(in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readDouble());
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt lift counts", e);
        }
    }

    /** An expiry index key: the time the entry expires (sign bit flipped, big-endian: byte order is time order), then the customer. */
    static Bytes expiryKey(long expiresAt, String customerId) {
        byte[] customer = customerId.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + customer.length).putLong(expiresAt ^ Long.MIN_VALUE)
                .put(customer).array());
    }

    /** The first key of entries expiring at {@code at} or later. */
    static Bytes expiryFrom(long at) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(at ^ Long.MIN_VALUE).array());
    }

    static String customerOf(Bytes expiryKey) {
        byte[] key = expiryKey.get();
        return new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8);
    }

    static long expiresAt(Bytes expiryKey) {
        return ByteBuffer.wrap(expiryKey.get()).getLong() ^ Long.MIN_VALUE;
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: cannot happen
        }
        return bytes.toByteArray();
    }

    private static DataInputStream open(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        byte version = in.readByte();
        if (version != VERSION) {
            throw new IOException("lift value version " + version + " is not " + VERSION);
        }
        return in;
    }
}
