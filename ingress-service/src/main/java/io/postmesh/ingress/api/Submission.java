package io.postmesh.ingress.api;

import java.util.List;

/**
 * A message ready for the hand-off: its envelope and its bytes (CRLF line ends, without our Received header).
 *
 * @param reversePath  the envelope sender (MAIL FROM)
 * @param recipients   the envelope recipients, each once, in the order given
 * @param messageId    the Message-ID header value, with angle brackets
 * @param content      the RFC 5322 message
 * @param smtpUtf8     an address is not ASCII: the message needs SMTPUTF8 (RFC 6531) downstream
 * @param eightBitMime the content has bytes above 127: it needs 8BITMIME (RFC 6152) downstream
 */
public record Submission(String reversePath, List<String> recipients, String messageId, byte[] content,
                         boolean smtpUtf8, boolean eightBitMime) {
    public Submission {
        recipients = List.copyOf(recipients);
    }

    static boolean hasEightBit(byte[] content) {
        for (byte b : content) {
            if (b < 0) {
                return true;
            }
        }
        return false;
    }
}
