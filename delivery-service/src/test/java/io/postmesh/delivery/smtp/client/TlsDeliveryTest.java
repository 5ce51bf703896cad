package io.postmesh.delivery.smtp.client;

import static io.postmesh.delivery.smtp.client.ClientHarness.host;
import static io.postmesh.delivery.smtp.client.ClientHarness.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.testing.Ports;
import io.postmesh.testing.smtp.SmtpPeer;
import io.postmesh.testing.tls.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** STARTTLS under each policy level against real peers with test-time certificates. */
class TlsDeliveryTest {
    private static final byte[] MESSAGE = "Subject: tls\r\n\r\nsecret\r\n".getBytes(StandardCharsets.US_ASCII);

    private ClientHarness client;
    private int port;
    private final List<SmtpPeer> peers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        port = Ports.freePort("127.0.0.40");
        client = new ClientHarness(port, Duration.ofSeconds(10), 10, 100, 100, true);
    }

    @AfterEach
    void tearDown() throws Exception {
        peers.forEach(SmtpPeer::close);
        client.close();
    }

    @Test
    void opportunisticUpgradesWithASelfSignedCertificateAndRecordsProtocolAndCipher() throws Exception {
        SmtpPeer peer = peer("127.0.0.41").withStartTls(TestCertificates.selfSigned("mx.self.test"));
        Attempt attempt = client.deliver(List.of(host("mx.self.test", "127.0.0.41")), TlsLevel.OPPORTUNISTIC, job(),
                MESSAGE, "a@d.test");

        assertThat(attempt.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.SUCCESS);
            assertThat(o.tlsProtocol()).startsWith("TLSv1.");
            assertThat(o.tlsCipher()).startsWith("TLS_");
        });
        assertThat(attempt.tls().verified()).isFalse();
        assertThat(peer.messages()).singleElement().satisfies(m -> {
            assertThat(m.tlsProtocol()).isEqualTo(attempt.tls().protocol());
            assertThat(m.data()).isEqualTo(MESSAGE);
        });
        // RFC 3207 §4.2: EHLO again after the handshake.
        assertThat(peer.transcript()).containsSubsequence("EHLO client.test", "STARTTLS", "EHLO client.test");
    }

    @Test
    void verifyAcceptsACertificateFromTheTrustedCaNamingTheMxHost() throws Exception {
        SmtpPeer peer = peer("127.0.0.42").withStartTls(TestCertificates.signed("mx.verified.test"));
        Attempt attempt = client.deliver(List.of(host("mx.verified.test", "127.0.0.42")), TlsLevel.VERIFY, job(),
                MESSAGE, "a@d.test");
        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::result).isEqualTo(Result.SUCCESS);
        assertThat(attempt.tls().verified()).isTrue();
        assertThat(peer.messages()).singleElement().satisfies(m -> assertThat(m.tlsProtocol()).isNotNull());
    }

    @Test
    void verifyRefusesASelfSignedCertificateAndTriesTheNextMxNeverCleartext() throws Exception {
        SmtpPeer untrusted = peer("127.0.0.43").withStartTls(TestCertificates.selfSigned("mx.self.test"));
        SmtpPeer good = peer("127.0.0.44").withStartTls(TestCertificates.signed("mx.good.test"));
        Attempt attempt = client.deliver(List.of(host("mx.self.test", "127.0.0.43"), host("mx.good.test",
                "127.0.0.44")), TlsLevel.VERIFY, job(), MESSAGE, "a@d.test");
        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::remoteMta)
                .isEqualTo("mx.good.test");
        assertThat(untrusted.messages()).isEmpty();
        assertThat(untrusted.transcript()).noneMatch(l -> l.startsWith("MAIL"));
        assertThat(good.messages()).hasSize(1);
    }

    @Test
    void verifyRefusesACertificateForAnotherHostName() throws Exception {
        SmtpPeer peer = peer("127.0.0.45").withStartTls(TestCertificates.signed("other.test"));
        Attempt attempt = client.deliver(List.of(host("mx.named.test", "127.0.0.45")), TlsLevel.VERIFY, job(),
                MESSAGE, "a@d.test");
        assertThat(attempt.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.status()).isEqualTo("4.7.5");
        });
        assertThat(peer.transcript()).noneMatch(l -> l.startsWith("MAIL"));
    }

    @Test
    void requiredDefersWith474WhenStartTlsIsNotOffered() throws Exception {
        SmtpPeer plain = peer("127.0.0.46");
        Attempt attempt = client.deliver(List.of(host("mx.plain.test", "127.0.0.46")), TlsLevel.REQUIRED, job(),
                MESSAGE, "a@d.test");
        assertThat(attempt.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.status()).isEqualTo("4.7.4");
            assertThat(o.diagnostic()).contains("mx.plain.test", "not offered");
        });
        assertThat(plain.transcript()).noneMatch(l -> l.startsWith("MAIL"));
    }

    @Test
    void requiredNeverFallsBackToCleartextAfterAFailedHandshake() throws Exception {
        SmtpPeer broken = peer("127.0.0.47").withBrokenStartTls();
        Attempt attempt = client.deliver(List.of(host("mx.broken.test", "127.0.0.47")), TlsLevel.REQUIRED, job(),
                MESSAGE, "a@d.test");
        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::status).isEqualTo("4.7.5");
        assertThat(broken.connections()).isEqualTo(1);
        assertThat(broken.transcript()).noneMatch(l -> l.startsWith("MAIL"));
    }

    @Test
    void opportunisticRetriesTheSameHostInCleartextAfterAFailedHandshake() throws Exception {
        SmtpPeer broken = peer("127.0.0.48").withBrokenStartTls();
        Attempt attempt = client.deliver(List.of(host("mx.broken.test", "127.0.0.48")), TlsLevel.OPPORTUNISTIC,
                job(), MESSAGE, "a@d.test");
        assertThat(attempt.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.SUCCESS);
            assertThat(o.tlsProtocol()).isNull();
        });
        assertThat(broken.connections()).isEqualTo(2);
        assertThat(broken.messages()).singleElement().satisfies(m -> assertThat(m.tlsProtocol()).isNull());
    }

    @Test
    void noneNeverStartsTls() throws Exception {
        SmtpPeer peer = peer("127.0.0.49").withStartTls(TestCertificates.selfSigned("mx.self.test"));
        client.deliver(List.of(host("mx.self.test", "127.0.0.49")), TlsLevel.NONE, job(), MESSAGE, "a@d.test");
        assertThat(peer.transcript()).doesNotContain("STARTTLS");
        assertThat(peer.messages()).hasSize(1);
    }

    private SmtpPeer peer(String address) {
        SmtpPeer peer = SmtpPeer.start(address, port);
        peers.add(peer);
        return peer;
    }
}
