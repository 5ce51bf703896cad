package io.postmesh.delivery.tls;

/**
 * The TLS policy for one destination domain.
 *
 * @param level  what is required of the session
 * @param source where the policy came from, for diagnostics ("config", "default", "requiretls", "mta-sts")
 */
public record TlsPolicy(TlsLevel level, String source) {

    /** The same policy raised to at least {@code minimum} (REQUIRETLS, RFC 8689 §5, asks for verified TLS). */
    public TlsPolicy atLeast(TlsLevel minimum, String why) {
        return level.compareTo(minimum) >= 0 ? this : new TlsPolicy(minimum, why);
    }
}
