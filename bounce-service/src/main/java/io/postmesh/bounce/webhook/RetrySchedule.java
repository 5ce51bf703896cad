package io.postmesh.bounce.webhook;

import java.time.Duration;

/**
 * Exponential back-off between webhook attempts: {@code initial} before the second attempt, doubled before
 * each further one, never more than {@code max}; at most {@code maxAttempts} attempts in all. No jitter: one
 * ordered consumer sends one request at a time, so there is no herd of clients to spread out.
 */
public record RetrySchedule(Duration initial, Duration max, int maxAttempts) {

    public RetrySchedule {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1, was " + maxAttempts);
        }
        if (initial.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("back-off must not be negative");
        }
    }

    public static RetrySchedule of(WebhookConfig config) {
        return new RetrySchedule(config.initialBackoff(), config.maxBackoff(), config.maxAttempts());
    }

    /** Whether another attempt follows once {@code attemptsMade} attempts have failed. */
    public boolean hasNext(int attemptsMade) {
        return attemptsMade < maxAttempts;
    }

    /** The wait before attempt number {@code attempt} (1-based; the first attempt does not wait). */
    public Duration delayBefore(int attempt) {
        if (attempt <= 1) {
            return Duration.ZERO;
        }
        Duration delay = initial;
        // Doubling step by step stops at the cap, so no shift or multiplication can overflow.
        for (int i = 2; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
