package io.postmesh.ingress.limits;

import java.time.Duration;

/**
 * The answer of the tenant's token bucket.
 *
 * @param granted    how many of the requested messages may go now (the first ones of a batch)
 * @param retryAfter when the next token is there; zero when all were granted
 */
public record RateDecision(int granted, Duration retryAfter) {

    public static RateDecision all(int requested) {
        return new RateDecision(requested, Duration.ZERO);
    }

    /** Whether the first (or only) message may go. */
    public boolean allowed() {
        return granted > 0;
    }

    /** Retry-After in whole seconds, at least 1 (RFC 9110 §10.2.3 has no fractions). */
    public long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
