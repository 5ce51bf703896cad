package io.postmesh.ingress.scan;

import io.postmesh.model.SmtpReply;
import java.util.Locale;

/** Turns the scanners' verdicts and the traffic's policy into a refusal or the header fields to add. Pure. */
public final class ScanPolicy {
    /** RFC 3463 §3.8 X.7.1: delivery not authorized, message refused (as rspamd's milter answers spam). */
    public static final SmtpReply SPAM = new SmtpReply(550, "5.7.1", "Error: message refused as spam");
    /** 4.7.0: security or policy status, temporary — the client keeps the message and retries. */
    public static final SmtpReply UNAVAILABLE = new SmtpReply(451, "4.7.0",
            "Error: content scanner unavailable, try again later");

    private ScanPolicy() {}

    /** 554 5.7.0 (RFC 3463 §3.8 "other or undefined security status") naming what was found. */
    public static SmtpReply virus(String name) {
        return new SmtpReply(554, "5.7.0", "Error: message contains a virus (" + name.replaceAll("[^\\x21-\\x7e]", "")
                + ")");
    }

    /**
     * The decision for one message.
     *
     * @param spam  rspamd's verdict, or null when not asked
     * @param virus clamd's verdict, or null when not asked
     */
    public static Decision decide(ScanAction action, Verdicts.Spam spam, Verdicts.Virus virus) {
        if (action == ScanAction.REJECT && virus != null && virus.infected()) {
            return new Decision(virus(virus.name()), "");
        }
        if (action == ScanAction.REJECT && spam != null && spam.reject()) {
            return new Decision(SPAM, "");
        }
        StringBuilder fields = new StringBuilder();
        if (spam != null) {
            fields.append("X-Spam-Flag: ").append(spam.spam() ? "YES" : "NO").append("\r\n");
            fields.append("X-Spam-Score: ").append(String.format(Locale.ROOT, "%.2f / %.2f", spam.score(),
                    spam.required())).append("\r\n");
            fields.append("X-Spam-Action: ").append(spam.action()).append("\r\n");
        }
        if (virus != null) {
            fields.append("X-Virus-Scanned: ClamAV\r\n");
            fields.append("X-Virus-Status: ").append(virus.infected() ? "Infected (" + virus.name() + ")" : "Clean")
                    .append("\r\n");
        }
        return new Decision(null, fields.toString());
    }

    /**
     * @param refusal the reply that refuses the message, or null
     * @param fields  header fields to add on top of the message (each ending in CRLF), possibly empty
     */
    public record Decision(SmtpReply refusal, String fields) {}
}
