package io.postmesh.bounce.classify;

/**
 * One failed or delayed recipient found in a received bounce, before classification.
 *
 * @param recipient    the address that bounced (RFC 3464 §2.3.2 Final-Recipient, or found in the text)
 * @param status       RFC 3463 status (§2.3.4), or null when a non-standard bounce gave none
 * @param diagnostic   the remote reply, without the diagnostic-type ("550 5.1.1 user unknown"), or null
 * @param reportingMta the MTA that wrote the bounce (§2.2.2), or null
 * @param remoteMta    the MTA that gave the reply (§2.3.5), or null
 * @param delayed      the DSN said {@code Action: delayed} (§2.3.3): a warning, the message may still arrive
 */
public record ParsedBounce(String recipient, String status, String diagnostic, String reportingMta,
                           String remoteMta, boolean delayed) {

    /** A failure: what every non-DSN format reports (they have no way to say "delayed"). */
    public ParsedBounce(String recipient, String status, String diagnostic, String reportingMta, String remoteMta) {
        this(recipient, status, diagnostic, reportingMta, remoteMta, false);
    }
}
