package io.careerstream.domain;

import java.util.Arrays;

/**
 * The de-duplication keys a customer's state remembers, each with the customer's clock when it
 * was seen, oldest first. Forgotten by time ({@link #forgetSeenBefore}), not by count, so a resend
 * is recognised however many touchpoints came between; the count is only capped as a state budget.
 *
 * <p>Why plain arrays: this is part of every customer's state, decoded and copied on every event;
 * two primitive arrays cost 16 bytes an entry in memory and about 10 encoded
 * ({@link CustomerStateCodec}), where a map of boxed entries would cost several times that.
 */
final class DeduplicationMemory {

    private long[] keys = new long[2];
    private long[] seenAt = new long[2];
    private int size;

    int size() {
        return size;
    }

    long key(int i) {
        return keys[i];
    }

    long seenAt(int i) {
        return seenAt[i];
    }

    boolean contains(long key) {
        // Newest first: a resend usually follows its original closely.
        for (int i = size - 1; i >= 0; i--) {
            if (keys[i] == key) {
                return true;
            }
        }
        return false;
    }

    /** Appends a key; {@code at} must not be before the last one's (the customer's clock never goes back). */
    void remember(long key, long at, int maxKeys) {
        if (size > 0 && at < seenAt[size - 1]) {
            throw new IllegalArgumentException("keys are remembered in time order: " + at + " < " + seenAt[size - 1]);
        }
        if (size == keys.length) {
            int capacity = Math.max(2, Math.min(keys.length * 2, maxKeys));
            keys = Arrays.copyOf(keys, Math.max(capacity, size + 1));
            seenAt = Arrays.copyOf(seenAt, Math.max(capacity, size + 1));
        }
        keys[size] = key;
        seenAt[size] = at;
        size++;
        if (size > maxKeys) {
            drop(size - maxKeys);
        }
    }

    /** Forgets every key seen before {@code cutoff}. */
    void forgetSeenBefore(long cutoff) {
        int n = 0;
        while (n < size && seenAt[n] < cutoff) {
            n++;
        }
        drop(n);
    }

    private void drop(int n) {
        if (n == 0) {
            return;
        }
        System.arraycopy(keys, n, keys, 0, size - n);
        System.arraycopy(seenAt, n, seenAt, 0, size - n);
        size -= n;
    }

    DeduplicationMemory copy() {
        DeduplicationMemory c = new DeduplicationMemory();
        c.keys = Arrays.copyOf(keys, Math.max(2, size));
        c.seenAt = Arrays.copyOf(seenAt, Math.max(2, size));
        c.size = size;
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeduplicationMemory m && size == m.size
                && Arrays.equals(keys, 0, size, m.keys, 0, size) && Arrays.equals(seenAt, 0, size, m.seenAt, 0, size);
    }

    @Override
    public int hashCode() {
        return size;
    }
}
