package io.careerstream.pipeline.rfm;

import io.careerstream.domain.CustomerState;
import io.careerstream.domain.RfmBoundaries;
import java.nio.ByteBuffer;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Quantile sketches (Apache DataSketches KLL) of the recency, frequency and monetary measures of
 * a set of customers with a purchase (see {@link RfmBoundaries} for what each measures). A task
 * builds one from its customers; sketches of all tasks merge into the population's, whose
 * quintiles are the RFM boundaries. A sketch, not exact quantiles: exact ones would need every
 * customer's values in one place, and a task only holds its own; a KLL sketch of any population
 * is a few kilobytes, merges without losing its error guarantee, and is a maintained library.
 */
public final class RfmSketch {

    /** The rank error we accept for a quintile boundary: 1 %. */
    public static final double RANK_ERROR = 0.01;

    /**
     * KLL's accuracy parameter, from the library's own formula: the smallest k whose normalized
     * rank error for a single quantile (99 % confidence) is at most {@link #RANK_ERROR}.
     */
    public static final int K = KllSketch.getKFromEpsilon(RANK_ERROR, false);

    private final KllDoublesSketch recency;
    private final KllDoublesSketch frequency;
    private final KllDoublesSketch monetary;

    private RfmSketch(KllDoublesSketch recency, KllDoublesSketch frequency, KllDoublesSketch monetary) {
        if (recency.getN() != frequency.getN() || recency.getN() != monetary.getN()) {
            throw new IllegalArgumentException("the three sketches must hold the same customers, hold "
                    + recency.getN() + ", " + frequency.getN() + " and " + monetary.getN());
        }
        this.recency = recency;
        this.frequency = frequency;
        this.monetary = monetary;
    }

    /** No customers yet. */
    public static RfmSketch empty() {
        return new RfmSketch(KllDoublesSketch.newHeapInstance(K), KllDoublesSketch.newHeapInstance(K),
                KllDoublesSketch.newHeapInstance(K));
    }

    /** Adds a customer's measures; a customer without a purchase has none and is left out. */
    public void add(CustomerState s) {
        if (!s.hasPurchased()) {
            return;
        }
        recency.update(RfmBoundaries.recencyOf(s));
        frequency.update(RfmBoundaries.frequencyOf(s));
        monetary.update(RfmBoundaries.monetaryOf(s));
    }

    /** Adds another set of customers (another task's). */
    public void merge(RfmSketch other) {
        recency.merge(other.recency);
        frequency.merge(other.frequency);
        monetary.merge(other.monetary);
    }

    /** Customers with a purchase the sketch holds. */
    public long customers() {
        return recency.getN();
    }

    /** The quintile boundaries of the customers held; {@link RfmBoundaries#NONE} when there are none. */
    public RfmBoundaries boundaries() {
        if (customers() == 0) {
            return RfmBoundaries.NONE;
        }
        return new RfmBoundaries(quintiles(recency), quintiles(frequency), quintiles(monetary), customers());
    }

    // INCLUSIVE: the smallest value with at least that fraction of customers at or below it, the
    // definition RfmBoundaries documents.
    private static double[] quintiles(KllDoublesSketch sketch) {
        return sketch.getQuantiles(RfmBoundaries.QUINTILE_RANKS, QuantileSearchCriteria.INCLUSIVE);
    }

    /** The recency sketch alone (e.g. to compare with exact quantiles). */
    public KllDoublesSketch recencySketch() {
        return recency;
    }

    public KllDoublesSketch frequencySketch() {
        return frequency;
    }

    public KllDoublesSketch monetarySketch() {
        return monetary;
    }

    public byte[] recencyBytes() {
        return recency.toByteArray();
    }

    public byte[] frequencyBytes() {
        return frequency.toByteArray();
    }

    public byte[] monetaryBytes() {
        return monetary.toByteArray();
    }

    /**
     * The three sketches from their serialized forms (DataSketches' own format).
     *
     * @throws IllegalArgumentException when any is not a KLL doubles sketch, or they hold different counts
     */
    public static RfmSketch of(byte[] recency, byte[] frequency, byte[] monetary) {
        return new RfmSketch(heapify("recency", recency), heapify("frequency", frequency), heapify("monetary", monetary));
    }

    private static KllDoublesSketch heapify(String name, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("the " + name + " sketch is empty");
        }
        try {
            return KllDoublesSketch.heapify(Memory.wrap(bytes));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + name + " sketch is not a KLL doubles sketch (" + e + ")", e);
        }
    }

    /** The three serialized sketches in one array, each after its length (how the global store keeps them). */
    public byte[] toBytes() {
        byte[] r = recencyBytes();
        byte[] f = frequencyBytes();
        byte[] m = monetaryBytes();
        return ByteBuffer.allocate(3 * Integer.BYTES + r.length + f.length + m.length)
                .putInt(r.length).put(r).putInt(f.length).put(f).putInt(m.length).put(m).array();
    }

    /** Reads what {@link #toBytes()} wrote. */
    public static RfmSketch fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return of(next(in), next(in), next(in));
    }

    private static byte[] next(ByteBuffer in) {
        byte[] bytes = new byte[in.getInt()];
        in.get(bytes);
        return bytes;
    }
}
