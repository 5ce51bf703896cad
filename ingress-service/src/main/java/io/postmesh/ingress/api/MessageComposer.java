package io.postmesh.ingress.api;

import jakarta.activation.DataHandler;
import jakarta.mail.Message.RecipientType;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.ParseException;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Turns a JSON {@link MessageRequest} into an RFC 5322 message with Angus Mail (Jakarta Mail): header
 * encoding (RFC 2047), parameter encoding of file names (RFC 2231), the choice of transfer encoding per part
 * and the multipart structure (RFC 2046) are the library's. What we decide: text and html make a
 * {@code multipart/alternative} with html last (RFC 2046 §5.1.4: the preferred part comes last), attachments a
 * {@code multipart/mixed}; Bcc is never written (RFC 5322 §3.6.3 leaves the choice; a submission API that
 * shows Bcc to every recipient would be a leak); Message-ID and Date are always present (RFC 5322 §3.6).
 * Pure apart from the library.
 */
public final class MessageComposer {
    private static final Session ASCII = Session.getInstance(new Properties());
    private static final Session UTF8 = utf8Session();

    private final HeaderRules headerRules = new HeaderRules();

    /**
     * @param request   the message
     * @param messageId the Message-ID to use unless the request's headers carry one
     * @param now       the Date header
     */
    public Submission compose(MessageRequest request, String messageId, Instant now) {
        if (request.from() == null || request.from().isBlank()) {
            throw ProblemException.badRequest("from", "missing-from", "from is required");
        }
        MailboxSpec from = MailboxSpec.parse(request.from(), "from");
        List<MailboxSpec> to = parseAll(request.to(), "to");
        List<MailboxSpec> cc = parseAll(request.cc(), "cc");
        List<MailboxSpec> bcc = parseAll(request.bcc(), "bcc");
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) {
            throw ProblemException.badRequest("to", "missing-recipient", "at least one of to, cc or bcc is required");
        }
        if (isEmpty(request.text()) && isEmpty(request.html()) && request.attachments().isEmpty()) {
            throw ProblemException.badRequest("text", "missing-body", "a message needs text, html or an attachment");
        }
        Map<String, String> extra = headerRules.check(request.headers());
        String id = extra.getOrDefault(HeaderRules.MESSAGE_ID, messageId);
        List<MimeBodyPart> attachments = Attachments.parts(request.attachments());

