package io.postmesh.delivery.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.mx.MxResolution.Hosts;
import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.testing.Ports;
import io.postmesh.testing.smtp.ReceivedMessage;
import io.postmesh.testing.smtp.SmtpPeer;
import io.postmesh.testing.smtp.Stage;
import io.postmesh.delivery.tls.TlsLevel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SMTP client against real peers on loopback, without the rest of the service. */
class SmtpDeliveryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private ClientHarness client;
    private int port;
    private final List<AutoCloseable> servers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        port = Ports.freePort("127.0.0.20");
        client = new ClientHarness(port, TIMEOUT);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable server : servers) {
            server.close();
        }
        client.close();
    }

    @Test
    void silentServerTimesOutAndTheNextHostDelivers() throws Exception {
        silentServer("127.0.0.21");
        SmtpPeer peer = peer("127.0.0.22");
        long start = System.nanoTime();

        Attempt attempt = deliver(hosts(host("silent.test", "127.0.0.21"), host("good.test", "127.0.0.22")),
                "a@d.test");

        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::result).isEqualTo(Result.SUCCESS);
        assertThat(attempt.mxHost()).isEqualTo("good.test");
        assertThat(peer.messages()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void allHostsFailingDefersWith441NamingThem() throws Exception {
        silentServer("127.0.0.23");
        Attempt attempt = deliver(hosts(host("silent.test", "127.0.0.23"), host("refusing.test", "127.0.0.24")),
                "a@d.test", "b@d.test");
        assertThat(attempt.outcomes()).hasSize(2).allSatisfy(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.status()).isEqualTo("4.4.1");
            assertThat(o.diagnostic()).contains("silent.test", "refusing.test", "timeout");
            assertThat(o.remoteMta()).isNull();
        });
    }

    @Test
    void triesAtMostFiveHosts() throws Exception {
        SmtpPeer sixth = peer("127.0.0.36");
        List<MxHost> hosts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            hosts.add(host("dead" + i + ".test", "127.0.0.3" + i));
        }
        hosts.add(host("sixth.test", "127.0.0.36"));
        Attempt attempt = deliver(new Hosts(hosts), "a@d.test");
        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::status).isEqualTo("4.4.1");
        assertThat(sixth.connections()).isZero();
    }

    @Test
    void a421ToRcptMovesOnToTheNextHost() throws Exception {
        SmtpPeer closing = peer("127.0.0.25").replyTo(Stage.RCPT, "421 4.3.2 shutting down");
        SmtpPeer good = peer("127.0.0.26");
        Attempt attempt = deliver(hosts(host("closing.test", "127.0.0.25"), host("good.test", "127.0.0.26")),
                "a@d.test");
        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::remoteMta).isEqualTo("good.test");
        assertThat(closing.messages()).isEmpty();
        assertThat(good.messages()).hasSize(1);
    }

    @Test
    void endOfDataRejectionFailsEveryAcceptedRecipient() throws Exception {
        peer("127.0.0.27").replyTo(Stage.END_OF_DATA, "554 5.7.1 spam detected").rejectRecipient("x@d.test",
                "550 5.1.1 unknown");
        Attempt attempt = deliver(hosts(host("strict.test", "127.0.0.27")), "a@d.test", "x@d.test", "b@d.test");
        assertThat(attempt.outcomes()).extracting(o -> o.recipient() + " " + o.status()).containsExactly(
                "a@d.test 5.7.1", "x@d.test 5.1.1", "b@d.test 5.7.1");
        assertThat(attempt.reply()).isEqualTo("554 5.7.1 spam detected");
    }

    @Test
    void noAcceptedRecipientMeansNoMessageEvenWithoutPipelining() throws Exception {
        SmtpPeer peer = peer("127.0.0.28").withoutPipelining().replyTo(Stage.RCPT, "450 4.2.1 mailbox busy");
        Attempt attempt = deliver(hosts(host("busy.test", "127.0.0.28")), "a@d.test");
        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::status).isEqualTo("4.2.1");
        // DATA would have been sent before the outcome was known, so its absence is final.
        assertThat(peer.transcript()).doesNotContain("DATA").anyMatch(l -> l.startsWith("RCPT TO:<a@d.test>"));
    }

    @Test
    void largeMessageArrivesByteForByte() throws Exception {
        SmtpPeer peer = peer("127.0.0.29");
        StringBuilder body = new StringBuilder("Subject: big\r\n\r\n");
        while (body.length() < 6 * 1024 * 1024) {
            body.append(".line starting with a dot, and some filler text to make it long enough\r\n");
        }
        byte[] message = body.toString().getBytes(StandardCharsets.US_ASCII);
        Attempt attempt = client.deliver(hosts(host("big.test", "127.0.0.29")).hosts(), TlsLevel.OPPORTUNISTIC, job(),
                message, "a@d.test");
        assertThat(attempt.outcomes()).singleElement().extracting(RecipientOutcome::result).isEqualTo(Result.SUCCESS);
        ReceivedMessage received = peer.messages().get(0);
        assertThat(Arrays.equals(received.data(), message)).isTrue();
        // SIZE= counts the octets on the wire: the dot-stuffed message without the terminator.
        long wireSize = DotStuffing.encode(message).length - 3L;
        assertThat(wireSize).isGreaterThan(message.length);
        assertThat(peer.transcript()).anyMatch(l -> l.equals("MAIL FROM:<s@src.test> SIZE=" + wireSize));
    }

    private Attempt deliver(Hosts hosts, String... recipients) throws Exception {
        return client.deliver(hosts.hosts(), TlsLevel.OPPORTUNISTIC, job(),
                "Subject: t\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII), recipients);
    }

    private static Envelope job() {
        return Envelope.builder().queueId("Q1").reversePath("s@src.test").destination("d.test").build();
    }

    private static Hosts hosts(MxHost... hosts) {
        return new Hosts(List.of(hosts));
    }

    private static MxHost host(String name, String ip) throws IOException {
        return new MxHost(name, List.of(InetAddress.getByName(ip)));
    }

    private SmtpPeer peer(String address) {
        SmtpPeer peer = SmtpPeer.start(address, port);
        servers.add(peer);
        return peer;
    }

    /** Accepts connections and never says a word: what a stuck MX looks like. */
    private void silentServer(String address) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        List<Socket> accepted = new ArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(server.accept());
                }
            } catch (IOException closed) {
                // The test is over.
            }
        }, "silent-" + address);
        acceptor.setDaemon(true);
        acceptor.start();
        servers.add(() -> {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        });
    }
}
