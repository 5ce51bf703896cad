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
 */
public record ReceivedMessage(String heloName, String reversePath, List<String> recipients, byte[] data) {

    public ReceivedMessage {
        recipients = List.copyOf(recipients);
    }

    /** The data decoded as UTF-8 (RFC 6531 allows UTF-8 headers; 8BITMIME bodies usually are). */
    public String dataAsString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[helo=" + heloName + ", from=<" + reversePath + ">, to=" + recipients
                + ", " + data.length + " bytes]";
    }
}
