package io.postmesh.bounce.classify;

/**
 * One failed or delayed recipient found in a received bounce, before classification.
 *
 * @param recipient    the address that bounced (RFC 3464 §2.3.2 Final-Recipient, or found in the text)
 * @param status       RFC 3463 status (§2.3.4), or null when a non-standard bounce gave none
 * @param diagnostic   the remote reply, without the diagnostic-type ("550 5.1.1 user unknown"), or null
 * @param reportingMta the MTA that wrote the bounce (§2.2.2), or null
 * @param remoteMta    the MTA that gave the reply (§2.3.5), or null
 */
public record ParsedBounce(String recipient, String status, String diagnostic, String reportingMta,
                           String remoteMta) {
}
