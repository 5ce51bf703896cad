package io.postmesh.bounce.failed;

import io.postmesh.bounce.dsn.Dsn;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import java.time.Instant;
import java.util.List;

/** The envelope a generated DSN travels with on {@code mail.inbound}, like any accepted message. */
final class DsnEnvelopes {
    private DsnEnvelopes() {}

    /**
     * Null reverse path (RFC 5321 §4.5.5: notifications are sent from {@code <>} so they are never
     * answered by another notification), the original sender as the one recipient, and the dsn flag so
     * that a failure of the DSN itself is dropped, not bounced.
     */
    static Envelope of(Envelope failedJob, Dsn dsn, String dsnQueueId, Instant now) {
        return Envelope.builder()
                .queueId(dsnQueueId)
                .messageId(dsn.messageId())
                .reversePath("")
                .recipients(List.of(Recipient.of(failedJob.reversePath())))
                .tenant(failedJob.tenant())
                .firstSeen(now)
                .size(dsn.bytes().length)
                .eightBitMime(dsn.eightBit())
                // An internationalised sender address can only be reached with SMTPUTF8 (RFC 6531 §3.4).
                .smtpUtf8(!isAscii(failedJob.reversePath()))
                .dsn(true)
                .build();
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}
