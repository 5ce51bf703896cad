package io.postmesh.bounce.dsn;

import java.util.List;

/**
 * A generated delivery status notification.
 *
 * @param bytes      the whole RFC 5322 message, CRLF line ends
 * @param messageId  its Message-ID header value, with angle brackets
 * @param recipients the recipients it reports on
 * @param eightBit   whether it carries 8-bit octets (the returned message), so it needs BODY=8BITMIME
 */
public record Dsn(byte[] bytes, String messageId, List<FailedRecipient> recipients, boolean eightBit) {
}
