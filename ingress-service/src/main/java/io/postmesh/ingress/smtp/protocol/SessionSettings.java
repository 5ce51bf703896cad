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
 */
public record SessionSettings(String hostname, long maxMessageSize, int maxRecipients, boolean tlsAvailable,
                              boolean tlsActive, InetAddress clientAddress) {
    /** RFC 5321 §4.5.3.1.8 sets 100 as the minimum; we accept ten times that. */
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
}
