package io.postmesh.delivery.mtasts;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * MTA-STS discovery ({@code postmesh.delivery.mta-sts.*}, RFC 8461). DNS questions go to
 * {@code postmesh.delivery.dns.server}, like MX lookups.
 */
@ConfigMapping(prefix = "postmesh.delivery.mta-sts")
public interface MtaStsConfig {

    /** Whether policies are looked up at all; off, every domain reads as having no policy. */
    @WithDefault("true")
    boolean enabled();

    /** Port of the policy hosts: 443 (RFC 8461 §3.3); tests use the test kit's HTTPS server port. */
    @WithDefault("443")
    int httpsPort();

    /**
     * PKCS#12 trust store for the policy hosts' certificates; empty means the JVM's default CAs. Tests point it
     * at the test server's self-signed certificate.
     */
    Optional<String> trustStore();

    /** Password of {@link #trustStore()}. */
    @WithDefault("changeit")
    String trustStorePassword();

    /** Time for one policy fetch (connect, TLS and body). */
    @WithDefault("20s")
    Duration fetchTimeout();

    /** Policies kept in memory per replica (least recently used are dropped). */
    @WithDefault("10000")
    int cacheSize();
}
