package io.postmesh.ingress.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A message submitted as is ({@code Content-Type: message/rfc822}) with its envelope in request parameters.
 * Like a submission server (RFC 6409 §8) we change only what must change: line ends become CRLF (RFC 5322
 * §2.3; a lone CR is refused, it could mean a line break to one reader and not to another), Bcc and
 * Resent-Bcc fields are removed as Postfix's cleanup removes them, and Message-ID and Date are added when
 * missing (RFC 6409 §8.3, §8.4). Everything else is kept byte for byte. Pure.
 */
public final class RawMessage {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

    private RawMessage() {}

    /**
     * @param body      the request body
     * @param mailFrom  the envelope sender
     * @param rcptTo    the envelope recipients
     * @param messageId the Message-ID to add when the message has none
     * @param now       the Date to add when the message has none
     */
    public static Submission prepare(byte[] body, String mailFrom, List<String> rcptTo, String messageId,
                                     Instant now) {
        if (mailFrom == null || mailFrom.isBlank()) {
            throw ProblemException.badRequest("mailFrom", "missing-from",
                    "the envelope sender is required (query mailFrom or header X-Postmesh-Mail-From)");
        }
        MailboxSpec from = MailboxSpec.parse(mailFrom, "mailFrom");
        List<MailboxSpec> to = new ArrayList<>();
        for (int i = 0; i < rcptTo.size(); i++) {
            to.add(MailboxSpec.parse(rcptTo.get(i), "rcptTo[" + i + "]"));
        }
        if (to.isEmpty()) {
            throw ProblemException.badRequest("rcptTo", "missing-recipient",
                    "at least one recipient is required (query rcptTo or header X-Postmesh-Rcpt-To)");
        }
        if (body == null || body.length == 0) {
            throw ProblemException.badRequest("body", "missing-body", "the request body is empty");
        }
        byte[] crlf = crlf(body);
        List<String> fields = HeaderFields.split(crlf);
        int headerEnd = HeaderFields.sectionLength(fields);
        List<String> kept = new ArrayList<>(fields.size() + 2);
        String foundId = null;
        boolean hasDate = false;
        for (String f : fields) {
            String name = HeaderFields.name(f);
            if (name.equals("bcc") || name.equals("resent-bcc")) {
                continue;
            }
            if (name.equals("message-id") && foundId == null) {
                foundId = HeaderFields.value(f);
            }
            hasDate |= name.equals("date");
            kept.add(f);
        }
        StringBuilder added = new StringBuilder();
        if (foundId == null || foundId.isEmpty()) {
            added.append("Message-ID: ").append(messageId).append("\r\n");
            foundId = messageId;
        }
        if (!hasDate) {
            added.append("Date: ").append(DATE.format(now.atZone(ZoneId.systemDefault()))).append("\r\n");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(crlf.length + added.length() + 16);
        out.writeBytes(added.toString().getBytes(StandardCharsets.US_ASCII));
        for (String f : kept) {
            out.writeBytes(f.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(crlf, headerEnd, crlf.length - headerEnd);
        byte[] content = out.toByteArray();
        boolean utf8 = !from.mailbox().ascii() || to.stream().anyMatch(m -> !m.mailbox().ascii());
        return new Submission(from.address(), Recipients.unique(to), foundId, content, utf8,
                Submission.hasEightBit(content));
    }

    /** CRLF line ends: a lone LF becomes CRLF; a lone CR is refused. */
    static byte[] crlf(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + in.length / 40 + 2);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '\r') {
                if (i + 1 >= in.length || in[i + 1] != '\n') {
                    throw ProblemException.badRequest("body", "bare-cr",
                            "the message has a CR not followed by LF (RFC 5322 §2.3)");
                }
                out.write('\r');
                out.write('\n');
                i++;
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }
}
