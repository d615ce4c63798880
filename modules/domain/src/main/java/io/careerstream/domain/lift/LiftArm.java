package io.careerstream.domain.lift;

import java.util.Comparator;

/**
 * One group whose purchases after an exposure are counted: a campaign's variant, or the customers
 * an alert level and action reached, split into those contacted and those held out.
 *
 * @param kind    what exposed the customers
 * @param subject a campaign's id, or an alert's {@code LEVEL/ACTION}
 * @param variant a campaign's variant as its touchpoints name it ({@value #ONLY_VARIANT} when they
 *                name none); for alerts {@value #CONTACTED} or {@value #HELD_OUT}
 * @param heldOut true for the customers deliberately not contacted: the control the others are
 *                compared with
 */
public record LiftArm(Kind kind, String subject, String variant, boolean heldOut) implements Comparable<LiftArm> {

    public enum Kind { CAMPAIGN, ALERT }

    public static final String ONLY_VARIANT = "-";
    public static final String CONTACTED = "contacted";
    public static final String HELD_OUT = "held-out";
    /** Separates the parts of a key: a control character no id is expected to contain. */
    private static final char SEPARATOR = '\u001f';

    private static final Comparator<LiftArm> ORDER = Comparator.comparing(LiftArm::kind).thenComparing(LiftArm::subject)
            .thenComparing(LiftArm::heldOut).thenComparing(LiftArm::variant);

    public LiftArm {
        if (subject == null || variant == null) {
            throw new IllegalArgumentException("a lift arm needs a subject and a variant");
        }
    }

    /** A campaign's arm as its touchpoint names it; a null or blank variant is the campaign's only one. */
    public static LiftArm campaign(String campaignId, String variant, boolean heldOut) {
        String named = variant == null || variant.isBlank() ? (heldOut ? HELD_OUT : ONLY_VARIANT) : variant;
        return new LiftArm(Kind.CAMPAIGN, campaignId, named, heldOut);
    }

    /** The customers an alert of {@code level} suggesting {@code action} reached, contacted or held out. */
    public static LiftArm alert(String level, String action, boolean heldOut) {
        return new LiftArm(Kind.ALERT, level + "/" + action, heldOut ? HELD_OUT : CONTACTED, heldOut);
    }

    /** A stable text key: kind, subject, H or T, variant. */
    public String key() {
        return kind.name() + SEPARATOR + subject + SEPARATOR + (heldOut ? 'H' : 'T') + SEPARATOR + variant;
    }

    /** The arm of a {@link #key()}. */
    public static LiftArm ofKey(String key) {
        String[] parts = key.split(String.valueOf(SEPARATOR), 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not a lift arm key: " + key);
        }
        return new LiftArm(Kind.valueOf(parts[0]), parts[1], parts[3], parts[2].equals("H"));
    }

    @Override
    public int compareTo(LiftArm other) {
        return ORDER.compare(this, other);
    }
}
