package io.postmesh.delivery.shaping;

import io.postmesh.delivery.mx.MxResolution.MxHost;
import io.postmesh.delivery.outcome.Attempt;
import io.postmesh.delivery.pool.ConnectionPool;
import io.postmesh.delivery.smtp.client.Destination;
import io.postmesh.delivery.smtp.client.Egress;
import io.postmesh.delivery.smtp.client.SessionOpener;
import io.postmesh.delivery.smtp.client.SmtpClients;
import io.postmesh.delivery.smtp.client.SmtpDelivery;
import io.postmesh.delivery.tls.TlsLevel;
import io.postmesh.delivery.tls.TlsPolicy;
import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.postmesh.testing.redis.RedisServerProcess;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One delivery replica as the service wires it in mode mx, minus Kafka: its own Vert.x, Redis client,
 * {@link Shaper}, {@link ShapedPermits}, connection pool and SMTP client. Two of these share only Redis.
 */
final class ShapedReplica implements AutoCloseable {
    static final Egress EGRESS = new Egress("default", null, "client.test");

    final Vertx vertx = Vertx.vertx();
    final Redis redis;
    final Shaper shaper;
    final SmtpClients clients;
    final ConnectionPool pool;
    final SmtpDelivery delivery;
    final Map<String, Integer> heldBack = new ConcurrentHashMap<>();

    ShapedReplica(ShapingRules rules, Duration idleTimeout) {
        redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(RedisServerProcess.shared().uri())
                .setMaxPoolSize(4).setMaxPoolWaiting(1000));
        shaper = new Shaper(vertx, redis, rules, Duration.ofSeconds(30));
        ShapedPermits permits = new ShapedPermits(vertx, shaper, Duration.ofSeconds(5),
                limit -> heldBack.merge(limit, 1, Integer::sum));
        clients = new SmtpClients(vertx, Duration.ofSeconds(5), null);
        pool = new ConnectionPool(vertx, 10, 100, idleTimeout, 1000, Duration.ofSeconds(60));
        delivery = new SmtpDelivery(((VertxInternal) vertx).createEventLoopContext(), pool,
                new SessionOpener(vertx, clients, Duration.ofSeconds(20)), permits, 5, 100, Clock.systemUTC());
    }

    Future<Attempt> deliver(List<MxHost> hosts, int port, Envelope job, byte[] message, List<String> recipients) {
        Destination destination = new Destination(hosts, port, new TlsPolicy(TlsLevel.NONE, "test"), EGRESS, null);
        return delivery.deliver(destination, job, recipients.stream().map(Recipient::of).toList(), message);
    }

    Future<Void> after(long millis) {
        Promise<Void> promise = Promise.promise();
        vertx.setTimer(Math.max(1, millis), id -> promise.complete());
        return promise.future();
    }

    @Override
    public void close() throws Exception {
        shaper.close();
        clients.close();
        redis.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
