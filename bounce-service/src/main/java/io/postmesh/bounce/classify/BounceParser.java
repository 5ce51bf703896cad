package io.postmesh.bounce.classify;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * Finds the failed and delayed recipients in an asynchronous bounce (raw RFC 5322 bytes, as ingress
 * received them for the bounce domain). Pure; reads and writes no channels.
 *
 * <p>A standard report (RFC 6522 multipart/report with a message/delivery-status part, RFC 3464; or
 * message/global-delivery-status, RFC 6533) is read from its fields and nothing else: when it lists only
 * delivered/relayed/expanded recipients the answer is empty. Anything else goes to
 * {@link TextBounceFormats}, which knows the plain-text layouts of qmail, Exim, Sendmail, Exchange/Office
 * 365, Gmail and Yahoo, and falls back to "an address plus an SMTP reply".
 *
 * <p>MIME is parsed with angus-mail (transfer encodings, charsets and nested multiparts are its problem, not
 * ours); a message it cannot parse yields an empty list rather than an exception, because bounces are
 * written by every kind of broken software.
 */
public final class BounceParser {

    private static final Session SESSION = Session.getInstance(new Properties());

    private BounceParser() {
    }

    /** The bounced recipients, in the order the report lists them; empty when none could be found. */
    public static List<ParsedBounce> parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return List.of();
        }
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            Found found = new Found();
            walk(message, found, 0);
            if (found.deliveryStatus != null) {
                return DeliveryStatusFields.parse(found.deliveryStatus);
            }
            String text = found.text.length() > 0 ? found.text.toString()
                    : new String(raw, StandardCharsets.UTF_8);
            return TextBounceFormats.parse(text, senderDomain(message));
        } catch (MessagingException | IOException | RuntimeException e) {
            // Not even MIME: read it as text, which is what the plain-text formats are anyway.
            return TextBounceFormats.parse(new String(raw, StandardCharsets.UTF_8), null);
        }
    }

    private static final class Found {
        String deliveryStatus;
        final StringBuilder text = new StringBuilder();
    }

    /**
     * Depth-first over the MIME tree. A message/rfc822 part is the returned original, whose own text must
     * not be mistaken for the bounce, so it is not entered; the depth limit guards against hostile nesting.
     */
    private static void walk(Part part, Found found, int depth) throws MessagingException, IOException {
        if (depth > 8) {
            return;
        }
        if (part.isMimeType("message/delivery-status") || part.isMimeType("message/global-delivery-status")) {
            if (found.deliveryStatus == null) {
                found.deliveryStatus = read(part);
            }
        } else if (part.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) part.getContent();
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart child = mp.getBodyPart(i);
                walk(child, found, depth + 1);
            }
        } else if (part.isMimeType("text/plain") && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
            Object content = part.getContent();
            found.text.append(content instanceof String s ? s : read(part)).append('\n');
        }
    }

    /** The decoded body as text; DSN fields are ASCII (RFC 3464) or UTF-8 (RFC 6533). */
    private static String read(Part part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The domain of From (usually MAILER-DAEMON@host): the reporting MTA when the text names none. */
    private static String senderDomain(MimeMessage message) {
        try {
            var from = message.getFrom();
            if (from != null && from.length > 0 && from[0] instanceof InternetAddress ia && ia.getAddress() != null) {
                String a = ia.getAddress();
                int at = a.lastIndexOf('@');
                return at >= 0 ? a.substring(at + 1) : null;
            }
        } catch (MessagingException e) {
            return null;
        }
        return null;
    }
}
