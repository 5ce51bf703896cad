package io.postmesh.kafka.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the Kafka readiness check that every service runs ({@link KafkaReadinessCheck}). */
@ConfigMapping(prefix = "postmesh.kafka.readiness")
public interface KafkaReadinessConfig {

    /**
     * Longest time one readiness call waits for the broker to describe the cluster before it answers DOWN.
     * Kept below the readiness probe's {@code timeoutSeconds} (5 s in {@code k8s/base}), so an outage shows
     * as a DOWN answer with a reason instead of a probe that timed out.
     */
    @WithDefault("3s")
    Duration timeout();
}
