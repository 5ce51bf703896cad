package io.postmesh.delivery.tls;

import io.postmesh.delivery.smtp.client.HostFailure;

/**
 * TLS could not be had with one host: not offered (4.7.4, "security features not supported", RFC 3463
 * §3.8) or the handshake/verification failed (4.7.5, "cryptographic failure"), the codes Postfix uses. Like
 * every {@link HostFailure} it moves on to the next MX; it is never answered by sending in cleartext when
 * the policy is mandatory.
 *
 * @see TlsLevel
 */
public final class TlsFailure extends HostFailure {
    private final String status;
    private final boolean handshake;

    public TlsFailure(String status, boolean handshake, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.handshake = handshake;
    }

    public static TlsFailure notOffered(String peer) {
        return new TlsFailure("4.7.4", false, "TLS is required, but was not offered by " + peer, null);
    }

    public static TlsFailure handshake(String peer, Throwable cause) {
        return new TlsFailure("4.7.5", true, "TLS handshake with " + peer + " failed: " + cause.getMessage(), cause);
    }

    public String status() {
        return status;
    }

    /** The server offered STARTTLS but the handshake (or certificate check) failed. */
    public boolean handshake() {
        return handshake;
    }
}
