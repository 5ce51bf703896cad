package io.postmesh.delivery.outcome;

import io.postmesh.delivery.tls.TlsDetails;
import io.postmesh.model.RecipientOutcome;
import java.util.List;

/**
 * What one delivery attempt of a job did.
 *
 * @param outcomes one per recipient attempted
 * @param mxHost   the host (or hosts, comma-separated) the attempt went to; {@code capture} in capture mode
 * @param reply    the reply that decided the attempt (end of data, or the failure), for the span
 * @param tls      the TLS details of the session that decided it, or null (cleartext, or no session)
 */
public record Attempt(List<RecipientOutcome> outcomes, String mxHost, String reply, TlsDetails tls) {
    public Attempt {
        outcomes = List.copyOf(outcomes);
    }

    public Attempt(List<RecipientOutcome> outcomes, String mxHost, String reply) {
        this(outcomes, mxHost, reply, null);
    }
}
