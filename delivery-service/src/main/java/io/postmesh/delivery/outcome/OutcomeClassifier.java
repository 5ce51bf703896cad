package io.postmesh.delivery.outcome;

import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.model.SmtpReply;
import java.time.Instant;

/**
 * Turns a remote reply into a recipient outcome (RFC 5321 §4.2.1: 2yz done, 4yz transient, 5yz
 * permanent). The status is the server's enhanced code (RFC 3463, announced per RFC 2034), or X.0.0 of
 * the reply's class when it sent none; the diagnostic is the reply as received.
 */
public final class OutcomeClassifier {
    private OutcomeClassifier() {}

    public static Result resultOf(SmtpReply reply) {
        int klass = reply.code() / 100;
        return switch (klass) {
            case 2 -> Result.SUCCESS;
            case 4 -> Result.TEMPORARY_FAILURE;
            case 5 -> Result.PERMANENT_FAILURE;
            // 1yz and 3yz are never final replies to RCPT or end of data; a server sending one where a final
            // reply belongs is broken, and only a retry (perhaps to another host) can help.
            default -> Result.TEMPORARY_FAILURE;
        };
    }

    public static RecipientOutcome fromReply(String recipient, SmtpReply reply, String remoteMta, Instant at) {
        Result result = resultOf(reply);
        String status = reply.enhancedOrDefault();
        if (result == Result.TEMPORARY_FAILURE && !status.startsWith("4.")) {
            status = "4.0.0";
        }
        return new RecipientOutcome(recipient, result, status, reply.toString(), remoteMta, at);
    }

    /** An outcome we decided ourselves, without a reply from the recipient's server. */
    public static RecipientOutcome local(String recipient, boolean permanent, String status, String diagnostic,
                                         String remoteMta, Instant at) {
        return new RecipientOutcome(recipient, permanent ? Result.PERMANENT_FAILURE : Result.TEMPORARY_FAILURE,
                status, diagnostic, remoteMta, at);
    }

    public static RecipientOutcome delivered(String recipient, String status, String diagnostic, String remoteMta,
                                             Instant at) {
        return new RecipientOutcome(recipient, Result.SUCCESS, status, diagnostic, remoteMta, at);
    }
}
