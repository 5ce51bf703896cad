package io.postmesh.bounce.arf;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * An Abuse Reporting Format report (RFC 5965), as mailbox providers send them through feedback loops.
 *
 * <p>MIME is parsed with Jakarta Mail (Angus): reports come from many providers with every transfer encoding,
 * folding and boundary quirk MIME allows, and a tested parser beats a hand-written one for remote input. Only
 * the structure of §2 is relied on: a {@code multipart/report; report-type=feedback-report} whose second part
 * is {@code message/feedback-report} (fields in RFC 5322 header syntax, §3) and whose optional third part is
 * the original message or its headers ({@code message/rfc822} or {@code text/rfc822-headers}, §2 (d)).
 *
 * @param feedbackType     Feedback-Type (§3.1, required)
 * @param userAgent        User-Agent (§3.1, required; not enforced: some providers omit it)
 * @param originalRcptTo   Original-Rcpt-To addresses (§3.2, may repeat), brackets removed; often redacted
 * @param originalMailFrom Original-Mail-From (§3.2), or null
 * @param reportedDomain   Reported-Domain (§3.2), or null
 * @param sourceIp         Source-IP (§3.2), or null
 * @param reportingMta     the name in Reporting-MTA (§3.2), or null
 * @param reporterDomain   the domain of the report's From: address, or null
 * @param originalTo       the first address of the original message's To:, or null
 * @param originalMessageId the original message's Message-ID, or null
 */
public record FeedbackReport(FeedbackType feedbackType, String userAgent, List<String> originalRcptTo,
                             String originalMailFrom, String reportedDomain, String sourceIp, String reportingMta,
                             String reporterDomain, String originalTo, String originalMessageId) {

    private static final Session SESSION = Session.getInstance(new Properties());

    /** Who sent the report: Reporting-MTA when given, else the domain of its From:, else "unknown". */
    public String reportingDomain() {
        return reportingMta != null ? reportingMta : reporterDomain != null ? reporterDomain : "unknown";
    }

    /** The complainer: the Original-Rcpt-To addresses, else the original To:. Empty when both are redacted. */
    public List<String> complainers() {
        if (!originalRcptTo.isEmpty()) {
            return originalRcptTo;
        }
        return originalTo == null ? List.of() : List.of(originalTo);
    }

    /**
     * Reads {@code raw} as an ARF report. Empty if it is not one (another multipart/report such as a DSN, plain
     * mail, or a report without Feedback-Type), so callers can pass everything that arrives at the bounce domain.
     */
    public static Optional<FeedbackReport> parse(byte[] raw) {
        try {
            MimeMessage message = new MimeMessage(SESSION, new ByteArrayInputStream(raw));
            ContentType type = new ContentType(message.getContentType());
            if (!type.match("multipart/report")
                    || !"feedback-report".equalsIgnoreCase(type.getParameter("report-type"))) {
                return Optional.empty();
            }
            MimeMultipart parts = new MimeMultipart(message.getDataHandler().getDataSource());
            if (parts.getCount() < 2 || !parts.getBodyPart(1).isMimeType("message/feedback-report")) {
                return Optional.empty();
            }
            InternetHeaders fields = headersOf(parts.getBodyPart(1));
            String feedbackType = first(fields, "Feedback-Type");
            if (feedbackType == null) {
                return Optional.empty();
            }
            InternetHeaders original = parts.getCount() > 2 ? headersOf(parts.getBodyPart(2)) : new InternetHeaders();
            return Optional.of(new FeedbackReport(FeedbackType.of(feedbackType), first(fields, "User-Agent"),
                    all(fields, "Original-Rcpt-To"), unbracket(first(fields, "Original-Mail-From")),
                    lower(first(fields, "Reported-Domain")), first(fields, "Source-IP"),
                    mtaName(first(fields, "Reporting-MTA")), domainOf(firstAddress(message.getHeader("From", ","))),
                    firstAddress(original.getHeader("To", ",")), first(original, "Message-ID")));
        } catch (MessagingException | IOException | RuntimeException e) {
            // Remote input: whatever cannot be read is simply not a usable report.
            return Optional.empty();
        }
    }

    /** Header fields of a part's decoded content: the report fields, or the original message's header. */
    private static InternetHeaders headersOf(BodyPart part) throws MessagingException, IOException {
        try (InputStream in = part.getInputStream()) {
            return new InternetHeaders(in);
        }
    }

    private static String first(InternetHeaders headers, String name) {
        String[] values = headers.getHeader(name);
        if (values == null || values.length == 0) {
            return null;
        }
        String v = unfold(values[0]);
        return v.isEmpty() ? null : v;
    }

    private static List<String> all(InternetHeaders headers, String name) {
        String[] values = headers.getHeader(name);
        return values == null ? List.of() : Arrays.stream(values).map(FeedbackReport::unfold)
                .map(FeedbackReport::unbracket).filter(v -> v != null && !v.isEmpty()).toList();
    }

    private static String unfold(String value) {
        return value.replaceAll("\r?\n[ \t]+", " ").strip();
    }

    private static String unbracket(String value) {
        if (value == null) {
            return null;
        }
        String v = value.strip();
        return v.startsWith("<") && v.endsWith(">") ? v.substring(1, v.length() - 1).strip() : v;
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** "dns; mail.example.net" (RFC 3464 §2.2.2 mta-name-type; name) → "mail.example.net". */
    private static String mtaName(String value) {
        if (value == null) {
            return null;
        }
        int semi = value.indexOf(';');
        String name = (semi < 0 ? value : value.substring(semi + 1)).strip();
        return name.isEmpty() ? null : lower(name);
    }

    private static String firstAddress(String header) {
        if (header == null) {
            return null;
        }
        try {
            InternetAddress[] list = InternetAddress.parseHeader(unfold(header), false);
            return list.length == 0 || list[0].getAddress() == null ? null : list[0].getAddress();
        } catch (AddressException e) {
            return null;
        }
    }

    private static String domainOf(String address) {
        if (address == null || address.indexOf('@') < 0) {
            return null;
        }
        return lower(address.substring(address.lastIndexOf('@') + 1));
    }
}
