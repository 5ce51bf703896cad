package io.postmesh.testing.smtp;

/**
 * The points of an SMTP session (RFC 5321 §3.3) whose reply a test can override with
 * {@link SmtpPeer#replyTo(Stage, String)}.
 */
public enum Stage {
    /** The 220 banner sent when the connection opens (RFC 5321 §3.1). */
    GREETING,
    /** The reply to EHLO, and to HELO. */
    EHLO,
    /** The reply to MAIL FROM. */
    MAIL,
    /** The reply to every RCPT TO not rejected by {@link SmtpPeer#rejectRecipient(String, String)}. */
    RCPT,
    /** The intermediate 354 reply to the DATA command. */
    DATA,
    /** The final reply after the terminating {@code <CRLF>.<CRLF>} (RFC 5321 §4.1.1.4). */
    END_OF_DATA
}
