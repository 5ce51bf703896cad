package io.postmesh.testing.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A message an {@link SmtpPeer} accepted with a 2xx reply at the end of data.
 *
 * @param heloName    the name the client gave in EHLO or HELO
 * @param reversePath the MAIL FROM address without angle brackets; empty for the null path {@code <>}
 * @param recipients  the accepted RCPT TO addresses without angle brackets, in order
 * @param data        the message as received: CRLF line ends, dot-unstuffed, without the final ".\r\n"
 * @param tlsProtocol the TLS protocol of the session ("TLSv1.3") when the message came after STARTTLS, else null
 * @param authUser    the user the client authenticated as with AUTH, else null
 * @param clientAddress the IP address the client connected from
 */
public record ReceivedMessage(String heloName, String reversePath, List<String> recipients, byte[] data,
                              String tlsProtocol, String authUser, String clientAddress) {

    public ReceivedMessage {
        recipients = List.copyOf(recipients);
    }

    /** A message received in cleartext without AUTH, from an unrecorded address. */
    public ReceivedMessage(String heloName, String reversePath, List<String> recipients, byte[] data) {
        this(heloName, reversePath, recipients, data, null, null, null);
    }

    /** The data decoded as UTF-8 (RFC 6531 allows UTF-8 headers; 8BITMIME bodies usually are). */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[helo=" + heloName + ", from=<" + reversePath + ">, to=" + recipients
                + ", " + data.length + " bytes" + (tlsProtocol != null ? ", " + tlsProtocol : "") + "]";
    }
}
