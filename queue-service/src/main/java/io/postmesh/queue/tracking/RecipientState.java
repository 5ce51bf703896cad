package io.postmesh.queue.tracking;

import java.time.Instant;

/**
 * The latest known state of one recipient of a message (hash field {@code rcpt:<address>} of
 * {@code pm:track:<queueId>}, as JSON).
 *
 * @param status    where it stands
 * @param attempts  delivery attempts made so far (highest attempt number seen)
 * @param lastReply the reply or explanation that came with the latest status, if any
 * @param remoteMta the MX host that gave it, if any
 * @param updatedAt time of the event that set the status (event time, not processing time)
 */
public record RecipientState(TrackStatus status, int attempts, String lastReply, String remoteMta,
                             Instant updatedAt) {}
