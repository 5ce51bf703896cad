package io.postmesh.delivery.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the delivery service ({@code postmesh.delivery.*}); the defaults run on one laptop. */
@ConfigMapping(prefix = "postmesh.delivery")
public interface DeliveryConfig {

    /** How jobs are delivered. */
    enum Mode { CAPTURE, MX }

    /** {@code capture} keeps every message in the capture store; {@code mx} delivers by MX over SMTP. */
    @WithDefault("capture")
    Mode mode();

    /** TCP port used to reach MX hosts; 25 in production, a high loopback port in tests. */
    @WithDefault("25")
    int mxPort();

    /** The name we give in EHLO/HELO (RFC 5321 §4.1.1.1: our FQDN). */
    @WithDefault("localhost")
    String heloName();

    /** At most this many MX hosts are tried per attempt before the job is deferred (RFC 5321 §5.1). */
    @WithDefault("5")
    int maxMxHosts();

    /** How long a TCP connect to one MX address may take. */
    @WithDefault("30s")
    Duration connectTimeout();

    /**
     * How long we wait for any one reply. RFC 5321 §4.5.3.2 asks for at least 5 minutes per command
     * (10 minutes after end of data); one value keeps the client simple and is the lower bound.
     */
    @WithDefault("5m")
    Duration commandTimeout();

    /** How long a delivered-marker is kept; longer than any redelivery of the same job can take. */
    @WithDefault("7d")
    Duration deliveredMarkerTtl();

    Dns dns();

    Capture capture();

    Verp verp();

    /**
     * VERP reverse paths: each job is sent with {@code MAIL FROM:<b-<token>-<mac>@domain>} so the bounce service
     * can attribute an asynchronous bounce to its job exactly ({@link io.postmesh.model.Verp}). Off by default:
     * it needs a bounce domain whose MX is our ingress, and the same domain and secret in the bounce service.
     */
    interface Verp {
        /** Whether jobs with a non-null reverse path are sent with a VERP address. */
        @WithDefault("false")
        boolean enabled();

        /** The bounce domain ({@code postmesh.ingress.bounce-domain}); required when enabled. */
        Optional<String> domain();

        /** The HMAC secret shared with {@code postmesh.bounce.verp.secret}; required when enabled. */
        Optional<String> secret();

        /** How long the job data behind a token is kept: as long as a late bounce may still arrive. */
        @WithDefault("7d")
        Duration ttl();
    }

    interface Dns {
        /** {@code HOST:PORT} of the resolver for MX lookups; empty means the system resolver. */
        Optional<String> server();

        /** Timeout of one DNS query (after which dnsjava gives up and we defer with 4.4.3). */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Capture {
        /** Address the capture inbox HTTP server binds to. */
        @WithDefault("127.0.0.1")
        String bind();

        /** Port of the capture inbox ({@code GET /api/messages}). */
        @WithDefault("8025")
        int port();

        /** Number of messages kept; older ones are trimmed away. */
        @WithDefault("1000")
        int maxMessages();
    }
}
