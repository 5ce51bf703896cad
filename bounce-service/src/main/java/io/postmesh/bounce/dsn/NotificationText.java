package io.postmesh.bounce.dsn;

import java.util.List;

/**
 * The first, human-readable part of the report (RFC 6522 §3: it explains the report to a person whose
 * mail reader does not understand message/delivery-status). Plain US-ASCII, wrapped at 76 columns.
 */
final class NotificationText {
    private static final int WIDTH = 76;

    private NotificationText() {}

    static String render(String reportingMta, String postmaster, List<FailedRecipient> recipients,
                         boolean fullMessageReturned) {
        return render(reportingMta, postmaster, recipients, fullMessageReturned, ReportKind.FAILED);
    }

    static String render(String reportingMta, String postmaster, List<FailedRecipient> recipients,
                         boolean fullMessageReturned, ReportKind kind) {
        StringBuilder out = new StringBuilder(512);
        paragraph(out, "This is the mail delivery system at " + reportingMta + ".");
        if (kind == ReportKind.DELAYED) {
            paragraph(out, "Your message could not be delivered yet to one or more recipients. It is still "
                    + "queued and will be retried; you do not need to send it again. Its header section is "
                    + "attached below.");
        } else {
            paragraph(out, "Your message could not be delivered to one or more recipients. "
                    + (fullMessageReturned ? "It is attached below." : "Its header section is attached below."));
        }
        paragraph(out, "For further assistance, please send mail to <" + postmaster + ">. "
                + "Please include this notification.");
        for (FailedRecipient r : recipients) {
            paragraph(out, "<" + r.address() + ">: " + r.explanation());
        }
        return out.toString();
    }

    /** Appends the text word-wrapped, then a blank line; long words are kept whole (they are < 998). */
    private static void paragraph(StringBuilder out, String text) {
        int lineLength = 0;
        for (String word : text.split(" +")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > WIDTH) {
                out.append(HeaderText.CRLF);
                lineLength = 0;
            } else if (lineLength > 0) {
                out.append(' ');
                lineLength++;
            }
            out.append(word);
            lineLength += word.length();
        }
        out.append(HeaderText.CRLF).append(HeaderText.CRLF);
    }
}
