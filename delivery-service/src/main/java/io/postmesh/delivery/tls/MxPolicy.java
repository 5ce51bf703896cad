package io.postmesh.delivery.tls;

import java.util.function.Predicate;

/**
 * The MX hosts a destination domain allows, from its MTA-STS policy (RFC 8461 §4.1). Under mode
 * {@code enforce} the transport skips every other host and defers the job when none is left (§5); under
 * {@code testing} it delivers as usual and only reports what enforce would have refused (§5, TLSRPT).
 *
 * @param mode     the policy's mode ("enforce", "testing"), or null without a policy
 * @param enforced whether unlisted hosts are skipped (else only reported)
 * @param permits  whether a host name matches one of the policy's {@code mx} patterns
 */
public record MxPolicy(String mode, boolean enforced, Predicate<String> permits) {
    /** No policy: every MX host is fine. */
    public static final MxPolicy ANY = new MxPolicy(null, false, host -> true);

    public boolean permits(String mxHost) {
        return permits.test(mxHost);
    }
}
