package io.careerstream.domain.lift;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;

/**
 * Which customers an action leaves alone on purpose, so that the action's lift can be measured
 * against them. The decision is a pure function of the salt, the action (the campaign key) and the
 * customer id: SHA-256 of the three, its first 64 bits read as a fraction of 2^64, held out when
 * below the action's share. So it is the same on every replay, instance and JVM (no Random, no
 * String.hashCode), independent between actions (a customer held out of WIN_BACK is not thereby
 * held out of ONBOARDING), and a new salt draws new groups.
 *
 * @param salt          careerstream.holdout.salt
 * @param defaultShare  share of customers held out of an action without its own share, in [0, 1]
 * @param sharePerAction an action's own share, overriding the default
 */
public record HoldOutGroups(String salt, double defaultShare, Map<String, Double> sharePerAction) {

    /** Actions that are not a contact: nobody is held out of them. */
    public static final Set<String> NOT_A_CONTACT = Set.of("NONE", "NO_CONTACT");

    /**
     * One digest per thread, reused: looking one up by name for every transition cost more than
     * hashing (about 1 % of the pipeline's stream threads' time).
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    });

    /** Nobody held out: for tools and tests that do not measure lift. */
    public static final HoldOutGroups NONE = new HoldOutGroups("none", 0.0, Map.of());

    public HoldOutGroups {
        if (salt == null || salt.isBlank()) {
            throw new IllegalArgumentException("the hold-out salt must not be blank");
        }
        checkShare("the default hold-out share", defaultShare);
        sharePerAction = Map.copyOf(sharePerAction);
        sharePerAction.forEach((action, share) -> checkShare("the hold-out share of " + action, share));
    }

    private static void checkShare(String what, double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException(what + " must be between 0 and 1, was " + share);
        }
    }

    /** The share of customers held out of {@code action}. */
    public double share(String action) {
        if (action == null || NOT_A_CONTACT.contains(action)) {
            return 0.0;
        }
        return sharePerAction.getOrDefault(action, defaultShare);
    }

    /** True when {@code customerId} is in the hold-out group of {@code action}. */
    public boolean heldOut(String customerId, String action) {
        double share = share(action);
        if (share <= 0.0) {
            return false;
        }
        return position(customerId, action) < share;
    }

    /**
     * Where the customer falls for this action, uniformly in [0, 1): the first 64 bits of
     * SHA-256(salt, action, customerId) as an unsigned fraction. Each part is length-prefixed so
     * that ("ab", "c") and ("a", "bc") differ.
     */
    double position(String customerId, String action) {
        MessageDigest sha256 = SHA_256.get(); // digest() below resets it for the next call
        for (String part : new String[] {salt, action, customerId}) {
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
            sha256.update(bytes);
        }
        long bits = ByteBuffer.wrap(sha256.digest()).getLong();
        // Unsigned 64 bits to [0, 1): the top 53 bits are exactly a double's precision.
        return (bits >>> 11) * 0x1.0p-53;
    }
}
