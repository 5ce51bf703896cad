package io.postmesh.queue.retry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Span names and attributes of the retry path, beside those in {@code MailSpans} (candidates to move there).
 * {@code queue retry}: a deferred job was rescheduled or expired; {@code queue release}: a job left its retry tier.
 */
public final class RetrySpans {
    public static final String QUEUE_RETRY = "queue retry";
    public static final String QUEUE_RELEASE = "queue release";

    /** The retry tier topic the job waits on. */
    public static final AttributeKey<String> TIER = AttributeKey.stringKey("postmesh.retry_tier");
    /** When the next attempt is due, epoch milliseconds. */
    public static final AttributeKey<Long> DUE_AT = AttributeKey.longKey("postmesh.due_at");
    /** Whether the job expired (failed with 4.4.7) instead of being rescheduled. */
    public static final AttributeKey<Boolean> EXPIRED = AttributeKey.booleanKey("postmesh.expired");
    /** Whether this deferral sent the delay warning. */
    public static final AttributeKey<Boolean> DELAY_WARNING = AttributeKey.booleanKey("postmesh.delay_warning");
    /** On {@code queue release}: routed, purged, or reappended. */
    public static final AttributeKey<String> RELEASE = AttributeKey.stringKey("postmesh.release");

    private RetrySpans() {}
}
