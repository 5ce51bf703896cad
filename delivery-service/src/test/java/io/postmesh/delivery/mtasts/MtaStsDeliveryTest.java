package io.postmesh.delivery.mtasts;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.pool.ConnectionPool;
import io.postmesh.delivery.pool.DeliveryPermits;
import io.postmesh.delivery.smtp.client.Destination;
import io.postmesh.delivery.smtp.client.Egress;
import io.postmesh.delivery.smtp.client.SessionOpener;
import io.postmesh.delivery.smtp.client.SmtpClients;
import io.postmesh.delivery.smtp.client.SmtpDelivery;
import io.postmesh.delivery.tls.ConfiguredTlsPolicies;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.delivery.tls.TlsPolicy;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.testing.Ports;
import io.postmesh.testing.dns.TestDnsServer;
import io.postmesh.testing.dns.Zones;
import io.postmesh.testing.https.TestHttpsServer;
import io.postmesh.testing.smtp.SmtpPeer;
import io.postmesh.testing.tls.TestCertificates;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.PfxOptions;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MTA-STS enforcement in the SMTP transport (RFC 8461 §4, §5): policies discovered through the test kit's DNS
 * server ({@code _mta-sts} TXT, {@code mta-sts.<domain>} A) and served by its HTTPS server, delivery to real
 * SMTP peers with STARTTLS and certificates from the test CA. The configured level is opportunistic.
 */
class MtaStsDeliveryTest {
    private static final byte[] MESSAGE = "Subject: sts\r\n\r\nsecret\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final Egress EGRESS = new Egress("default", null, "client.test");
    private static final String[] DOMAINS = {"good.sts.test", "unlisted.sts.test", "plain.sts.test",
        "testing.sts.test"};

    private static TestDnsServer dns;
    private static TestHttpsServer https;
    private static Vertx vertx;
    private static MtaStsTlsPolicies policies;
    private static SmtpClients clients;
    private static SmtpDelivery delivery;
    private static int port;
    private final List<SmtpPeer> peers = new ArrayList<>();

    @BeforeAll
    static void start() {
        Zones zones = new Zones();
        for (String d : DOMAINS) {
            zones.txt("_mta-sts." + d, "v=STSv1; id=1;").a("mta-sts." + d, "127.0.0.1");
        }
        dns = TestDnsServer.start(zones);
        https = TestHttpsServer.start(java.util.Arrays.stream(DOMAINS).map(d -> "mta-sts." + d)
                .toArray(String[]::new));
        serve("good.sts.test", "enforce", "mx.good.sts.test");
        serve("unlisted.sts.test", "enforce", "mx.good.sts.test");
        serve("plain.sts.test", "enforce", "*.plain.sts.test");
        serve("testing.sts.test", "testing", "mx.listed.sts.test");
        vertx = Vertx.vertx();
        MtaStsPolicies sts = MtaStsBeans.create(vertx, Optional.of(dns.hostPort()), Duration.ofSeconds(5), config(),
                Clock.systemUTC());
        policies = new MtaStsTlsPolicies(new ConfiguredTlsPolicies(TlsLevel.OPPORTUNISTIC, Map.of()), sts);
        port = Ports.freePort("127.0.0.70");
        clients = new SmtpClients(vertx, Duration.ofSeconds(5), new PfxOptions()
                .setPath(TestCertificates.caTrustStore().toString()).setPassword(TestCertificates.PASSWORD));
        ConnectionPool pool = new ConnectionPool(vertx, 10, 100, Duration.ofSeconds(30), 100, Duration.ofSeconds(30));
        delivery = new SmtpDelivery(((VertxInternal) vertx).createEventLoopContext(), pool,
                new SessionOpener(vertx, clients, Duration.ofSeconds(20)), DeliveryPermits.UNLIMITED, 5, 100,
                Clock.systemUTC());
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        https.close();
        dns.close();
    }

    @AfterEach
    void closePeers() {
        peers.forEach(SmtpPeer::close);
    }

