package io.postmesh.delivery.tls;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/** TLS of outbound sessions ({@code postmesh.delivery.tls.*}); see {@link TlsLevel}. */
@ConfigMapping(prefix = "postmesh.delivery.tls")
public interface TlsConfig {

    /** Level for every domain without an entry in {@link #policies()}: STARTTLS when offered. */
    @WithDefault("opportunistic")
    TlsLevel defaultPolicy();

    /** Per destination domain: none, opportunistic, required or verify; a key {@code .example.test} covers subdomains. */
    Map<String, String> policies();

    /** Trust store for {@code verify} (PKCS#12, JKS or a PEM file of CA certificates); empty: the JDK's CAs. */
    Optional<String> trustStore();

    /** Password of {@link #trustStore()} (not used for PEM). */
    @WithDefault("changeit")
    String trustStorePassword();

    /** {@code pkcs12}, {@code jks} or {@code pem}. */
    @WithDefault("pkcs12")
    String trustStoreType();
}
