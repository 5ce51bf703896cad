package io.postmesh.delivery.shaping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.postmesh.model.SmtpReply;
import io.postmesh.testing.redis.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Shaper} on a real Redis, with two instances that have their own Vert.x and Redis client each, as two
 * delivery replicas would. Every test uses its own site names, so tests cannot see each other's state.
 */
class ShaperRedisTest {
    private static final String SOURCE = "198.51.100.7";
    private static final ShapingRules RULES = ShapingRulesLoader.parse("""
            backoff:
              factor: 0.5
              min-factor: 0.125
              duration: 10m
              pause: 1s
            """);

    private final List<Replica> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() {
        replicas.forEach(Replica::stop);
    }

    @Test
    void twoReplicasNeverHoldMoreThanTheConnectionLimit() throws Exception {
        Replica a = replica(Duration.ofSeconds(30));
        Replica b = replica(Duration.ofSeconds(30));
        Site site = site(3, List.of());
        AtomicInteger open = new AtomicInteger();
        AtomicInteger maxOpen = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger heldBack = new AtomicInteger();
        List<Future<Void>> workers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            Replica r = i % 2 == 0 ? a : b;
            workers.add(r.onContext(() -> worker(r, site, 12, open, maxOpen, granted, heldBack)));
        }
        Future.all(workers).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);

        assertThat(granted).hasValue(16 * 12);
        assertThat(maxOpen.get()).isBetween(1, 3);
        assertThat(heldBack.get()).as("the limit was reached and held connections back").isPositive();
        // Everything was released: the full limit is free again.
        for (int i = 0; i < 3; i++) {
            assertThat(get(a.shaper.acquireConnection(site, SOURCE))).isInstanceOf(ConnectionPermit.class);
        }
        assertThat(get(b.shaper.acquireConnection(site, SOURCE))).isInstanceOfSatisfying(HeldBack.class,
                h -> assertThat(h.limit()).isEqualTo(HeldBack.MAX_CONNECTIONS));
    }

    /** Acquire (retrying after the hint), hold the slot for a few ms, release; {@code rounds} times. */
    private Future<Void> worker(Replica r, Site site, int rounds, AtomicInteger open, AtomicInteger maxOpen,
            AtomicInteger granted, AtomicInteger heldBack) {
        if (rounds == 0) {
            return Future.succeededFuture();
        }
        return r.shaper.acquireConnection(site, SOURCE).compose(decision -> {
            if (decision instanceof HeldBack held) {
                heldBack.incrementAndGet();
                return r.after(Math.min(20, held.retryAfter().toMillis()))
                        .compose(v -> worker(r, site, rounds, open, maxOpen, granted, heldBack));
            }
            int now = open.incrementAndGet();
            maxOpen.accumulateAndGet(now, Math::max);
            granted.incrementAndGet();
            return r.after(1 + (rounds % 5)).compose(v -> {
                open.decrementAndGet();
                return r.shaper.release((ConnectionPermit) decision);
            }).compose(v -> worker(r, site, rounds - 1, open, maxOpen, granted, heldBack));
        });
    }

    @Test
    void leasesOfADeadReplicaExpireWhileALiveReplicaKeepsItsLeases() throws Exception {
        Duration lease = Duration.ofSeconds(1);
        Replica alive = replica(lease);
        Replica dying = replica(lease);
        Replica other = replica(lease);
        Site kept = site(1, List.of());
        Site abandoned = site(1, List.of());
        assertThat(get(alive.shaper.acquireConnection(kept, SOURCE))).isInstanceOf(ConnectionPermit.class);
        assertThat(get(dying.shaper.acquireConnection(abandoned, SOURCE))).isInstanceOf(ConnectionPermit.class);
        dying.stop(); // no release: the process is gone, and with it the renewals

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                get(other.shaper.acquireConnection(abandoned, SOURCE)) instanceof ConnectionPermit);
        // The live replica renews its lease: over several lease lengths nobody else gets the slot.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                .until(() -> get(other.shaper.acquireConnection(kept, SOURCE)) instanceof HeldBack);
    }

    @Test
    void messageRatesHoldAcrossReplicasAndNameTheLimit() throws Exception {
        Replica a = replica(Duration.ofSeconds(30));
        Replica b = replica(Duration.ofSeconds(30));
        // Effectively no refill during the test: the hourly rate admits its burst, then one per 6 minutes.
        Site site = site(5, List.of(ThrottleSpec.parse("1000/s burst 100"), ThrottleSpec.parse("10/h burst 5")));
        List<Future<MessageDecision>> decisions = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            decisions.add((i % 2 == 0 ? a : b).shaper.acquireMessage(site, SOURCE));
        }
        Future.all(decisions).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        List<MessageDecision> results = decisions.stream().map(Future::result).toList();
        assertThat(results).filteredOn(d -> d instanceof MessageDecision.Send).hasSize(5);
        List<HeldBack> held = results.stream().filter(HeldBack.class::isInstance).map(HeldBack.class::cast).toList();
        assertThat(held).hasSize(19).allSatisfy(h -> {
            assertThat(h.limit()).isEqualTo(HeldBack.MESSAGE_RATE);
            assertThat(h.detail()).contains("10/h burst 5").contains(site.name()).contains(SOURCE);
            assertThat(h.retryAfter()).isBetween(Duration.ofMinutes(5), Duration.ofMinutes(6));
        });
        // Another source has its own budget.
        assertThat(get(a.shaper.acquireMessage(site, "203.0.113.9"))).isInstanceOf(MessageDecision.Send.class);
    }

    @Test
    void throttlingReplyPausesAndSlowsOnlyThatSite() throws Exception {
        Replica a = replica(Duration.ofSeconds(30));
        Replica b = replica(Duration.ofSeconds(30));
        List<ThrottleSpec> rates = List.of(ThrottleSpec.parse("10/h burst 4"));
        Site throttling = site(5, rates);
        Site unaffected = site(5, rates);

        ReplyFeedback ok = get(a.shaper.onReply(throttling, SmtpReply.parse("250 2.0.0 OK")));
        assertThat(ok.throttled()).isFalse();
        ReplyFeedback feedback = get(a.shaper.onReply(throttling,
                SmtpReply.parse("450 4.7.1 Client host rejected: rate limited")));
        assertThat(feedback.throttled()).isTrue();
        assertThat(feedback.rateFactor()).isEqualTo(0.5);
        assertThat(feedback.deferFor()).isEqualTo(Duration.ofSeconds(1));
        // A burst of throttling replies within the pause lowers the rate once.
        assertThat(get(b.shaper.onReply(throttling, SmtpReply.parse("421 4.7.0 Try again later"))).rateFactor())
                .isEqualTo(0.5);

        // During the pause, the other replica starts nothing new for that site; other sites go on.
        assertThat(get(b.shaper.acquireConnection(throttling, SOURCE))).isInstanceOfSatisfying(HeldBack.class,
                h -> assertThat(h.limit()).isEqualTo(HeldBack.THROTTLED));
        assertThat(get(b.shaper.acquireMessage(throttling, SOURCE))).isInstanceOfSatisfying(HeldBack.class,
                h -> assertThat(h.limit()).isEqualTo(HeldBack.THROTTLED));
        assertThat(get(b.shaper.acquireConnection(unaffected, SOURCE))).isInstanceOf(ConnectionPermit.class);

        // After the pause the rate is halved: half the burst, then twice the interval (720 s instead of 360 s).
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() ->
                get(b.shaper.acquireConnection(throttling, SOURCE)) instanceof ConnectionPermit);
        assertThat(get(a.shaper.acquireMessage(throttling, SOURCE))).isInstanceOf(MessageDecision.Send.class);
        assertThat(get(b.shaper.acquireMessage(throttling, SOURCE))).isInstanceOf(MessageDecision.Send.class);
        assertThat(get(a.shaper.acquireMessage(throttling, SOURCE))).isInstanceOfSatisfying(HeldBack.class, h -> {
            assertThat(h.limit()).isEqualTo(HeldBack.MESSAGE_RATE);
            assertThat(h.retryAfter()).isGreaterThan(Duration.ofSeconds(600));
        });
        for (int i = 0; i < 4; i++) {
            assertThat(get(a.shaper.acquireMessage(unaffected, SOURCE))).isInstanceOf(MessageDecision.Send.class);
        }
    }

    @Test
    void releaseFreesTheSlotAtOnce() throws Exception {
        Replica a = replica(Duration.ofSeconds(30));
        Replica b = replica(Duration.ofSeconds(30));
        Site site = site(1, List.of());
        ConnectionPermit permit = (ConnectionPermit) get(a.shaper.acquireConnection(site, SOURCE));
        assertThat(get(b.shaper.acquireConnection(site, SOURCE))).isInstanceOfSatisfying(HeldBack.class, h -> {
            assertThat(h.detail()).contains("max-connections 1").contains(site.name());
            assertThat(h.retryAfter()).isBetween(Duration.ofMillis(1), Duration.ofSeconds(1));
        });
        get(a.shaper.release(permit));
        assertThat(get(b.shaper.acquireConnection(site, SOURCE))).isInstanceOf(ConnectionPermit.class);
    }

    private static Site site(int connections, List<ThrottleSpec> rates) {
        return new Site("mx:mx." + UUID.randomUUID() + ".test", new SiteLimits(connections, rates, 50));
    }

    private Replica replica(Duration lease) {
        Replica replica = new Replica(lease);
        replicas.add(replica);
        return replica;
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** One delivery replica: its own Vert.x, Redis client and Shaper. */
    private static final class Replica {
        final Vertx vertx = Vertx.vertx();
        final Redis redis;
        final Shaper shaper;
        private boolean stopped;

        Replica(Duration lease) {
            redis = Redis.createClient(vertx, new RedisOptions()
                    .setConnectionString(RedisServerProcess.shared().uri())
                    .setMaxPoolSize(4).setMaxPoolWaiting(1000));
            shaper = new Shaper(vertx, redis, RULES, lease);
        }

        <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
            Promise<T> promise = Promise.promise();
            vertx.runOnContext(v -> work.get().onComplete(promise));
            return promise.future();
        }

        Future<Void> after(long millis) {
            Promise<Void> promise = Promise.promise();
            vertx.setTimer(Math.max(1, millis), id -> promise.complete());
            return promise.future();
        }

        /** Ends the replica as a crash would: no releases, no more renewals. */
        void stop() {
            if (!stopped) {
                stopped = true;
                shaper.close();
                redis.close();
                vertx.close().toCompletionStage().toCompletableFuture().join();
            }
        }
    }
}
