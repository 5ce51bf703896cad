package io.postmesh.ingress.telemetry;

import io.postmesh.model.SmtpReply;
import java.util.Map;

/**
 * The short, bounded reason of a refused message or recipient, for the {@code reason} label of
 * {@code postmesh_ingress_messages_total}: taken from the reply the client got, so that SMTP and the HTTP API
 * (which speaks the same replies internally) count alike. Replies that refuse no mail (syntax errors, AUTH
 * failures, 250s) have no reason and are not counted.
 */
public final class RefusalReason {
    private static final Map<String, String> BY_REPLY = Map.ofEntries(
            Map.entry("554 5.7.1", "relay"),      // relay access denied (RCPT)
            Map.entry("552 5.3.4", "size"),       // SIZE limit (MAIL SIZE=, DATA, BDAT)
            Map.entry("451 4.7.1", "rate"),       // tenant message rate
            Map.entry("530 5.7.0", "auth"),       // submission without AUTH or without TLS (RFC 6409 §4.3)
            Map.entry("452 4.5.3", "recipients"), // too many recipients
            Map.entry("550 5.5.2", "smuggling"),  // bare CR/LF in the data
            Map.entry("554 5.4.6", "loop"),       // too many Received fields
            Map.entry("550 5.7.1", "spam"),       // rspamd: reject
            Map.entry("554 5.7.0", "virus"),      // clamd: found
            Map.entry("451 4.7.0", "scanner"),    // a scanner was down and the policy is to defer
            Map.entry("451 4.3.0", "kafka"));     // the durable hand-off failed or timed out

    private RefusalReason() {}

    /** The reason of a refusing reply, or null when the reply refuses no mail. */
    public static String of(int code, String enhanced) {
        return enhanced == null ? null : BY_REPLY.get(code + " " + enhanced);
    }

    public static String of(SmtpReply reply) {
        return of(reply.code(), reply.enhanced());
    }
}
