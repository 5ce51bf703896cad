package io.postmesh.ingress.scan;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Content scanning before the hand-off ({@code postmesh.ingress.scan.*}): a spam filter (rspamd) and a virus
 * scanner (clamd), each used when its address is set. Off by default.
 */
@ConfigMapping(prefix = "postmesh.ingress.scan")
public interface ScanConfig {

    /** Master switch; nothing is scanned while false. */
    @WithDefault("false")
    boolean enabled();

    /** Policy for relay traffic: mail from unauthenticated clients (the MX port, mostly inbound mail). */
    @WithDefault("reject")
    ScanAction relay();

    /** Policy for submission: mail from authenticated clients (outbound: protects our senders' reputation). */
    @WithDefault("reject")
    ScanAction submission();

    /**
     * When a scanner cannot answer (down, timeout, error): true accepts the message unscanned (fail-open);
     * false refuses it with {@code 451 4.7.0} so the client retries later.
     */
    @WithDefault("false")
    boolean failOpen();

    Rspamd rspamd();

    Clamd clamd();

    interface Rspamd {
        /** Base URL of rspamd's normal worker, e.g. {@code http://127.0.0.1:11333}; unset: no spam check. */
        Optional<String> url();

        /** Time for one check, connection included. */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Clamd {
        /** clamd's TCP address ({@code TCPAddr}); only used when a port is set. */
        @WithDefault("127.0.0.1")
        String host();

        /** clamd's {@code TCPSocket}; unset: no virus check. */
        Optional<Integer> port();

        /** Time for one scan, connection included. */
        @WithDefault("30s")
        Duration timeout();
    }
}
