package io.postmesh.bounce.dsn;

import java.time.Instant;

/**
 * One recipient as it appears in a DSN: the per-recipient fields of RFC 3464 §2.3, already decided and
 * sanitised.
 *
 * @param address           the forward path that failed (Final-Recipient, §2.3.2)
 * @param originalRecipient {@code addr-type; address} from ORCPT (§2.3.1), or null
 * @param status            RFC 3463 enhanced status code (§2.3.4)
 * @param remoteMta         the MX host that answered (§2.3.5), or null when none was reached
 * @param diagnosticCode    {@code diagnostic-type; text} (§2.3.6), or null
 * @param explanation       one line for the human-readable part
 * @param lastAttempt       when the recipient was last tried (§2.3.7)
 */
public record FailedRecipient(String address, String originalRecipient, String status, String remoteMta,
                              String diagnosticCode, String explanation, Instant lastAttempt) {
}
