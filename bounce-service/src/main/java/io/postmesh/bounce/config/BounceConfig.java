package io.postmesh.bounce.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
