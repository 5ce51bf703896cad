package io.postmesh.delivery.shaping;

import static org.assertj.core.api.Assertions.assertThat;

import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.model.Envelope;
import io.postmesh.model.RecipientOutcome;
import io.postmesh.model.RecipientOutcome.Result;
import io.postmesh.testing.Ports;
import io.postmesh.testing.smtp.ReceivedMessage;
import io.postmesh.testing.smtp.SmtpPeer;
import io.postmesh.testing.smtp.Stage;
import io.vertx.core.Future;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The SMTP transport with {@link ShapedPermits}: two replicas (own Vert.x, Redis client, pool) deliver to one
 * real SMTP peer whose site has a connection limit, on the test kit's Redis.
 */
class ShapedDeliveryTest {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    @Test
    void twoReplicasNeverOpenMoreThanTheSiteLimitAndDeliverEveryMessageOnce() throws Exception {
        String suffix = "shaped" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        ShapingRules rules = ShapingRulesLoader.parse("""
                default:
                  message-rates: ["1000/s"]
                providers:
                  - name: %s
                    mx-suffixes: [%s]
                    max-connections: 2
                    message-rates: ["1000/s"]
                """.formatted(suffix.replace(".", "-"), suffix));
        int port = Ports.freePort("127.0.0.61");
        SmtpPeer peer = peer("127.0.0.61", port);
        ShapedReplica a = replica(rules);
        ShapedReplica b = replica(rules);
        List<MxHost> hosts = List.of(new MxHost("mx." + suffix, List.of(InetAddress.getByName("127.0.0.61"))));

        int perReplica = 15;
        List<Future<List<Attempt>>> jobs = new ArrayList<>();
        for (int i = 0; i < perReplica * 2; i++) {
            ShapedReplica replica = i % 2 == 0 ? a : b;
            jobs.add(untilDelivered(replica, hosts, port, "r" + i + "@d.test", new ArrayList<>()));
        }
        List<List<Attempt>> results = Future.all(jobs).toCompletionStage().toCompletableFuture()
                .get(180, TimeUnit.SECONDS).list();

        assertThat(peer.maxConcurrentSessions()).as("concurrent sessions at the peer").isBetween(1, 2);
        List<String> received = peer.messages().stream().flatMap(m -> m.recipients().stream()).toList();
        assertThat(received).hasSize(perReplica * 2).doesNotHaveDuplicates();
        // The limit really held connections back (jobs then waited in their pool or were deferred) ...
        assertThat(a.heldBack.getOrDefault(HeldBack.MAX_CONNECTIONS, 0)
                + b.heldBack.getOrDefault(HeldBack.MAX_CONNECTIONS, 0)).isPositive();
        // ... and a deferral says which limit it was.
        List<Attempt> deferred = results.stream().flatMap(List::stream)
                .filter(x -> x.outcomes().get(0).result() != Result.SUCCESS).toList();
        assertThat(deferred).allSatisfy(x -> {
            assertThat(x.notes()).containsEntry(Attempt.HELD_BACK_BY, HeldBack.MAX_CONNECTIONS);
            assertThat(x.outcomes().get(0).status()).isEqualTo("4.7.0");
            assertThat(x.outcomes().get(0).diagnostic()).contains("max-connections 2");
        });
    }

