package io.postmesh.delivery.tls;

import java.util.Locale;

/**
 * How much TLS a destination gets, after Postfix's {@code smtp_tls_security_level} (none, may, encrypt,
 * secure): see ADR 0019-delivery-tls-policy.
 */
public enum TlsLevel {
    /** Never STARTTLS, even when offered. */
    NONE,
    /** STARTTLS when offered, any certificate; cleartext when not offered or when the handshake fails. */
    OPPORTUNISTIC,
    /** STARTTLS must succeed (any certificate); otherwise the host is skipped, never cleartext. */
    REQUIRED,
    /** STARTTLS must succeed with a chain to a trusted CA and a certificate naming the MX host. */
    VERIFY;

    public boolean mandatory() {
        return this == REQUIRED || this == VERIFY;
    }

    /** The stricter of the two. */
    public TlsLevel atLeast(TlsLevel other) {
        return compareTo(other) >= 0 ? this : other;
    }

    public static TlsLevel parse(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
