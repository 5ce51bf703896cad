package io.postmesh.model;

import java.time.Instant;

/**
 * What one delivery attempt did for one recipient. Carried on {@link Topics#DEFERRED} and
 * {@link Topics#FAILED} records (header {@link MailHeaders#OUTCOMES}) and summarised in {@link MailEvent}s.
 *
 * @param recipient the forward path
 * @param result    success, temporary or permanent failure
 * @param status    RFC 3463 enhanced status code ("5.1.1")
 * @param diagnostic the remote reply as received ("550 5.1.1 no such user"), or our own explanation when
 *                   no remote server was reached (DNS failure, connection refused)
 * @param remoteMta the MX host that answered, or null if none was reached
 * @param at        when the outcome was decided
 * @param tlsProtocol the TLS protocol of the session that decided it ("TLSv1.3"), or null for cleartext or
 *                    when no session was reached; absent in records written before it existed
 * @param tlsCipher   the TLS cipher suite of that session ("TLS_AES_256_GCM_SHA384"), or null
 */
public record RecipientOutcome(String recipient, Result result, String status, String diagnostic,
                               String remoteMta, Instant at, String tlsProtocol, String tlsCipher) {

    /** An outcome without TLS details (cleartext, local decisions, and every outcome written before TLS). */
    public RecipientOutcome(String recipient, Result result, String status, String diagnostic, String remoteMta,
                            Instant at) {
        this(recipient, result, status, diagnostic, remoteMta, at, null, null);
    }

    /** This outcome with the TLS details of the session that decided it. */
    public RecipientOutcome withTls(String protocol, String cipher) {
        return new RecipientOutcome(recipient, result, status, diagnostic, remoteMta, at, protocol, cipher);
    }

    /** The three delivery states (compare James {@code ExecutionResult}). */
    public enum Result { SUCCESS, TEMPORARY_FAILURE, PERMANENT_FAILURE }
}