    @Test
    void enforceWithAValidCertificateDeliversOverVerifiedTls() throws Exception {
        SmtpPeer peer = peer("127.0.0.71").withStartTls(TestCertificates.signed("mx.good.sts.test"));
        Attempt attempt = deliver("good.sts.test", host("mx.good.sts.test", "127.0.0.71"));

        assertThat(attempt.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.SUCCESS);
            assertThat(o.tlsProtocol()).startsWith("TLSv1.");
        });
        assertThat(attempt.tls().verified()).isTrue();
        assertThat(attempt.notes()).containsEntry(Attempt.MTA_STS_MODE, "enforce")
                .doesNotContainKey(Attempt.MTA_STS_FAILURE);
        assertThat(peer.messages()).singleElement().satisfies(m -> assertThat(m.tlsProtocol()).isNotNull());
    }

    @Test
    void enforceNeverContactsAnMxThePolicyDoesNotListAndDefers() throws Exception {
        SmtpPeer rogue = peer("127.0.0.72").withStartTls(TestCertificates.signed("mx.rogue.test"));
        Attempt attempt = deliver("unlisted.sts.test", host("mx.rogue.test", "127.0.0.72"));

        assertThat(attempt.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.status()).isEqualTo("4.7.0");
            assertThat(o.diagnostic()).contains("MTA-STS", "mx.rogue.test");
        });
        assertThat(rogue.connections()).isZero();
    }

    @Test
    void enforceSkipsTheUnlistedMxAndUsesTheListedOne() throws Exception {
        SmtpPeer rogue = peer("127.0.0.73");
        SmtpPeer good = peer("127.0.0.74").withStartTls(TestCertificates.signed("mx.good.sts.test"));
        Attempt attempt = deliver("good.sts.test", host("mx.rogue.test", "127.0.0.73"),
                host("mx.good.sts.test", "127.0.0.74"));

        assertThat(attempt.outcomes()).singleElement().extracting(o -> o.result()).isEqualTo(Result.SUCCESS);
        assertThat(rogue.connections()).isZero();
        assertThat(good.messages()).hasSize(1);
    }

    @Test
    void enforceWithAPeerWithoutStartTlsDefersAndSendsNothingInCleartext() throws Exception {
        SmtpPeer plain = peer("127.0.0.75");
        Attempt attempt = deliver("plain.sts.test", host("mx.plain.sts.test", "127.0.0.75"));

        assertThat(attempt.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.status()).isEqualTo("4.7.4");
        });
        assertThat(plain.transcript()).noneMatch(l -> l.startsWith("MAIL") || l.startsWith("RCPT"));
        assertThat(plain.messages()).isEmpty();
    }

    @Test
    void testingModeDeliversAsUsualAndReportsWhatEnforceWouldHaveRefused() throws Exception {
        SmtpPeer plain = peer("127.0.0.76");
        Attempt attempt = deliver("testing.sts.test", host("mx.other.sts.test", "127.0.0.76"));

        assertThat(attempt.outcomes()).singleElement().extracting(o -> o.result()).isEqualTo(Result.SUCCESS);
        assertThat(plain.messages()).hasSize(1);
        assertThat(attempt.notes()).containsEntry(Attempt.MTA_STS_MODE, "testing")
                .hasEntrySatisfying(Attempt.MTA_STS_FAILURE, f -> assertThat(f).contains("mx.other.sts.test",
                        "not in policy"));
    }

    private Attempt deliver(String domain, MxHost... hosts) throws Exception {
        TlsPolicy policy = policies.policyFor(domain).toCompletableFuture().get(30, TimeUnit.SECONDS);
        Envelope job = Envelope.builder().queueId("Q-" + domain).reversePath("s@src.test").destination(domain)
                .build();
        return delivery.deliver(new Destination(List.of(hosts), port, policy, EGRESS, null), job,
                        List.of(Recipient.of("rcpt@" + domain)), MESSAGE)
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private SmtpPeer peer(String address) {
        SmtpPeer peer = SmtpPeer.start(address, port);
        peers.add(peer);
        return peer;
    }

    private static MxHost host(String name, String ip) throws Exception {
        return new MxHost(name, List.of(InetAddress.getByName(ip)));
    }

    private static void serve(String domain, String mode, String mx) {
        https.respond("mta-sts." + domain, PolicyFetcher.PATH, TestHttpsServer.Response.ok("text/plain",
                "version: STSv1\nmode: " + mode + "\nmx: " + mx + "\nmax_age: 600\n"));
    }

    private static MtaStsConfig config() {
        return TestStsConfig.against(https);
    }
}
