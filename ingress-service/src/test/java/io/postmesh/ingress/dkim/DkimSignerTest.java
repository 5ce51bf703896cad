package io.postmesh.ingress.dkim;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Our signer's output checked by python3-dkim, with the public key served by the test DNS server. */
class DkimSignerTest {
    private static final String MESSAGE = "Received: from client.test ([127.0.0.1])\r\n\tby mx.test; date\r\n"
            + "From: Alice <alice@sign.test>\r\nTo: bob@example.test\r\nSubject:   Hello    there \r\n"
            + "Date: Sun, 22 Nov 2026 09:05:07 +0000\r\nMessage-ID: <m1@sign.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n\r\nHi Bob,  \r\n\r\n  with\ttabs and trailing   \r\n"
            + "\r\n\r\n";

    @TempDir
    static Path dir;
    static TestDnsServer dns;

    @BeforeAll
    static void dns() {
        PythonDkimVerifier.requireInstalled();
        dns = TestDnsServer.start(new Zones());
    }

    @AfterAll
    static void stop() {
        if (dns != null) {
            dns.close();
        }
    }

    private static byte[] signed(DkimAlgorithm algorithm, String selector, String message) throws Exception {
        DkimTestKeys keys = DkimTestKeys.generate(algorithm, dir, selector);
        dns.zones().txt(selector + "._domainkey.sign.test", keys.txtRecord());
        SigningKey key = new SigningKey("sign.test", selector, algorithm, keys.pair().getPrivate());
        return (DkimSigner.sign(message.getBytes(StandardCharsets.UTF_8), key, 1_790_000_000L) + message)
                .getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void anIndependentVerifierAcceptsOurSignature(DkimAlgorithm algorithm) throws Exception {
        byte[] message = signed(algorithm, "good-" + algorithm.ordinal(), MESSAGE);
        String text = new String(message, StandardCharsets.UTF_8);
        assertThat(text).startsWith("DKIM-Signature: v=1; a=" + algorithm.tag() + "; c=relaxed/relaxed;\r\n"
                + "\td=sign.test; s=good-" + algorithm.ordinal() + "; t=1790000000;\r\n"
                + "\th=from:subject:date:to:message-id:mime-version:content-type:from;\r\n");

        PythonDkimVerifier.Result result = PythonDkimVerifier.verify(message, dns.port());
        assertThat(result.verified()).as(result.output()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void relaxedCanonicalizationSurvivesWhitespaceChangesInTransit(DkimAlgorithm algorithm) throws Exception {
        String message = new String(signed(algorithm, "ws-" + algorithm.ordinal(), MESSAGE), StandardCharsets.UTF_8)
                .replace("Subject:   Hello    there \r\n", "Subject: Hello\r\n  there\r\n")
                .replace("Hi Bob,  \r\n", "Hi   Bob,\r\n");
        PythonDkimVerifier.Result result = PythonDkimVerifier.verify(message.getBytes(StandardCharsets.UTF_8),
                dns.port());
        assertThat(result.verified()).as(result.output()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DkimAlgorithm.class)
    void aTamperedBodyOrSignedFieldFailsVerification(DkimAlgorithm algorithm) throws Exception {
        String signed = new String(signed(algorithm, "bad-" + algorithm.ordinal(), MESSAGE), StandardCharsets.UTF_8);
        for (String tampered : new String[] {
            signed.replace("Hi Bob,", "Hi Eve,"),
            signed.replace("Subject:   Hello    there", "Subject: Pay now"),
            // Over-signing: a second From added in transit breaks the signature (RFC 6376 §8.15).
            signed.replace("To: bob@example.test\r\n", "To: bob@example.test\r\nFrom: mallory@evil.test\r\n"),
        }) {
            PythonDkimVerifier.Result result = PythonDkimVerifier.verify(tampered.getBytes(StandardCharsets.UTF_8),
                    dns.port());
            assertThat(result.verified()).as(result.output()).isFalse();
            assertThat(result.output()).contains("fail");
        }
    }
}
