package io.postmesh.queue.retry;

import io.postmesh.model.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The pure arithmetic of retries: how long a deferred job waits, on which retry tier it waits, whether it expired
 * and whether its delay warning is due. Exponential back-off with a cap, as Postfix qmgr (each deferral doubles the
 * delay between {@code minimal_backoff_time} and {@code maximal_backoff_time}) and KumoMTA
 * ({@code retry_interval} × 2^n up to {@code max_retry_interval}) do, plus jitter.
 */
public final class Backoff {
    private final RetryPolicy policy;
    private final Random random;

    /** @param random source of jitter; tests pass a seeded one (or use jitter 0) */
    public Backoff(RetryPolicy policy, Random random) {
        this.policy = policy;
        this.random = random;
    }

    /**
     * The delay without jitter before attempt {@code attempts + 1}, where {@code attempts} is the number of attempts
     * made so far (the deferred job's {@code attempt}): min(maxInterval, first × multiplier^(attempts−1)).
     */
    public Duration nominalDelay(int attempts) {
        int n = Math.max(1, attempts);
        double millis = policy.first().toMillis() * Math.pow(policy.multiplier(), n - 1);
        long cap = policy.maxInterval().toMillis();
        // pow overflows to infinity for large n; the comparison still yields the cap.
        return Duration.ofMillis(millis >= cap ? cap : Math.round(millis));
    }

    /** {@link #nominalDelay(int)} spread uniformly over ±jitter (not capped again: a cap would undo the spread). */
    public Duration delay(int attempts) {
        long nominal = nominalDelay(attempts).toMillis();
        double factor = 1.0 + policy.jitter() * (2.0 * random.nextDouble() - 1.0);
        return Duration.ofMillis(Math.max(0, Math.round(nominal * factor)));
    }

    /**
     * The retry tier for a delay: the first of {@link Topics#RETRY_TIERS} whose nominal delay (the suffix of its
     * name) is at least {@code delay}, else the last tier. A tier is consumed in order and pauses on a head that is
     * not due yet, so a job may wait up to the tier's nominal delay longer than asked; a longer delay in a short
     * tier would block the jobs behind it.
     */
    public static String tierFor(Duration delay) {
        List<String> tiers = Topics.RETRY_TIERS;
        for (String tier : tiers) {
            if (nominalOf(tier).compareTo(delay) >= 0) {
                return tier;
            }
        }
        return tiers.get(tiers.size() - 1);
    }

    /** The nominal delay in a tier name: {@code mail.retry.10m} → 10 minutes (units s, m, h, d). */
    public static Duration nominalOf(String tier) {
        String suffix = tier.substring(tier.lastIndexOf('.') + 1);
        long amount = Long.parseLong(suffix.substring(0, suffix.length() - 1));
        return switch (suffix.charAt(suffix.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("no delay in tier name " + tier);
        };
    }

    /** Whether a message first seen at {@code firstSeen} is too old to retry at {@code now}. */
    public static boolean expired(Instant firstSeen, Instant now, Duration maxAge) {
        return Duration.between(firstSeen, now).compareTo(maxAge) >= 0;
    }

    /**
     * Whether the deferral at {@code now} is the one that must send the delay warning: the age reached
     * {@code threshold} at this deferral but had not at the previous one. Exactly one deferral of a job satisfies
     * this when {@code previousDeferral} is right; empty means this is the first deferral.
     */
    public static boolean delayWarningDue(Instant firstSeen, Optional<Instant> previousDeferral, Instant now,
                                          Duration threshold) {
        if (Duration.between(firstSeen, now).compareTo(threshold) < 0) {
            return false;
        }
        return previousDeferral.map(p -> Duration.between(firstSeen, p).compareTo(threshold) < 0).orElse(true);
    }

    /**
     * When the job was deferred the time before, estimated without state: the deferral after attempt
     * {@code attempts − 1} scheduled this attempt at least {@code nominalDelay(attempts − 1) × (1 − jitter)} later,
     * so it lies no later than {@code now} minus that. Taking this latest possible instant means a job is never
     * warned twice (unless an operator's "retry now" cut the wait short); a retry that ran much later than it was
     * due can make the estimate too late and skip the warning. Empty for the first deferral.
     */
    public Optional<Instant> previousDeferral(int attempts, Instant now) {
        if (attempts <= 1) {
            return Optional.empty();
        }
        long shortest = Math.round(nominalDelay(attempts - 1).toMillis() * (1.0 - policy.jitter()));
        return Optional.of(now.minusMillis(shortest));
    }

    public RetryPolicy policy() {
        return policy;
    }
}
