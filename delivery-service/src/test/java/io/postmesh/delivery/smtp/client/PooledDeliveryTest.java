package io.postmesh.delivery.smtp.client;

import static io.postmesh.delivery.smtp.client.ClientHarness.host;
import static io.postmesh.delivery.smtp.client.ClientHarness.job;
import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.delivery.tls.TlsPolicy;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.testing.Ports;
import io.postmesh.testing.smtp.SmtpPeer;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Connection reuse, limits, back-pressure and the client's handling of recipient limits and capabilities. */
class PooledDeliveryTest {
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable r : resources) {
            r.close();
        }
    }

    @Test
    void messagesToOneHostReuseConnectionsWithRsetBetween() throws Exception {
        SmtpPeer peer = peer("127.0.0.51", harness(10, 100, 100));
        for (int i = 0; i < 5; i++) {
            assertDelivered(deliver(peer, "m" + i + "@d.test"));
        }
        assertThat(peer.messages()).hasSize(5);
        assertThat(peer.connections()).isEqualTo(1);
        assertThat(peer.transcript()).filteredOn("RSET"::equals).hasSize(4);
    }

    @Test
    void aConnectionIsClosedAfterItsMessageLimit() throws Exception {
        SmtpPeer peer = peer("127.0.0.52", harness(10, 2, 100));
        for (int i = 0; i < 5; i++) {
            assertDelivered(deliver(peer, "m" + i + "@d.test"));
        }
        assertThat(peer.connections()).isEqualTo(3);
    }

    @Test
    void aConnectionBrokenWhileIdleIsReplacedTransparently() throws Exception {
        SmtpPeer peer = peer("127.0.0.53", harness(10, 100, 100));
        assertDelivered(deliver(peer, "first@d.test"));
        peer.dropOpenConnections();
        assertDelivered(deliver(peer, "second@d.test"));
        assertThat(peer.messages()).extracting(m -> m.recipients().get(0))
                .containsExactly("first@d.test", "second@d.test");
        assertThat(peer.connections()).isEqualTo(2);
    }

    @Test
    void jobsWaitForAConnectionWhenThePoolIsFull() throws Exception {
        SmtpPeer peer = peer("127.0.0.54", harness(1, 100, 100));
        List<Future<Attempt>> all = IntStream.range(0, 6)
                .mapToObj(i -> current.delivery.deliver(destination(peer), job(), List.of(Recipient.of("p" + i
                        + "@d.test")), message()))
                .toList();
        for (Future<Attempt> f : all) {
            assertDelivered(f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS));
        }
        assertThat(peer.messages()).hasSize(6);
        assertThat(peer.connections()).isEqualTo(1);
    }

    @Test
    void recipientsBeyondTheServersLimitAreDeferredNotFailed() throws Exception {
        SmtpPeer peer = peer("127.0.0.55", harness(10, 100, 100)).maxRecipientsPerTransaction(2);
        Attempt attempt = deliver(peer, "a@d.test", "b@d.test", "c@d.test", "e@d.test");
        assertThat(attempt.outcomes()).extracting(o -> o.recipient() + " " + o.result() + " " + o.status())
                .containsExactly("a@d.test SUCCESS 2.0.0", "b@d.test SUCCESS 2.0.0",
                        "c@d.test TEMPORARY_FAILURE 4.5.3", "e@d.test TEMPORARY_FAILURE 4.5.3");
        // Several recipients of one domain travel in one transaction.
        assertThat(peer.messages()).singleElement().satisfies(m ->
                assertThat(m.recipients()).containsExactly("a@d.test", "b@d.test"));
    }

    @Test
    void recipientsAreSplitIntoTransactionsOfTheConfiguredSize() throws Exception {
        SmtpPeer peer = peer("127.0.0.56", harness(10, 100, 2));
        Attempt attempt = deliver(peer, "a@d.test", "b@d.test", "c@d.test");
        assertThat(attempt.outcomes()).extracting(RecipientOutcome::result).containsOnly(Result.SUCCESS);
        assertThat(peer.messages()).extracting(m -> m.recipients().size()).containsExactly(2, 1);
        assertThat(peer.connections()).isEqualTo(1);
    }

    @Test
    void aMessageNeedingSmtpUtf8IsNotSentToAServerWithoutIt() throws Exception {
        SmtpPeer peer = peer("127.0.0.57", harness(10, 100, 100)).withoutSmtpUtf8();
        Attempt attempt = deliver(peer, "jörg@d.test");
        assertThat(attempt.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.PERMANENT_FAILURE);
            assertThat(o.status()).isEqualTo("5.6.7");
        });
        assertThat(peer.transcript()).noneMatch(l -> l.startsWith("MAIL"));
    }

    @Test
    void anEightBitMessageIsNotSentToAServerWithout8BitMime() throws Exception {
        SmtpPeer peer = peer("127.0.0.58", harness(10, 100, 100)).without8BitMime().withoutSmtpUtf8();
        Attempt attempt = current.deliver(List.of(host("mx.test", "127.0.0.58")), TlsLevel.OPPORTUNISTIC, job(),
                "Subject: x\r\n\r\nGrüße\r\n".getBytes(StandardCharsets.UTF_8), "a@d.test");
        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::status).isEqualTo("5.6.3");
        assertThat(peer.messages()).isEmpty();
    }

    @Test
    void anEightBitMessageIsDeclaredBody8BitMime() throws Exception {
        SmtpPeer peer = peer("127.0.0.59", harness(10, 100, 100));
        byte[] message = "Subject: x\r\n\r\nGrüße\r\n".getBytes(StandardCharsets.UTF_8);
        assertDelivered(current.deliver(List.of(host("mx.test", "127.0.0.59")), TlsLevel.OPPORTUNISTIC, job(),
                message, "a@d.test"));
        assertThat(peer.transcript()).anyMatch(l -> l.startsWith("MAIL FROM:<s@src.test>") && l.contains(
                "BODY=8BITMIME"));
        assertThat(peer.messages().get(0).data()).isEqualTo(message);
    }

    @Test
    void aPeerDroppingTheConnectionMidDataIsDeferredThenDeliveredOnce() throws Exception {
        SmtpPeer peer = peer("127.0.0.60", harness(10, 100, 100)).dropConnectionDuringData(true);
        Attempt first = deliver(peer, "once@d.test");
        assertThat(first.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.status()).isEqualTo("4.4.1");
        });
        assertThat(peer.messages()).isEmpty();
        peer.dropConnectionDuringData(false);
        assertDelivered(deliver(peer, "once@d.test"));
        // The first attempt never reached the end of data, so the peer holds exactly one copy.
        assertThat(peer.messages()).singleElement().satisfies(m ->
                assertThat(m.recipients()).containsExactly("once@d.test"));
    }

    private ClientHarness current;

    private ClientHarness harness(int maxConnections, int maxMessages, int maxRecipients) {
        int port = Ports.freePort("127.0.0.50");
        current = new ClientHarness(port, Duration.ofSeconds(10), maxConnections, maxMessages, maxRecipients,
                false);
        resources.add(current);
        return current;
    }

    private SmtpPeer peer(String address, ClientHarness harness) {
        SmtpPeer peer = SmtpPeer.start(address, harness.port);
        resources.add(0, peer);
        return peer;
    }

    private Destination destination(SmtpPeer peer) {
        MxHost host = host("mx.pool.test", peer.address());
        return new Destination(List.of(host), current.port, new TlsPolicy(TlsLevel.OPPORTUNISTIC, "test"),
                ClientHarness.EGRESS, null);
    }

    private Attempt deliver(SmtpPeer peer, String... recipients) throws Exception {
        return current.deliver(destination(peer), job(), message(), recipients);
    }

    private static byte[] message() {
        return "Subject: pooled\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertDelivered(Attempt attempt) {
        assertThat(attempt.outcomes()).extracting(RecipientOutcome::result).containsOnly(Result.SUCCESS);
    }
}
