package io.postmesh.ingress.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

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
}
