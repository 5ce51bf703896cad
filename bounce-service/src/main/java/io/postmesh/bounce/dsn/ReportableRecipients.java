package io.postmesh.bounce.dsn;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.SmtpReply;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides who a failure DSN reports on, and with what: the recipients of a failed job that asked to be
 * told about failures, each with the status and diagnostic of its last outcome.
 */
public final class ReportableRecipients {
    private static final Pattern ENHANCED = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");
    private static final Pattern SMTP_REPLY = Pattern.compile("^[2-5]\\d\\d(?:[ -].*)?$", Pattern.DOTALL);
    private static final int MAX_DIAGNOSTIC = 900;

    private ReportableRecipients() {}

    /**
     * The recipients to report on; empty means "send no DSN".
     *
     * @param job      the failed job, narrowed to the recipients that failed permanently (or expired)
     * @param outcomes the outcomes of the last attempt (may also hold other recipients of the job)
     * @param now      stands in for a missing outcome time
     */
    public static List<FailedRecipient> select(Envelope job, List<RecipientOutcome> outcomes, Instant now) {
        return select(job, outcomes, now, ReportKind.FAILED);
    }

    /** As {@link #select(Envelope, List, Instant)}, for the recipients that asked for this kind of notice. */
    public static List<FailedRecipient> select(Envelope job, List<RecipientOutcome> outcomes, Instant now,
                                               ReportKind kind) {
        // Never bounce a bounce (RFC 5321 §4.5.5, RFC 3464 §5): nobody would receive it, and two MTAs
        // could bounce to each other forever. Our own DSNs are marked by the dsn flag as well.
        if (job.nullReversePath() || job.dsn()) {
            return List.of();
        }
        List<FailedRecipient> out = new ArrayList<>();
        for (Recipient recipient : job.recipients()) {
            // RFC 3461 §4.1: NOTIFY=NEVER (or a list without FAILURE) means no failure DSN for this one;
            // no NOTIFY at all means the MTA default, which is FAILURE.
            if (!kind.wanted(recipient)) {
                continue;
            }
            RecipientOutcome outcome = lastOutcomeOf(recipient.address(), outcomes);
            if (outcome != null && outcome.result() == RecipientOutcome.Result.SUCCESS) {
                continue; // defensive: a delivered recipient is never reported as failed
            }
            out.add(toFailed(recipient, outcome, now));
        }
        return List.copyOf(out);
    }

    private static RecipientOutcome lastOutcomeOf(String address, List<RecipientOutcome> outcomes) {
        RecipientOutcome found = null;
        for (RecipientOutcome o : outcomes) {
            if (o.recipient() != null && o.recipient().toLowerCase(Locale.ROOT)
                    .equals(address.toLowerCase(Locale.ROOT))) {
                found = o;
            }
        }
        return found;
    }

    private static FailedRecipient toFailed(Recipient recipient, RecipientOutcome outcome, Instant now) {
        String diagnostic = outcome == null ? "" : truncate(HeaderText.sanitize(outcome.diagnostic()));
        String remoteMta = outcome == null || outcome.remoteMta() == null || outcome.remoteMta().isBlank()
                ? null : HeaderText.sanitize(outcome.remoteMta());
        boolean remoteReply = remoteMta != null && SMTP_REPLY.matcher(diagnostic).matches();
        String diagnosticCode;
        if (remoteReply) {
            diagnosticCode = "smtp; " + diagnostic;
        } else if (!diagnostic.isEmpty()) {
            // RFC 3464 §2.3.6 allows X- diagnostic types; like Postfix's "X-Postfix;", ours says no
            // remote server produced this text.
            diagnosticCode = "X-Postmesh; " + diagnostic;
        } else {
            diagnosticCode = null;
        }
        String explanation = diagnostic.isEmpty() ? "delivery failed permanently"
                : remoteReply ? "host " + remoteMta + " said: " + diagnostic : diagnostic;
        Instant at = outcome == null || outcome.at() == null ? now : outcome.at();
        return new FailedRecipient(HeaderText.sanitize(recipient.address()), originalRecipient(recipient.orcpt()),
                statusOf(outcome, diagnostic), remoteMta, diagnosticCode, explanation, at);
    }

    /**
     * The outcome's enhanced code, else one derived from the reply, else 5.0.0. A 4.x.x code is kept:
     * RFC 3463 §3.1 defines class 4 as a "persistent transient failure" that may have caused abandonment,
     * which is what an expired job is (Postfix and Sendmail report it the same way).
     */
    private static String statusOf(RecipientOutcome outcome, String diagnostic) {
        if (outcome != null && outcome.status() != null && ENHANCED.matcher(outcome.status().trim()).matches()
                && !outcome.status().trim().startsWith("2")) {
            return outcome.status().trim();
        }
        if (SMTP_REPLY.matcher(diagnostic).matches() && diagnostic.charAt(0) >= '4') {
            return SmtpReply.parse(diagnostic).enhancedOrDefault();
        }
        return "5.0.0";
    }

    /** ORCPT {@code addr-type ";" xtext} → {@code addr-type "; " address} (RFC 3461 §4.2, RFC 3464 §2.3.1). */
    static String originalRecipient(String orcpt) {
        if (orcpt == null) {
            return null;
        }
        int semicolon = orcpt.indexOf(';');
        if (semicolon <= 0 || semicolon == orcpt.length() - 1) {
            return null; // not a valid ORCPT: leave the optional field out rather than guess
        }
        String type = HeaderText.sanitize(orcpt.substring(0, semicolon));
        String address = HeaderText.sanitize(HeaderText.xtextDecode(orcpt.substring(semicolon + 1).trim()));
        return type.isEmpty() || address.isEmpty() ? null : type + "; " + address;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_DIAGNOSTIC ? s : s.substring(0, MAX_DIAGNOSTIC);
    }
}
