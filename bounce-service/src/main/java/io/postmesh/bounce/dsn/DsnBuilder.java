package io.postmesh.bounce.dsn;

import io.postmesh.model.Envelope;
import io.postmesh.model.RecipientOutcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Builds the one failure DSN for a failed job: an RFC 6522 multipart/report of report-type
 * delivery-status (RFC 3464 §2) with three parts — a human-readable explanation, the
 * message/delivery-status fields, and the returned message (whole or header section, by RET).
 *
 * <p>The MIME structure is written by hand, not with Jakarta Mail: the format is line-oriented text we
 * control completely, and the returned message must be embedded byte for byte (a MIME library would
 * parse and re-serialise it, which can alter or reject a malformed original). Tests parse the result with
 * angus-mail as an independent check.
 */
public final class DsnBuilder {

    private final String reportingMta;
    private final String postmaster;

    /**
     * @param reportingMta our DNS name (Reporting-MTA, Message-ID domain)
     * @param postmaster   the mailbox the DSN comes from
     */
    public DsnBuilder(String reportingMta, String postmaster) {
        this.reportingMta = HeaderText.sanitize(reportingMta);
        this.postmaster = HeaderText.sanitize(postmaster);
    }

    /**
     * The DSN for {@code job}, or empty when none must be sent (null reverse path, a DSN itself, or no
     * recipient that asked for failure notices).
     *
     * @param job        the failed job (recipients: those that failed)
     * @param outcomes   outcomes of the last attempt
     * @param original   the original message bytes
     * @param dsnQueueId queue id the DSN will travel under (local part of its Message-ID)
     * @param now        the time of the report
     */
    public Optional<Dsn> build(Envelope job, List<RecipientOutcome> outcomes, byte[] original, String dsnQueueId,
                               Instant now) {
        return build(job, outcomes, original, dsnQueueId, now, ReportKind.FAILED);
    }

    /** As {@link #build(Envelope, List, byte[], String, Instant)}, for a failure or a delay warning. */
    public Optional<Dsn> build(Envelope job, List<RecipientOutcome> outcomes, byte[] original, String dsnQueueId,
                               Instant now, ReportKind kind) {
        List<FailedRecipient> recipients = ReportableRecipients.select(job, outcomes, now, kind);
        if (recipients.isEmpty()) {
            return Optional.empty();
        }
        // RFC 3461 §4.3 leaves the default to the MTA when RET is absent; we return headers only, which
        // keeps DSNs small and does not send a (possibly forged-sender) message body back out.
        // A delay warning never returns the body: the message is still queued and may yet be delivered.
        boolean full = job.ret() == Envelope.Ret.FULL && kind == ReportKind.FAILED;
        byte[] returned = OriginalMessage.crlfTerminated(full ? original : OriginalMessage.headerSection(original));
        boolean eightBit = OriginalMessage.hasEightBit(returned);
        String text = NotificationText.render(reportingMta, postmaster, recipients, full, kind);
        String status = DeliveryStatusPart.render(reportingMta, job, recipients, kind);
        String boundary = boundaryFor(dsnQueueId, returned, ascii(text), ascii(status));
        String messageId = "<" + dsnQueueId + "@" + reportingMta + ">";

        ByteArrayOutputStream out = new ByteArrayOutputStream(returned.length + text.length() + status.length() + 1024);
        // UTF-8 only matters for an internationalised sender address; everything else here is ASCII.
        out.writeBytes(header(job, now, messageId, boundary, eightBit, kind).getBytes(StandardCharsets.UTF_8));
        write(out, "This is a MIME-encapsulated delivery status notification." + HeaderText.CRLF);
        write(out, delimiter(boundary)
                + "Content-Type: text/plain; charset=us-ascii" + HeaderText.CRLF
                + "Content-Description: Notification" + HeaderText.CRLF
                + "Content-Transfer-Encoding: 7bit" + HeaderText.CRLF + HeaderText.CRLF
                + text);
        write(out, delimiter(boundary)
                + "Content-Type: message/delivery-status" + HeaderText.CRLF
                + "Content-Description: Delivery report" + HeaderText.CRLF + HeaderText.CRLF
                + status);
        // RFC 6522 §3: the third part is the returned message (message/rfc822) or, when only headers are
        // returned, text/rfc822-headers. RFC 2046 §5.2.1: message/rfc822 may only be 7bit, 8bit or binary,
        // so an 8-bit original is declared 8bit and never re-encoded.
        write(out, delimiter(boundary)
                + "Content-Type: " + (full ? "message/rfc822" : "text/rfc822-headers") + HeaderText.CRLF
                + "Content-Description: " + (full ? "Undelivered Message" : "Undelivered Message Headers")
                + HeaderText.CRLF
                + "Content-Transfer-Encoding: " + (eightBit ? "8bit" : "7bit") + HeaderText.CRLF + HeaderText.CRLF);
        out.writeBytes(returned);
        // RFC 2046 §5.1.1: the CRLF before a delimiter belongs to the delimiter, not to the part.
        write(out, HeaderText.CRLF + "--" + boundary + "--" + HeaderText.CRLF);
        return Optional.of(new Dsn(out.toByteArray(), messageId, recipients, eightBit));
    }

    private String header(Envelope job, Instant now, String messageId, String boundary, boolean eightBit,
                          ReportKind kind) {
        StringBuilder h = new StringBuilder(512);
        h.append(HeaderText.field("From", "Mail Delivery System <" + postmaster + ">"));
        h.append(HeaderText.field("To", "<" + HeaderText.stripControls(job.reversePath()) + ">"));
        h.append(HeaderText.field("Subject", kind.subject()));
        h.append(HeaderText.field("Date", HeaderText.date(now)));
        h.append(HeaderText.field("Message-ID", messageId));
        // RFC 3834 §5: marks the DSN as automatic so responders (vacation replies) stay silent.
        h.append(HeaderText.field("Auto-Submitted", "auto-replied"));
        h.append(HeaderText.field("MIME-Version", "1.0"));
        h.append(HeaderText.field("Content-Type",
                "multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\""));
        if (eightBit) {
            // RFC 2045 §6.4: a multipart containing 8bit parts is itself 8bit.
            h.append(HeaderText.field("Content-Transfer-Encoding", "8bit"));
        }
        return h.append(HeaderText.CRLF).toString();
    }

    /**
     * A boundary that occurs in none of the parts (RFC 2046 §5.1.1): the fresh queue id makes a collision
     * unlikely, and the check makes it impossible even for a message crafted to contain one.
     */
    static String boundaryFor(String dsnQueueId, byte[]... parts) {
        String boundary = "=_pm_" + dsnQueueId;
        for (int n = 1; occursIn(ascii("--" + boundary), parts); n++) {
            boundary = "=_pm_" + dsnQueueId + "_" + n;
        }
        return boundary;
    }

    private static boolean occursIn(byte[] needle, byte[]... parts) {
        for (byte[] part : parts) {
            if (OriginalMessage.contains(part, needle)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String delimiter(String boundary) {
        return HeaderText.CRLF + "--" + boundary + HeaderText.CRLF;
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(ascii(text));
    }
}
