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
 */
public record RecipientOutcome(String recipient, Result result, String status, String diagnostic,
                               String remoteMta, Instant at) {

    /** The three delivery states (compare James {@code ExecutionResult}). */
    public enum Result { SUCCESS, TEMPORARY_FAILURE, PERMANENT_FAILURE }
}
