package io.postmesh.queue.retry;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A retry schedule in seconds (1s, 2s, 4s, 4s, ...) without jitter, so integration tests see several retries
 * quickly and can compute every due time; tenants with their own settings for the expiry, warning, restart and
 * operator tests.
 */
public class FastRetryProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("postmesh.queue.retry.first", "1s"),
                Map.entry("postmesh.queue.retry.multiplier", "2"),
                Map.entry("postmesh.queue.retry.max-interval", "4s"),
                Map.entry("postmesh.queue.retry.jitter", "0"),
                Map.entry("postmesh.queue.retry.tiers.idle-poll", "200ms"),
                Map.entry("postmesh.queue.retry.tiers.sweep-interval", "2s"),
                Map.entry("postmesh.queue.retry.tiers.failure-backoff", "1s"),
                // "warned": one delay notice once a job is an hour old.
                Map.entry("postmesh.queue.retry.tenants.\"warned\".delay-warning", "1h"),
                // "patient": every retry waits 5s (long enough to stop the consumers in between).
                Map.entry("postmesh.queue.retry.tenants.\"patient\".first", "5s"),
                Map.entry("postmesh.queue.retry.tenants.\"patient\".max-interval", "5s"),
                // "slow": every retry waits 10 minutes, on mail.retry.10m: only an operator brings it back sooner.
                Map.entry("postmesh.queue.retry.tenants.\"slow\".first", "10m"),
                Map.entry("postmesh.queue.retry.tenants.\"slow\".max-interval", "10m"));
    }
}
