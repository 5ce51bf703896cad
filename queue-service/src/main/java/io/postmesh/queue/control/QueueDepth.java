package io.postmesh.queue.control;

import io.postmesh.model.Envelope;
import java.util.concurrent.CompletionStage;

/**
 * Counts of recipients currently queued per destination, tenant and lane (the depth the queue control API
 * reports). The scheduler reports jobs entering the queue; the implementation counts them out on terminal
 * events (DELIVERED, BOUNCED, EXPIRED, PURGED) read from {@code mail.events}. At-least-once delivery of
 * events makes the counts approximate after crashes; they are a gauge, not an account.
 */
public interface QueueDepth {

    /** A job with {@code job.recipients().size()} recipients entered the queue. */
    CompletionStage<Void> enqueued(Envelope job);
}