    @Test
    void aThrottlingReplyDefersTheRestAndPausesTheSiteForTheOtherReplica() throws Exception {
        String suffix = "throttle" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        ShapingRules rules = ShapingRulesLoader.parse("""
                backoff:
                  factor: 0.5
                  min-factor: 0.125
                  duration: 10m
                  pause: 10m
                providers:
                  - name: %s
                    mx-suffixes: [%s]
                    max-connections: 5
                    message-rates: ["1000/s"]
                    max-recipients-per-transaction: 2
                """.formatted(suffix.replace(".", "-"), suffix));
        int port = Ports.freePort("127.0.0.62");
        SmtpPeer peer = peer("127.0.0.62", port).replyTo(Stage.END_OF_DATA, "421 4.7.0 Try again later, rate limited");
        ShapedReplica a = replica(rules);
        ShapedReplica b = replica(rules);
        List<MxHost> hosts = List.of(new MxHost("mx." + suffix, List.of(InetAddress.getByName("127.0.0.62"))));

        // Four recipients, two per transaction (the site's limit): the first transaction is throttled.
        Attempt first = get(a.deliver(hosts, port, job("T1"), message(),
                List.of("a@d.test", "b@d.test", "c@d.test", "e@d.test")));
        assertThat(first.outcomes()).hasSize(4).allSatisfy(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.status()).isEqualTo("4.7.0");
        });
        assertThat(first.outcomes().subList(2, 4)).allSatisfy(o -> assertThat(o.diagnostic()).contains("throttles"));
        assertThat(first.notes()).containsEntry(Attempt.HELD_BACK_BY, HeldBack.THROTTLED);
        assertThat(peer.transcript().stream().filter(l -> l.startsWith("MAIL")).count()).isEqualTo(1);
        assertThat(peer.transcript().stream().filter(l -> l.startsWith("RCPT")).count()).isEqualTo(2);

        // The other replica sees the pause through Redis: nothing more reaches the site.
        int connections = peer.connections();
        Attempt second = get(b.deliver(hosts, port, job("T2"), message(), List.of("f@d.test")));
        assertThat(second.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.result()).isEqualTo(Result.TEMPORARY_FAILURE);
            assertThat(o.status()).isEqualTo("4.7.0");
            assertThat(o.diagnostic()).contains("throttling reply");
        });
        assertThat(second.notes()).containsEntry(Attempt.HELD_BACK_BY, HeldBack.THROTTLED);
        assertThat(peer.connections()).isEqualTo(connections);
        assertThat(b.heldBack).containsKey(HeldBack.THROTTLED);
    }

    @Test
    void greylistingOfOneRecipientDoesNotPauseTheSite() throws Exception {
        String suffix = "grey" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        ShapingRules rules = ShapingRulesLoader.parse("""
                providers:
                  - name: %s
                    mx-suffixes: [%s]
                    max-connections: 5
                """.formatted(suffix.replace(".", "-"), suffix));
        int port = Ports.freePort("127.0.0.63");
        SmtpPeer peer = peer("127.0.0.63", port).rejectRecipient("grey@d.test", "451 4.7.1 greylisted, try later");
        ShapedReplica a = replica(rules);
        List<MxHost> hosts = List.of(new MxHost("mx." + suffix, List.of(InetAddress.getByName("127.0.0.63"))));

        Attempt first = get(a.deliver(hosts, port, job("G1"), message(), List.of("grey@d.test", "ok@d.test")));
        assertThat(first.outcomes()).extracting(RecipientOutcome::result)
                .containsExactly(Result.TEMPORARY_FAILURE, Result.SUCCESS);
        assertThat(first.notes()).doesNotContainKey(Attempt.HELD_BACK_BY);
        Attempt second = get(a.deliver(hosts, port, job("G2"), message(), List.of("next@d.test")));
        assertThat(second.outcomes()).singleElement().extracting(RecipientOutcome::result).isEqualTo(Result.SUCCESS);
        assertThat(peer.messages()).hasSize(2);
    }

    /** Delivers one job, and again after each deferral (as the queue would, sooner), until it is delivered. */
    private Future<List<Attempt>> untilDelivered(ShapedReplica replica, List<MxHost> hosts, int port,
                                                 String recipient, List<Attempt> attempts) {
        return replica.deliver(hosts, port, job(recipient), message(), List.of(recipient)).compose(attempt -> {
            attempts.add(attempt);
            RecipientOutcome outcome = attempt.outcomes().get(0);
            if (outcome.result() == Result.SUCCESS) {
                return Future.succeededFuture(attempts);
            }
            assertThat(outcome.result()).as(outcome.toString()).isEqualTo(Result.TEMPORARY_FAILURE);
            return replica.after(50).compose(v -> untilDelivered(replica, hosts, port, recipient, attempts));
        });
    }

    private ShapedReplica replica(ShapingRules rules) {
        ShapedReplica replica = new ShapedReplica(rules, Duration.ofMillis(300));
        closeables.add(replica);
        return replica;
    }

    private SmtpPeer peer(String address, int port) {
        SmtpPeer peer = SmtpPeer.start(address, port);
        closeables.add(0, peer);
        return peer;
    }

    private static Envelope job(String id) {
        return Envelope.builder().queueId(id).reversePath("s@src.test").destination("d.test").build();
    }

    private static byte[] message() {
        return "Subject: shaped\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
