package io.postmesh.ingress.dkim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * A DKIM key pair generated for a test: the private key as a PKCS#8 PEM file, as an operator mounts it, and
 * the public key as the TXT record to publish (RFC 6376 §3.6.1; RFC 8463 §4.2 for Ed25519's raw key).
 */
public record DkimTestKeys(Path pemFile, String txtRecord, KeyPair pair) {

    public static DkimTestKeys generate(DkimAlgorithm algorithm, Path dir, String name) {
        try {
            KeyPair pair;
            String txt;
            if (algorithm == DkimAlgorithm.RSA_SHA256) {
                KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                g.initialize(2048);
                pair = g.generateKeyPair();
                // p= is the DER SubjectPublicKeyInfo of the RSA key.
                txt = "v=DKIM1; k=rsa; p=" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded());
            } else {
                pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                // p= is the bare 32-byte public key, the last 32 bytes of its SubjectPublicKeyInfo.
                byte[] spki = pair.getPublic().getEncoded();
                byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
                txt = "v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw);
            }
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            Path file = dir.resolve(name + ".pem");
            Files.writeString(file, pem, StandardCharsets.US_ASCII);
            Files.writeString(dir.resolve(name + ".txt"), txt, StandardCharsets.US_ASCII);
            return new DkimTestKeys(file, txt, pair);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
