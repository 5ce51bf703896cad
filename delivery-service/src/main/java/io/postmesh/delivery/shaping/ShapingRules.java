package io.postmesh.delivery.shaping;

import java.time.Duration;
import java.util.List;

/**
 * All shaping rules: limits for sites without a provider rule, the provider rules, and how to back off when a
 * site throttles us. Read from YAML by {@link ShapingRulesLoader}.
 */
public record ShapingRules(SiteLimits defaults, List<ProviderRule> providers, Backoff backoff) {

    public ShapingRules {
        providers = List.copyOf(providers);
    }

    /**
     * Adaptive back-off after a throttling reply: the site's rates are multiplied by {@code factor} (again on
     * each later throttling reply, but at most once per {@code pause}, and never below {@code minFactor}) for
     * {@code duration} after the last throttling reply; for {@code pause} no new connection or message is started.
     */
    public record Backoff(double factor, double minFactor, Duration duration, Duration pause) {
        public Backoff {
            if (!(factor > 0 && factor <= 1) || !(minFactor > 0 && minFactor <= 1)) {
                throw new IllegalArgumentException("backoff factor and min-factor must be in (0, 1]");
            }
            if (duration.isNegative() || pause.isNegative()) {
                throw new IllegalArgumentException("backoff durations must not be negative");
            }
        }
    }
}
