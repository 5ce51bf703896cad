package io.postmesh.delivery.smtp.client;

/**
 * The session with one MX host broke down before it produced per-recipient replies (refused connection,
 * 421, timeout, lost connection, garbage): RFC 5321 §5.1 says to try the next host.
 */
public class HostFailure extends RuntimeException {
    public HostFailure(String message) {
        super(message, null, false, false);
    }

    public HostFailure(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
