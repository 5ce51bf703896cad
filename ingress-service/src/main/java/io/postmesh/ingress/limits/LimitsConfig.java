package io.postmesh.ingress.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Limits that protect the SMTP service ({@code postmesh.ingress.limits.*}). Defaults follow Postfix's
 * {@code postconf(5)} where one exists.
 */
@ConfigMapping(prefix = "postmesh.ingress.limits")
public interface LimitsConfig {

    /** Recipients per message; more get 452 4.5.3 (Postfix {@code smtpd_recipient_limit = 1000}). */
    @WithDefault("1000")
    int maxRecipients();

    /** Protocol errors per session before 421 (Postfix {@code smtpd_hard_error_limit = 20}). */
    @WithDefault("20")
    int maxErrors();

    /**
     * Client silence allowed while we wait for a command (Postfix {@code smtpd_timeout = 300s}; RFC 5321
     * §4.5.3.2.7 asks for at least 5 minutes). Then 421 4.4.2 and the connection closes.
     */
    @WithDefault("300s")
    Duration commandTimeout();

    /** Client silence allowed inside DATA or a BDAT chunk (RFC 5321 §4.5.3.2.5: 3 minutes per data block). */
    @WithDefault("300s")
    Duration dataTimeout();

    /** Longest command line in bytes; longer ones get 500 5.5.2 (RFC 5321 §4.5.3.1.4 asks for 512 at least). */
    @WithDefault("4096")
    int maxCommandLine();

    /**
     * Open SMTP connections per replica over all listeners; the next one gets 421 4.7.0 at once, so an
     * overloaded replica sheds new clients and keeps serving the established ones.
     */
    @WithDefault("10000")
    int maxConnections();

    /** Open connections per client IP (Postfix {@code smtpd_client_connection_count_limit = 50}). */
    @WithDefault("50")
    int maxConnectionsPerIp();

    /**
     * Messages per tenant, e.g. {@code tenant-rates."acme"=100/min} (also {@code /s}, {@code /h}, {@code /d});
     * over it MAIL FROM gets 451 4.7.1 and the HTTP API 429. A token bucket in Redis shared by all replicas.
     */
    Map<String, String> tenantRates();

    /** The rate of tenants without an entry in {@link #tenantRates()}; absent or {@code unlimited}: no limit. */
    Optional<String> defaultTenantRate();

    /** How long a rate check may wait for Redis before the message is let through (fail open). */
    @WithDefault("2s")
    Duration rateCheckTimeout();

    /**
     * Time the relay/MX listener waits before its 220 greeting; a client that talks before it gets 554 5.5.1 and
     * is disconnected (RFC 5321 §4.3.1; Postfix postscreen's pregreet test). {@code 0s}: greet at once.
     */
    @WithDefault("0s")
    Duration greetingDelay();
}
