package io.postmesh.bounce.dsn;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimeUtility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A DSN read back with Jakarta Mail (angus-mail), the independent parser: the message, its three parts,
 * and the delivery-status part split into field groups (each group parsed as RFC 822 header fields).
 */
public final class ParsedDsn {
    public final MimeMessage message;
    public final MimeMultipart report;
    public final List<InternetHeaders> statusGroups;

    private ParsedDsn(MimeMessage message, MimeMultipart report, List<InternetHeaders> statusGroups) {
        this.message = message;
        this.report = report;
        this.statusGroups = statusGroups;
    }

    public static ParsedDsn parse(byte[] bytes) throws MessagingException, IOException {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes));
        MimeMultipart report = (MimeMultipart) message.getContent();
        List<InternetHeaders> groups = new ArrayList<>();
        if (report.getCount() >= 2) {
            String status = text(report.getBodyPart(1));
            // RFC 3464 §2.1: groups of fields separated by blank lines.
            for (String group : status.split("\r\n\r\n")) {
                if (!group.isBlank()) {
                    groups.add(new InternetHeaders(new ByteArrayInputStream(
                            (group.strip() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII))));
                }
            }
        }
        return new ParsedDsn(message, report, groups);
    }

    public BodyPart part(int i) throws MessagingException {
        return report.getBodyPart(i);
    }

    public InternetHeaders perMessage() {
        return statusGroups.get(0);
    }

    public List<InternetHeaders> perRecipient() {
        return statusGroups.subList(1, statusGroups.size());
    }

    /** A field's value, unfolded, or null when absent. */
    public static String field(InternetHeaders group, String name) {
        String v = group.getHeader(name, null);
        return v == null ? null : MimeUtility.unfold(v).trim();
    }

    /** A part's decoded content as text (UTF-8, which is a superset of the ASCII parts). */
    public static String text(BodyPart part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
