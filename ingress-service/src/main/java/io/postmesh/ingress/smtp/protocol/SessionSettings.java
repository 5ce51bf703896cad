package io.postmesh.ingress.smtp.protocol;

import java.net.InetAddress;

/**
 * What a session knows about its listener and its client.
 *
 * @param hostname       our name in the greeting, EHLO reply and Received header
 * @param maxMessageSize RFC 1870 SIZE limit in bytes
 * @param maxRecipients  recipients accepted per transaction (RFC 5321 §4.5.3.1.8 requires at least 100)
 * @param tlsAvailable   STARTTLS may be offered (a certificate is configured for this listener)
 * @param tlsActive      the connection is already encrypted (implicit TLS, RFC 8314)
 * @param clientAddress  the client's IP address
 * @param authOffered    AUTH is offered on this listener (only ever after TLS)
 * @param authRequired   MAIL needs AUTH first (submission, RFC 6409 §4.3)
 * @param maxErrors      protocol errors after which the session ends with 421
 */
public record SessionSettings(String hostname, long maxMessageSize, int maxRecipients, boolean tlsAvailable,
                              boolean tlsActive, InetAddress clientAddress, boolean authOffered,
                              boolean authRequired, int maxErrors) {
    /** RFC 5321 §4.5.3.1.8 sets 100 as the minimum; Postfix's smtpd_recipient_limit is 1000. */
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    /** Postfix's smtpd_hard_error_limit. */
    public static final int DEFAULT_MAX_ERRORS = 20;

    /** A listener without AUTH. */
    public SessionSettings(String hostname, long maxMessageSize, int maxRecipients, boolean tlsAvailable,
                           boolean tlsActive, InetAddress clientAddress) {
        this(hostname, maxMessageSize, maxRecipients, tlsAvailable, tlsActive, clientAddress, false, false,
                DEFAULT_MAX_ERRORS);
    }
}
