package io.postmesh.ingress.dkim;

import java.security.PrivateKey;

/**
 * A DKIM private key of one signing domain.
 *
 * @param domain    the {@code d=} tag: the signing domain (SDID, RFC 6376 §3.5)
 * @param selector  the {@code s=} tag: the public key is at {@code selector._domainkey.domain} (§3.6.2.1)
 * @param algorithm the {@code a=} tag
 * @param key       the private key (RSA, or Ed25519 per RFC 8463)
 */
public record SigningKey(String domain, String selector, DkimAlgorithm algorithm, PrivateKey key) {}
