package io.postmesh.bounce.classify;

/**
 * The verdict on one SMTP reply or DSN recipient.
 *
 * @param reason   why it bounced
 * @param hardSoft HARD (recipient is bad) or SOFT (try again / not the recipient's fault)
 * @param status   the RFC 3463 enhanced status code given, or {@code C.0.0} derived from the reply class
 *                 (RFC 3463 §3.1) when none was given
 */
public record Classification(Reason reason, HardSoft hardSoft, String status) {
}
