package io.postmesh.ingress.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the SMTP listeners and the acceptance policy ({@code postmesh.ingress.*}). */
@ConfigMapping(prefix = "postmesh.ingress")
public interface IngressConfig {

    /** Address all SMTP listeners bind to. */
    @WithDefault("127.0.0.1")
    String bind();

    /** Our name in the 220 greeting, the EHLO reply and the Received header. */
    @WithDefault("localhost")
    String hostname();

    /** The relay/MX listener (plain; STARTTLS offered when a key store is configured). */
    Smtp smtp();

    /** The submission listener (RFC 6409), with STARTTLS; only when a key store is configured. */
    Submission submission();

    /** The implicit-TLS submission listener (RFC 8314); only when a key store is configured. */
    Smtps smtps();

    Tls tls();

    /** SIZE limit in bytes (RFC 1870), advertised in EHLO and enforced while reading DATA. */
    @WithDefault("26214400")
    long maxMessageSize();

    /** Domains accepted from any client. */
    Optional<List<String>> relayDomains();

    /**
     * The domain of our VERP reverse paths (the same as {@code postmesh.delivery.verp.domain}); its MX must be
     * this ingress. Mail to it is accepted from anyone, like a relay domain, and goes to
     * {@code mail.bounces.inbound} instead of {@code mail.inbound}. Empty: no bounce domain.
     */
    Optional<String> bounceDomain();

    /** CIDRs of clients that may relay to any domain; the single value {@code none} trusts nobody. */
    @WithDefault("127.0.0.0/8,::1/128")
    List<String> trustedNetworks();

    /**
     * On shutdown, how long the SMTP listeners drain: sessions receiving a message finish it (the client gets its
     * 250), every other session and new connection gets 421 4.3.2; after this the listeners close and cut what is
     * left. Keep {@code quarkus.shutdown.timeout} + this + a few seconds under Kubernetes'
     * {@code terminationGracePeriodSeconds}.
     */
    @WithDefault("15s")
    Duration drainTimeout();

    interface Smtp {
        /** Address this listener binds to; absent: {@code postmesh.ingress.bind}. */
        Optional<String> address();

        /**
         * Whether MAIL needs AUTH first on this listener (RFC 6409 §4.3 for submission). Default: on for the
         * submission listeners, off for the relay/MX listener (which accepts mail for the relay domains).
         */
        @WithDefault("false")
        boolean authRequired();

        /** TCP port of the relay/MX listener. */
        @WithDefault("2525")
        int port();

        /**
         * Expect a PROXY protocol header (HAProxy v1 text or v2 binary) before SMTP, as a Kubernetes load
         * balancer sends it: relay policy, limits and the Received header then see the client's real address.
         * Only for listeners behind such a proxy: a direct client could otherwise claim any address.
         */
        @WithDefault("false")
        boolean proxyProtocol();

        /** Greeting delay of this listener (early-talker test); absent: {@code postmesh.ingress.limits.greeting-delay}. */
        Optional<Duration> greetingDelay();
    }

    interface Submission {
        /** Address this listener binds to; absent: {@code postmesh.ingress.bind}. */
        Optional<String> address();

        /**
         * Whether MAIL needs AUTH first on this listener (RFC 6409 §4.3 for submission). Default: on for the
         * submission listeners, off for the relay/MX listener (which accepts mail for the relay domains).
         */
        @WithDefault("true")
        boolean authRequired();

        /** TCP port of the submission listener. */
        @WithDefault("2587")
        int port();

        /**
         * Expect a PROXY protocol header (HAProxy v1 text or v2 binary) before SMTP, as a Kubernetes load
         * balancer sends it: relay policy, limits and the Received header then see the client's real address.
         * Only for listeners behind such a proxy: a direct client could otherwise claim any address.
         */
        @WithDefault("false")
        boolean proxyProtocol();

        /**
         * Greeting delay of this listener (early-talker test); off by default, since submission clients are known
         * users (postscreen, too, guards only port 25).
         */
        @WithDefault("0s")
        Duration greetingDelay();
    }

    interface Smtps {
        /** Address this listener binds to; absent: {@code postmesh.ingress.bind}. */
        Optional<String> address();

        /**
         * Whether MAIL needs AUTH first on this listener (RFC 6409 §4.3 for submission). Default: on for the
         * submission listeners, off for the relay/MX listener (which accepts mail for the relay domains).
         */
        @WithDefault("true")
        boolean authRequired();

        /** TCP port of the implicit-TLS listener. */
        @WithDefault("2465")
        int port();

        /**
         * Expect a PROXY protocol header (HAProxy v1 text or v2 binary) before SMTP, as a Kubernetes load
         * balancer sends it: relay policy, limits and the Received header then see the client's real address.
         * Only for listeners behind such a proxy: a direct client could otherwise claim any address.
         */
        @WithDefault("false")
        boolean proxyProtocol();

        /** Greeting delay of this listener after the TLS handshake (early-talker test); off by default. */
        @WithDefault("0s")
        Duration greetingDelay();
    }

    interface Tls {
        /** PKCS#12 key store with the server certificate and key; without it only the relay port listens. */
        Optional<String> keystore();

        /** Password of the key store. */
        @WithDefault("changeit")
        String keystorePassword();
    }
}
