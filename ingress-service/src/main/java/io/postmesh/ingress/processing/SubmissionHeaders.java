package io.postmesh.ingress.processing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What a message submission agent adds to an authenticated client's message (RFC 6409 §8): a {@code Date}
 * field when there is none (§8.2, RFC 5322 §3.6.1 makes it mandatory) and a {@code Message-ID} when there is
 * none (§8.3, RFC 5322 §3.6.4 says it SHOULD be present). Like Postfix's cleanup, the new fields are appended
 * at the end of the header section, so the Received field stays on top (RFC 5321 §4.4). Pure.
 */
public final class SubmissionHeaders {
    // RFC 5322 §3.3 date-time with English names regardless of the default locale.
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private SubmissionHeaders() {}

    /**
     * The message with the missing fields added, or the same array when nothing was missing.
     *
     * @param messageId the Message-ID to add, angle brackets included ({@code <id@host>})
     * @param now       the Date to add
     */
    public static byte[] complete(byte[] message, String messageId, ZonedDateTime now) {
        HeaderSection headers = HeaderSection.parse(message);
        StringBuilder added = new StringBuilder();
        if (headers.count("Date") == 0) {
            added.append("Date: ").append(DATE.format(now)).append("\r\n");
        }
        if (headers.count("Message-ID") == 0) {
            added.append("Message-ID: ").append(messageId).append("\r\n");
        }
        if (added.length() == 0) {
            return message;
        }
        int at = headers.headerEnd();
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + added.length() + 2);
        out.write(message, 0, at);
        if (at > 0 && message[at - 1] != '\n') {
            out.write('\r');  // a header section that ends without CRLF at the end of the message
            out.write('\n');
        }
        out.writeBytes(added.toString().getBytes(StandardCharsets.US_ASCII));
        if (!headers.hasSeparator() && at == message.length) {
            out.write('\r');  // no body and no empty line: keep the header section terminated
            out.write('\n');
        }
        out.write(message, at, message.length - at);
        return out.toByteArray();
    }

    /** {@code <QUEUEID@hostname>}: the queue id is unique, the host name makes it globally unique (§3.6.4). */
    public static String messageId(String queueId, String hostname) {
        return "<" + queueId + "@" + hostname + ">";
    }
}
