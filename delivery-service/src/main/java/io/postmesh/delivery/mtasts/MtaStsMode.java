package io.postmesh.delivery.mtasts;

import java.util.Locale;
import java.util.Optional;

/** The {@code mode} field of an MTA-STS policy (RFC 8461 §3.2, §5). */
public enum MtaStsMode {
    /** Deliver only to matching MX hosts over TLS with a valid certificate; otherwise defer. */
    ENFORCE,
    /** Check and report failures (TLSRPT), but deliver as if there were no policy. */
    TESTING,
    /** The domain has withdrawn its policy: treat as no policy. */
    NONE;

    /** The mode for a field value; the RFC's values are lower case and compared exactly. */
    static Optional<MtaStsMode> of(String value) {
        return switch (value) {
            case "enforce" -> Optional.of(ENFORCE);
            case "testing" -> Optional.of(TESTING);
            case "none" -> Optional.of(NONE);
            default -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
