package io.postmesh.delivery.smtp.client;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.util.List;
import java.util.Optional;

/**
 * What a message needs from the server, and the permanent refusal when the server lacks it. We never
 * downgrade (no 8bit→7bit MIME conversion, no address downgrading), so RFC 6152 §3 and RFC 6531 §3.4
 * leave returning the message as the only choice:
 * <ul>
 *   <li>SMTPUTF8 needed (a non-ASCII address, or a job marked SMTPUTF8 whose header section is 8-bit) and not
 *       offered → {@code 5.6.7} (RFC 6531 §3.7.5 / RFC 6533);</li>
 *   <li>8-bit octets anywhere in the message and no 8BITMIME → {@code 5.6.3} ("conversion required but not
 *       supported", RFC 3463 §3.7);</li>
 *   <li>larger than the server's announced SIZE → {@code 5.3.4} (RFC 1870 §6.2).</li>
 * </ul>
 */
public record MessageRequirements(boolean smtpUtf8, boolean eightBit, long wireSize) {

    /** A permanent refusal decided before MAIL. */
    public record Refusal(String status, String text) {
    }

    /**
     * @param eightBit whether the message has 8-bit octets anywhere (from {@link DotStuffing#scan}, which walks
     *                 the message once for this and for dot-stuffing)
     */
    public static MessageRequirements of(Envelope job, List<Recipient> recipients, byte[] message, boolean eightBit,
                                         long wireSize) {
        boolean utf8Addresses = !ascii(job.reversePath()) || recipients.stream().anyMatch(r -> !ascii(r.address()));
        // Only a message with 8-bit octets somewhere can have them in its header section.
        boolean utf8Headers = job.smtpUtf8() && eightBit && eightBit(message, headerEnd(message));
        return new MessageRequirements(utf8Addresses || utf8Headers, eightBit, wireSize);
    }

    public Optional<Refusal> refusal(ServerCapabilities caps) {
        if (smtpUtf8 && !caps.supports("SMTPUTF8")) {
            return Optional.of(new Refusal("5.6.7",
                    "message needs SMTPUTF8 (RFC 6531) but the server does not offer it"));
        }
        // RFC 6531 §3.1: an SMTPUTF8 server takes 8-bit content as well.
        boolean carriedByUtf8 = smtpUtf8 && caps.supports("SMTPUTF8");
        if (eightBit && !caps.supports("8BITMIME") && !carriedByUtf8) {
            return Optional.of(new Refusal("5.6.3",
                    "message has 8-bit content but the server does not offer 8BITMIME (RFC 6152)"));
        }
        if (caps.sizeLimit().isPresent() && wireSize > caps.sizeLimit().getAsLong()) {
            return Optional.of(new Refusal("5.3.4", "message of " + wireSize + " octets exceeds the server's SIZE "
                    + caps.sizeLimit().getAsLong()));
        }
        return Optional.empty();
    }

    private static boolean ascii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static boolean eightBit(byte[] message, int end) {
        for (int i = 0; i < end; i++) {
            if (message[i] < 0) {
                return true;
            }
        }
        return false;
    }

    /** Offset of the blank line that ends the header section (RFC 5322 §2.1), or the message length. */
    private static int headerEnd(byte[] m) {
        for (int i = 0; i + 3 < m.length; i++) {
            if (m[i] == '\r' && m[i + 1] == '\n' && m[i + 2] == '\r' && m[i + 3] == '\n') {
                return i;
            }
        }
        return m.length;
    }
}
