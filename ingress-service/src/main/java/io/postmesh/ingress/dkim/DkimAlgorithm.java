package io.postmesh.ingress.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Locale;

/** The signing algorithms we offer, by their {@code a=} tag value. */
public enum DkimAlgorithm {
    /** RFC 6376 §3.3.1: RSASSA-PKCS1-v1_5 with SHA-256 over the canonicalized data. */
    RSA_SHA256("rsa-sha256", "RSA"),
    /**
     * RFC 8463 §3: PureEdDSA (Ed25519) over the SHA-256 hash of the canonicalized data — the data is hashed
     * first, then the 32-byte hash is signed.
     */
    ED25519_SHA256("ed25519-sha256", "EdDSA");

    private final String tag;
    private final String keyAlgorithm;

    DkimAlgorithm(String tag, String keyAlgorithm) {
        this.tag = tag;
        this.keyAlgorithm = keyAlgorithm;
    }

    public String tag() {
        return tag;
    }

    /** Parses {@code rsa-sha256} / {@code ed25519-sha256}, case-insensitively. */
    public static DkimAlgorithm of(String tag) {
        for (DkimAlgorithm a : values()) {
            if (a.tag.equals(tag.strip().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown DKIM algorithm " + tag + " (rsa-sha256 or ed25519-sha256)");
    }

    /** The algorithm a JCA key is for: RSA keys sign rsa-sha256, EdDSA (Ed25519) keys ed25519-sha256. */
    public static DkimAlgorithm forKey(PrivateKey key) {
        for (DkimAlgorithm a : values()) {
            if (a.keyAlgorithm.equals(key.getAlgorithm()) || ("Ed25519".equals(key.getAlgorithm()) && a == ED25519_SHA256)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no DKIM algorithm for a " + key.getAlgorithm() + " key");
    }

    /** Signs the canonicalized header data (RFC 6376 §3.7) with the JDK's own providers. */
    byte[] sign(PrivateKey key, byte[] data) throws GeneralSecurityException {
        if (this == RSA_SHA256) {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(data);
            return rsa.sign();
        }
        Signature ed = Signature.getInstance("Ed25519");
        ed.initSign(key);
        ed.update(MessageDigest.getInstance("SHA-256").digest(data));
        return ed.sign();
    }
}
