package io.postmesh.bounce.dsn;

import io.postmesh.model.Envelope;
import java.util.List;

/**
 * The body of the message/delivery-status part (RFC 3464 §2.1): one group of per-message fields, then
 * one group of per-recipient fields for each recipient, groups separated by a blank line.
 */
final class DeliveryStatusPart {
    private DeliveryStatusPart() {}

    /** The fields, CRLF line ends, the last group ending with its own CRLF (no trailing blank line). */
    static String render(String reportingMta, Envelope job, List<FailedRecipient> recipients) {
        return render(reportingMta, job, recipients, ReportKind.FAILED);
    }

    static String render(String reportingMta, Envelope job, List<FailedRecipient> recipients, ReportKind kind) {
        StringBuilder out = new StringBuilder(256 + 256 * recipients.size());
        // §2.2.2: the MTA that generated this DSN, as a DNS name.
        out.append(HeaderText.field("Reporting-MTA", "dns; " + reportingMta));
        if (job.queueId() != null) {
            // §2.2 permits X- extension fields; Postfix adds its queue id the same way.
            out.append(HeaderText.field("X-Postmesh-Queue-ID", HeaderText.sanitize(job.queueId())));
        }
        if (job.envId() != null && !job.envId().isBlank()) {
            // §2.2.1: the sender's ENVID, decoded from xtext, so it can match the DSN to its message.
            out.append(HeaderText.field("Original-Envelope-Id",
                    HeaderText.sanitize(HeaderText.xtextDecode(job.envId()))));
        }
        if (job.firstSeen() != null) {
            out.append(HeaderText.field("Arrival-Date", HeaderText.date(job.firstSeen())));
        }
        for (FailedRecipient r : recipients) {
            out.append(HeaderText.CRLF);
            if (r.originalRecipient() != null) {
                out.append(HeaderText.field("Original-Recipient", r.originalRecipient()));
            }
            out.append(HeaderText.field("Final-Recipient", "rfc822; " + r.address()));
            out.append(HeaderText.field("Action", kind.action()));
            out.append(HeaderText.field("Status", r.status()));
            if (r.remoteMta() != null) {
                out.append(HeaderText.field("Remote-MTA", "dns; " + r.remoteMta()));
            }
            if (r.diagnosticCode() != null) {
                out.append(HeaderText.field("Diagnostic-Code", r.diagnosticCode()));
            }
            out.append(HeaderText.field("Last-Attempt-Date", HeaderText.date(r.lastAttempt())));
        }
        return out.toString();
    }
}
