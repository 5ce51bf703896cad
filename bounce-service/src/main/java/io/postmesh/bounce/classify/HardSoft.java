package io.postmesh.bounce.classify;

import java.util.Locale;

/**
 * Whether a bounce says the recipient is gone for good (HARD: stop sending, a candidate for suppression)
 * or that a later attempt may succeed (SOFT: keep the address).
 */
public enum HardSoft {
    HARD,
    SOFT;

    /** {@code "hard"} or {@code "soft"}, the form used in JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
