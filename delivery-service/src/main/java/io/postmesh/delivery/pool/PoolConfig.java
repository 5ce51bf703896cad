package io.postmesh.delivery.pool;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Connection reuse per MX address ({@code postmesh.delivery.pool.*}); see {@link ConnectionPool}. */
@ConfigMapping(prefix = "postmesh.delivery.pool")
public interface PoolConfig {

    /** Whether sessions are kept for the next message; false closes each after its job (QUIT). */
    @WithDefault("true")
    boolean reuse();

    /** Connections per MX address (and egress, TLS level, login) at most. */
    @WithDefault("10")
    int maxConnections();

    /** Transactions per connection before it is closed (Postfix {@code smtp_connection_reuse_count_limit}). */
    @WithDefault("100")
    int maxMessagesPerConnection();

    /** An idle session is closed after this (Postfix {@code smtp_connection_cache_time_limit}, 2s). */
    @WithDefault("5s")
    Duration idleTimeout();

    /** Jobs that may wait for a connection per MX address; more are deferred at once. */
    @WithDefault("100")
    int maxWaiting();

    /** How long a job waits for a connection before it is deferred. */
    @WithDefault("60s")
    Duration waitTimeout();

    /** Recipients per transaction (RFC 5321 §4.5.3.1.8: servers take at least 100). */
    @WithDefault("100")
    int maxRecipientsPerTransaction();
}
