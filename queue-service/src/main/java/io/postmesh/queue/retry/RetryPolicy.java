package io.postmesh.queue.retry;

import java.time.Duration;
import java.util.Optional;

/**
 * The retry settings that apply to one job, after per-destination and per-tenant overrides are applied
 * ({@link #of(RetryConfig, String, String)}: destination wins over tenant wins over global).
 *
 * @param first        delay after the first deferral
 * @param multiplier   growth of the delay per deferral
 * @param maxInterval  cap on one delay
 * @param jitter       random spread as a fraction of the delay (0.1 = ±10%)
 * @param maxAge       age after which the job expires (4.4.7)
 * @param delayWarning age after which one delay warning is sent; empty = never
 */
public record RetryPolicy(Duration first, double multiplier, Duration maxInterval, double jitter, Duration maxAge,
                          Optional<Duration> delayWarning) {

    public RetryPolicy {
        if (first.isNegative() || maxInterval.isNegative() || maxAge.isNegative()) {
            throw new IllegalArgumentException("retry durations must not be negative");
        }
        if (multiplier < 1.0) {
            throw new IllegalArgumentException("retry multiplier must be at least 1, was " + multiplier);
        }
        if (jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("retry jitter must be in [0, 1), was " + jitter);
        }
        // 0s means "off", as Postfix's delay_warning_time=0 does.
        delayWarning = delayWarning.filter(d -> !d.isZero() && !d.isNegative());
    }

    /** The settings for a job of {@code tenant} to {@code destination}. */
    public static RetryPolicy of(RetryConfig config, String tenant, String destination) {
        RetryConfig.Override byTenant = tenant == null ? null : config.tenants().get(tenant);
        RetryConfig.Override byDestination = destination == null ? null
                : config.destinations().get(destination.toLowerCase(java.util.Locale.ROOT));
        return new RetryPolicy(
                pick(byDestination, byTenant, RetryConfig.Override::first).orElse(config.first()),
                pick(byDestination, byTenant, RetryConfig.Override::multiplier).orElse(config.multiplier()),
                pick(byDestination, byTenant, RetryConfig.Override::maxInterval).orElse(config.maxInterval()),
                pick(byDestination, byTenant, RetryConfig.Override::jitter).orElse(config.jitter()),
                pick(byDestination, byTenant, RetryConfig.Override::maxAge).orElse(config.maxAge()),
                pick(byDestination, byTenant, RetryConfig.Override::delayWarning).or(config::delayWarning));
    }

    private static <T> Optional<T> pick(RetryConfig.Override narrow, RetryConfig.Override wide,
                                        java.util.function.Function<RetryConfig.Override, Optional<T>> field) {
        Optional<T> value = narrow == null ? Optional.empty() : field.apply(narrow);
        return value.isPresent() || wide == null ? value : field.apply(wide);
    }
}
