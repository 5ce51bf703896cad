package io.postmesh.ingress.dkim;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Map;
import java.util.Optional;

/**
 * DKIM signing of outgoing mail ({@code postmesh.ingress.dkim.*}). Without keys nothing is signed.
 *
 * <pre>
 * postmesh.ingress.dkim.keys."example.com".selector=s2026
 * postmesh.ingress.dkim.keys."example.com".key-file=/etc/postmesh/dkim/example.com.pem
 * postmesh.ingress.dkim.keys."example.com".algorithm=ed25519-sha256
 * postmesh.ingress.dkim.domains."newsletter.example.org"=example.com
 * </pre>
 */
@ConfigMapping(prefix = "postmesh.ingress.dkim")
public interface DkimConfig {

    /** Whether to sign at all (when a key for the message's From domain exists). */
    @WithDefault("true")
    boolean enabled();

    /** The keys, by signing domain ({@code d=}). */
    Map<String, Key> keys();

    /**
     * Explicit From-domain → signing-domain mapping; without an entry the From domain itself is used, then
     * its nearest parent domain that has a key (so {@code news.example.com} is signed as {@code example.com},
     * which DMARC's relaxed alignment accepts, RFC 7489 §3.1.1).
     */
    Map<String, String> domains();

    interface Key {
        /** The selector: the public key is published at {@code <selector>._domainkey.<domain>}. */
        String selector();

        /** A PEM file holding the private key as PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), e.g. a mounted secret. */
        String keyFile();

        /** {@code rsa-sha256} or {@code ed25519-sha256}; by default the one the key's type implies. */
        Optional<String> algorithm();
    }
}
