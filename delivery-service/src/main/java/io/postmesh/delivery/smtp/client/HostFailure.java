package io.postmesh.delivery.smtp.client;

import io.postmesh.model.SmtpReply;

/**
 * The session with one MX host broke down before it produced per-recipient replies (refused connection,
 * 421, timeout, lost connection, garbage): RFC 5321 §5.1 says to try the next host.
 */
public class HostFailure extends RuntimeException {
    private final transient SmtpReply reply;

    public HostFailure(String message) {
        super(message, null, false, false);
        this.reply = null;
    }

    /** A host that answered with {@code reply} (e.g. a 421 greeting), which shaping looks at. */
    public HostFailure(String message, SmtpReply reply) {
        super(message, null, false, false);
        this.reply = reply;
    }

    public HostFailure(String message, Throwable cause) {
        super(message, cause, false, false);
        this.reply = null;
    }

    /** The server's reply that ended the session, or null (no reply: refused, timeout, lost connection). */
    public SmtpReply reply() {
        return reply;
    }
}
