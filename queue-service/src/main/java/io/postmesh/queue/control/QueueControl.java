package io.postmesh.queue.control;

/**
 * What operators asked of the queue (suspend, resume, retry now, purge), as the scheduling and retry code
 * needs to know it. Implementations answer from a local snapshot of shared state (Redis) refreshed in the
 * background, so every method is cheap enough to call once per job on any thread, including an event loop;
 * a change reaches every replica within the refresh interval.
 *
 * <p>{@code tenant} and {@code destination} are those of the job; a rule made for a tenant only, or for a
 * destination only, applies to every job of that tenant or destination.
 */
public interface QueueControl {

    /** Whether jobs of this tenant or destination must be held ({@code mail.hold}) instead of delivered. */
    boolean suspended(String tenant, String destination);

    /**
     * Epoch milliseconds of the latest "retry now" (like {@code postqueue -f}) that covers this tenant or
     * destination, or 0. A deferred job whose {@code pm-due-at} lies after this instant but that was deferred
     * before it is due now.
     */
    long flushedAt(String tenant, String destination);

    /**
     * Epoch milliseconds of the latest purge that covers this tenant or destination, or 0. A queued job whose
     * message was first seen before this instant is dropped (with a PURGED event per recipient) instead of
     * being delivered.
     */
    long purgedAt(String tenant, String destination);

    /**
     * A number that changes whenever an operator resumes, flushes ("retry now") or purges anything, so that
     * consumers holding jobs can look at them again at once instead of at their next periodic check.
     */
    default long rulesVersion() {
        return 0;
    }
}
