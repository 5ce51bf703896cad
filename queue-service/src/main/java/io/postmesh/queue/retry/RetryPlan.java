package io.postmesh.queue.retry;

import io.postmesh.model.Envelope;
import java.time.Duration;
import java.time.Instant;

/**
 * What to do with one deferred job (pure): fail it as expired, or wait on {@link #tier()} until {@link #dueAt()};
 * and whether this deferral sends the job's one delay warning.
 *
 * @param expired      the job is older than its max age: fail it with 4.4.7, no retry, no warning
 * @param tier         retry tier topic to wait on (null when expired)
 * @param dueAt        when the next attempt is due (null when expired)
 * @param delayWarning send the "delayed" notice with this deferral
 */
public record RetryPlan(boolean expired, String tier, Instant dueAt, boolean delayWarning) {

    /**
     * @param job        the deferred job, {@code attempt} already counting the attempt that was deferred
     * @param deferredAt when the delivery service deferred it (the record's timestamp): the delay is counted from
     *                   here, so a backlog in front of the queue service does not stretch the schedule
     * @param now        the clock now; expiry is judged against it, the remaining delay picks the tier
     */
    public static RetryPlan decide(Envelope job, Instant deferredAt, Instant now, Backoff backoff) {
        RetryPolicy policy = backoff.policy();
        Instant firstSeen = job.firstSeen() == null ? deferredAt : job.firstSeen();
        if (Backoff.expired(firstSeen, now, policy.maxAge())) {
            return new RetryPlan(true, null, null, false);
        }
        Instant dueAt = deferredAt.plus(backoff.delay(job.attempt()));
        Duration remaining = Duration.between(now, dueAt);
        String tier = Backoff.tierFor(remaining.isNegative() ? Duration.ZERO : remaining);
        boolean warn = policy.delayWarning()
                .map(threshold -> Backoff.delayWarningDue(firstSeen,
                        backoff.previousDeferral(job.attempt(), deferredAt), deferredAt, threshold))
                .orElse(false);
        return new RetryPlan(false, tier, dueAt, warn);
    }
}
