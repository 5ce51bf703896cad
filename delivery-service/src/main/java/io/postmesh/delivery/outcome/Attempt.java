package io.postmesh.delivery.outcome;

import io.postmesh.model.RecipientOutcome;
import java.util.List;

/**
 * What one delivery attempt of a job did.
 *
 * @param outcomes one per recipient attempted
 * @param mxHost   the host (or hosts, comma-separated) the attempt went to; {@code capture} in capture mode
 * @param reply    the reply that decided the attempt (end of data, or the failure), for the span
 */
public record Attempt(List<RecipientOutcome> outcomes, String mxHost, String reply) {
    public Attempt {
        outcomes = List.copyOf(outcomes);
    }
}