        List<String> recipients = Recipients.unique(to, cc, bcc);
        boolean utf8 = !from.mailbox().ascii() || to.stream().anyMatch(m -> !m.mailbox().ascii())
                || cc.stream().anyMatch(m -> !m.mailbox().ascii()) || bcc.stream().anyMatch(m -> !m.mailbox().ascii());
        try {
            MimeMessage message = new MimeMessage(utf8 ? UTF8 : ASCII);
            message.setFrom(internet(from));
            if (!to.isEmpty()) {
                message.setRecipients(RecipientType.TO, internet(to));
            }
            if (!cc.isEmpty()) {
                message.setRecipients(RecipientType.CC, internet(cc));
            }
            if (request.subject() != null) {
                message.setSubject(singleLine(request.subject()), "UTF-8");
            }
            message.setSentDate(Date.from(now));
            for (Map.Entry<String, String> h : extra.entrySet()) {
                if (!h.getKey().equals(HeaderRules.MESSAGE_ID)) {
                    message.addHeader(h.getKey(), HeaderRules.encode(h.getKey(), h.getValue()));
                }
            }
            Tags.write(message, request.campaign(), request.lane());
            body(message, request.text(), request.html(), attachments);
            message.saveChanges();
            // saveChanges() invents a Message-ID of its own; ours names the queue id (like Postfix's).
            message.setHeader("Message-ID", id);
            ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
            message.writeTo(out);
            byte[] content = out.toByteArray();
            return new Submission(from.address(), recipients, id, content, utf8, Submission.hasEightBit(content));
        } catch (MessagingException e) {
            throw ProblemException.badRequest(null, "unrepresentable", "the message cannot be built: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void body(MimeMessage message, String text, String html, List<MimeBodyPart> attachments)
            throws MessagingException {
        boolean hasText = !isEmpty(text);
        boolean hasHtml = !isEmpty(html);
        if (attachments.isEmpty()) {
            if (hasText && hasHtml) {
                message.setContent(alternative(text, html));
            } else {
                setText(message, hasText ? text : html, hasText ? "plain" : "html");
            }
            return;
        }
        MimeMultipart mixed = new MimeMultipart("mixed");
        if (hasText && hasHtml) {
            MimeBodyPart both = new MimeBodyPart();
            both.setContent(alternative(text, html));
            mixed.addBodyPart(both);
        } else if (hasText || hasHtml) {
            MimeBodyPart one = new MimeBodyPart();
            setText(one, hasText ? text : html, hasText ? "plain" : "html");
            mixed.addBodyPart(one);
        }
        for (MimeBodyPart a : attachments) {
            mixed.addBodyPart(a);
        }
        message.setContent(mixed);
    }

    private static MimeMultipart alternative(String text, String html) throws MessagingException {
        MimeMultipart alternative = new MimeMultipart("alternative");
        MimeBodyPart plain = new MimeBodyPart();
        setText(plain, text, "plain");
        MimeBodyPart rich = new MimeBodyPart();
        setText(rich, html, "html");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        return alternative;
    }

    /**
     * The text as UTF-8 bytes with CRLF line ends (RFC 5322 §2.3: CR and LF only together). A byte data source
     * lets the library choose 7bit, quoted-printable or base64 from the bytes themselves.
     */
    private static void setText(MimePart part, String text, String subtype) throws MessagingException {
        byte[] bytes = crlf(text).getBytes(StandardCharsets.UTF_8);
        part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, "text/" + subtype + "; charset=UTF-8")));
        part.setDisposition(Part.INLINE);
    }

    static String crlf(String text) {
        return text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    }

    private static String singleLine(String s) {
        // A line break in Subject would end the header field: folding is the library's job, breaks are not ours.
        return s.replace("\r\n", " ").replace('\r', ' ').replace('\n', ' ');
    }

    private static List<MailboxSpec> parseAll(List<String> values, String field) {
        List<MailboxSpec> out = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            out.add(MailboxSpec.parse(values.get(i), field + "[" + i + "]"));
        }
        return out;
    }

    private static InternetAddress internet(MailboxSpec spec) {
        try {
            return new InternetAddress(spec.address(), spec.displayName(), "UTF-8");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e); // UTF-8 is always supported
        }
    }

    private static InternetAddress[] internet(List<MailboxSpec> specs) {
        return specs.stream().map(MessageComposer::internet).toArray(InternetAddress[]::new);
    }

    private static boolean isEmpty(String s) {
        return s == null || s.isEmpty();
    }

    private static Session utf8Session() {
        Properties p = new Properties();
        // RFC 6532: with SMTPUTF8, header fields carry UTF-8 as is.
        p.setProperty("mail.mime.allowutf8", "true");
        return Session.getInstance(p);
    }

    /** Attachments from base64, checked strictly: a wrong byte in a file must not pass silently. */
    static final class Attachments {
        private Attachments() {}

        static List<MimeBodyPart> parts(List<MessageRequest.Attachment> attachments) {
            List<MimeBodyPart> parts = new ArrayList<>(attachments.size());
            for (int i = 0; i < attachments.size(); i++) {
                parts.add(part(attachments.get(i), "attachments[" + i + "]"));
            }
            return parts;
        }

        private static MimeBodyPart part(MessageRequest.Attachment a, String field) {
            if (a == null) {
                throw ProblemException.badRequest(field, "missing-attachment", field + " is null");
            }
            if (a.filename() == null || a.filename().isBlank()
                    || a.filename().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw ProblemException.badRequest(field + ".filename", "bad-filename",
                        "a file name is required and must not contain control characters");
            }
            if (a.content() == null) {
                throw ProblemException.badRequest(field + ".content", "missing-content", "content (base64) is required");
            }
            byte[] bytes = Base64Content.decode(a.content(), field + ".content");
            String type = a.contentType() == null || a.contentType().isBlank()
                    ? "application/octet-stream" : a.contentType().strip();
            try {
                new ContentType(type);
                if (type.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                    throw new ParseException(type);
                }
            } catch (ParseException e) {
                throw ProblemException.badRequest(field + ".contentType", "bad-content-type",
                        "not a media type (RFC 2045 §5.1): " + type);
            }
            try {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(bytes, type)));
                part.setDisposition(Part.ATTACHMENT);
                // Non-ASCII names are written as RFC 2231 parameters (the library's default).
                part.setFileName(a.filename());
                return part;
            } catch (MessagingException e) {
                throw ProblemException.badRequest(field, "unrepresentable", e.getMessage());
            }
        }
    }
}
