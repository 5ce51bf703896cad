package io.postmesh.delivery.outcome;

import io.postmesh.delivery.tls.TlsDetails;
import io.postmesh.model.RecipientOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one delivery attempt of a job did.
 *
 * @param outcomes one per recipient attempted
 * @param mxHost   the host (or hosts, comma-separated) the attempt went to; {@code capture} in capture mode
 * @param reply    the reply that decided the attempt (end of data, or the failure), for the span
 * @param tls      the TLS details of the session that decided it, or null (cleartext, or no session)
 * @param notes    extra attributes for the {@code delivery attempt} span (which limit held the job back, an
 *                 MTA-STS failure in testing mode)
 */
public record Attempt(List<RecipientOutcome> outcomes, String mxHost, String reply, TlsDetails tls,
                      Map<String, String> notes) {
    /** Span attribute: the shaping limit that held the job back ({@code max-connections}, ...). */
    public static final String HELD_BACK_BY = "postmesh.shaping.held_back_by";
    /** Span attribute: the MTA-STS mode of the destination's policy. */
    public static final String MTA_STS_MODE = "postmesh.mta_sts.mode";
    /** Span attribute: what an MTA-STS policy in testing mode would have refused (RFC 8461 §5). */
    public static final String MTA_STS_FAILURE = "postmesh.mta_sts.failure";

    public Attempt {
        outcomes = List.copyOf(outcomes);
        notes = Map.copyOf(notes);
    }

    public Attempt(List<RecipientOutcome> outcomes, String mxHost, String reply, TlsDetails tls) {
        this(outcomes, mxHost, reply, tls, Map.of());
    }

    public Attempt(List<RecipientOutcome> outcomes, String mxHost, String reply) {
        this(outcomes, mxHost, reply, null, Map.of());
    }

    /** The same attempt with one more span attribute. */
    public Attempt withNote(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(notes);
        more.put(key, value);
        return new Attempt(outcomes, mxHost, reply, tls, more);
    }
}
