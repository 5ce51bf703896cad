package io.postmesh.queue.tracking;

import java.time.Instant;
import java.util.List;

/** What {@code GET /v1/messages/{queueId}} shows: the message and each recipient's latest state. */
public record MessageView(String queueId, String tenant, String campaign, String traceId, Instant acceptedAt,
                          List<RecipientView> recipients) {

    /** One recipient; {@code status} is one of accepted, deferred, held, delivered, bounced, suppressed, expired, purged. */
    public record RecipientView(String recipient, String status, int attempts, String lastReply, String remoteMta,
                                Instant updatedAt) {}
}
