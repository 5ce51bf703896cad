package io.postmesh.delivery.smtp.client;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.util.Locale;
import java.util.stream.Collectors;

/** The MAIL and RCPT command lines for a job, with the parameters the server's extensions allow. */
public final class SmtpCommands {
    private SmtpCommands() {}

    /**
     * {@code MAIL FROM:<reverse-path>} plus SIZE (RFC 1870 §6: the size we are about to send, when the
     * server announced SIZE), BODY=8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531) and RET/ENVID (RFC 3461 §4.3–4.4)
     * when both the job asks for them and the server supports them.
     */
    public static String mailFrom(Envelope job, ServerCapabilities caps, long wireSize) {
        return mailFrom(job, caps, new MessageRequirements(job.smtpUtf8(), job.eightBitMime(), wireSize));
    }

    /** As above, with BODY=8BITMIME and SMTPUTF8 declared when the message needs them (not only when asked). */
    public static String mailFrom(Envelope job, ServerCapabilities caps, MessageRequirements needs) {
        StringBuilder line = new StringBuilder("MAIL FROM:<").append(job.reversePath()).append('>');
        if (caps.size()) {
            line.append(" SIZE=").append(needs.wireSize());
        }
        if ((needs.eightBit() || job.eightBitMime()) && caps.supports("8BITMIME")) {
            line.append(" BODY=8BITMIME");
        }
        if ((needs.smtpUtf8() || job.smtpUtf8()) && caps.supports("SMTPUTF8")) {
            line.append(" SMTPUTF8");
        }
        if (caps.supports("DSN")) {
            if (job.ret() != null) {
                line.append(" RET=").append(job.ret().name());
            }
            if (job.envId() != null) {
                line.append(" ENVID=").append(job.envId());
            }
        }
        return line.toString();
    }

    /** {@code RCPT TO:<forward-path>} plus NOTIFY and ORCPT (RFC 3461 §4.1–4.2) for a DSN-capable server. */
    public static String rcptTo(Recipient recipient, ServerCapabilities caps) {
        StringBuilder line = new StringBuilder("RCPT TO:<").append(recipient.address()).append('>');
        if (caps.supports("DSN")) {
            if (!recipient.notifyOn().isEmpty()) {
                line.append(" NOTIFY=").append(recipient.notifyOn().stream()
                        .map(n -> n.name().toUpperCase(Locale.ROOT)).sorted().collect(Collectors.joining(",")));
            }
            if (recipient.orcpt() != null) {
                line.append(" ORCPT=").append(recipient.orcpt());
            }
        }
        return line.toString();
    }
}
