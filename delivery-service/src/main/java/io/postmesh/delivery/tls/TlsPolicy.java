package io.postmesh.delivery.tls;

/**
 * The TLS policy for one destination domain.
 *
 * @param level  what is required of the session
 * @param source where the policy came from, for diagnostics ("config", "default", "requiretls", "mta-sts")
 * @param mx     which MX hosts the domain allows (MTA-STS, RFC 8461 §4.1); {@link MxPolicy#ANY} without a policy
 */
public record TlsPolicy(TlsLevel level, String source, MxPolicy mx) {

    public TlsPolicy {
        mx = mx == null ? MxPolicy.ANY : mx;
    }

    public TlsPolicy(TlsLevel level, String source) {
        this(level, source, MxPolicy.ANY);
    }

    /** The same policy raised to at least {@code minimum} (REQUIRETLS, RFC 8689 §5, asks for verified TLS). */
    public TlsPolicy atLeast(TlsLevel minimum, String why) {
        return level.compareTo(minimum) >= 0 ? this : new TlsPolicy(minimum, why, mx);
    }

    /** The same level without MX restrictions: for a smart host, which is not one of the domain's MX hosts. */
    public TlsPolicy withoutMxPolicy() {
        return mx == MxPolicy.ANY ? this : new TlsPolicy(level, source, MxPolicy.ANY);
    }
}
