package io.postmesh.ingress.api;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Configuration of the HTTP submission API ({@code postmesh.ingress.api.*}). */
@ConfigMapping(prefix = "postmesh.ingress.api")
public interface ApiConfig {

    /** Most messages one {@code POST /v1/messages/batch} may carry; more is refused with 413. */
    @WithDefault("1000")
    int batchMaxItems();

    /**
     * Hand-offs of one batch request in flight at once. Bounds the producer buffer and the worker threads one
     * request can take, while still letting the producer batch records (acks=all costs one round trip per batch).
     */
    @WithDefault("64")
    int batchWindow();

    /** How long an {@code Idempotency-Key} remembers its first result. */
    @WithDefault("24h")
    Duration idempotencyTtl();

    /**
     * How long a request that is still running holds its {@code Idempotency-Key}; if the process dies meanwhile,
     * the key is free again after this. Must exceed {@code postmesh.kafka.delivery-timeout}.
     */
    @WithDefault("5m")
    Duration idempotencyLock();

    /** {@code Retry-After} sent with 503 when Kafka did not take the message. */
    @WithDefault("30s")
    Duration retryAfter();
}
