package io.postmesh.bounce.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Settings of the DSN generator ({@code postmesh.bounce.*}). */
@ConfigMapping(prefix = "postmesh.bounce")
public interface BounceConfig {

    /**
     * Our DNS name as the author of DSNs: the {@code Reporting-MTA: dns; ...} field (RFC 3464 §2.2.2) and
     * the domain of each DSN's Message-ID.
     */
    @WithDefault("localhost")
    String reportingMta();

    /** The mailbox DSNs come from ({@code From: Mail Delivery System <...>}) and that people may ask for help. */
    @WithDefault("postmaster@localhost")
    String postmaster();

    Verp verp();

    /**
     * Asynchronous bounces to our VERP reverse paths (on {@code mail.bounces.inbound}). Both values must equal
     * {@code postmesh.delivery.verp.domain} and {@code .secret}; without them no bounce is attributed by VERP.
     */
    interface Verp {
        /** The bounce domain of the VERP addresses. */
        Optional<String> domain();

        /** The HMAC secret that makes the addresses tamper-proof. */
        Optional<String> secret();
    }
}
