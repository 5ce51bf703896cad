package io.postmesh.queue.retry;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Retry schedule, expiry and delay warnings of deferred jobs ({@code postmesh.queue.retry.*}). The defaults follow
 * Postfix: {@code minimal_backoff_time}/{@code maximal_backoff_time} (qmgr doubles the delay of a deferred message
 * up to the cap), {@code maximal_queue_lifetime=5d}, {@code delay_warning_time=0} (no warnings). KumoMTA calls the
 * same knobs {@code retry_interval}, {@code max_retry_interval} and {@code max_age} ({@code QueueConfig}).
 *
 * <p>Per-tenant and per-destination overrides: {@code tenants."acme".max-age=2d},
 * {@code destinations."example.test".first=1m}. For each setting the destination's value wins over the tenant's,
 * which wins over the global one.
 */
@ConfigMapping(prefix = "postmesh.queue.retry")
public interface RetryConfig {

    /** Delay before the second attempt (after the first deferral); later delays grow by {@link #multiplier()}. */
    @WithDefault("5m")
    Duration first();

    /** Factor by which the delay grows from one deferral to the next (2.0 doubles it, as Postfix qmgr does). */
    @WithDefault("2.0")
    double multiplier();

    /** Cap on the delay between two attempts (Postfix maximal_backoff_time is 4000s). */
    @WithDefault("1h")
    Duration maxInterval();

    /**
     * Random spread of each delay as a fraction: 0.1 makes a delay anywhere within ±10% of its nominal value, so
     * jobs deferred together (a destination outage) do not all come back in the same second.
     */
    @WithDefault("0.1")
    double jitter();

    /** Age (since the message was accepted) after which a deferred job fails with 4.4.7 instead of being retried. */
    @WithDefault("5d")
    Duration maxAge();

    /**
     * Age after which the sender gets one "delayed" DSN (RFC 3464 Action: delayed) for a job still deferred;
     * unset means never (Postfix delay_warning_time=0).
     */
    Optional<Duration> delayWarning();

    /** Overrides per tenant, by tenant name. */
    Map<String, Override> tenants();

    /** Overrides per destination domain (lower case), by domain. */
    Map<String, Override> destinations();

    /** The consumers of the retry tier topics. */
    Tiers tiers();

    /** Any subset of the global settings; an absent value falls back to the next wider scope. */
    interface Override {
        /** See {@link RetryConfig#first()}. */
        Optional<Duration> first();

        /** See {@link RetryConfig#multiplier()}. */
        Optional<Double> multiplier();

        /** See {@link RetryConfig#maxInterval()}. */
        Optional<Duration> maxInterval();

        /** See {@link RetryConfig#jitter()}. */
        Optional<Double> jitter();

        /** See {@link RetryConfig#maxAge()}. */
        Optional<Duration> maxAge();

        /** See {@link RetryConfig#delayWarning()}; {@code 0s} switches warnings off for this scope. */
        Optional<Duration> delayWarning();
    }

    /** How the retry tier topics ({@code mail.retry.*}) are consumed. */
    interface Tiers {
        /** Whether this replica consumes the retry tiers at all. */
        @WithDefault("true")
        boolean enabled();

        /** Consumer group of the tier consumers (one group for all tiers). */
        @WithDefault("queue-service-retry")
        String groupId();

        /** Records fetched per poll: small, because every poll waits until its records' output is durable. */
        @WithDefault("50")
        int maxPollRecords();

        /**
         * Longest single poll while partitions wait paused. Bounds how late a "retry now" or purge of the job at
         * the head of a paused partition is noticed; the queue control snapshot refreshes about as often.
         */
        @WithDefault("1s")
        Duration idlePoll();

        /**
         * How often the records behind a paused head are scanned for jobs flushed ("retry now") or purged since
         * they were deferred; such jobs cannot wait for the head to become due. A change of the operator rules
         * triggers a scan at once, so this is only the safety net (a scan reads the whole backlog).
         */
        @WithDefault("5m")
        Duration sweepInterval();

        /** How long to wait before re-reading records whose output could not be written (broker trouble). */
        @WithDefault("5s")
        Duration failureBackoff();
    }
}
