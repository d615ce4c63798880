package io.careerstream.domain;

/** How far a silence episode has gone; each level is alerted at most once per episode. */
public enum AlertLevel {
    NONE,
    AT_RISK,
    LAPSED
}
