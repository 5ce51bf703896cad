package io.postmesh.delivery.pool;

import io.postmesh.delivery.smtp.client.HostFailure;
import io.postmesh.delivery.smtp.client.OpenSession;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * SMTP sessions kept open per {@link PoolKey} (one MX address, egress, TLS level, login) and reused across
 * messages, as Postfix's connection cache does ({@code smtp_connection_cache_*}): a reused session is
 * checked with RSET (RFC 5321 §4.1.1.5), which also finds connections the server closed while idle; those
 * are replaced by a new connection without the job noticing.
 *
 * <p>Limits: at most {@code maxConnections} per key (open, opening or in use); at most
 * {@code maxMessagesPerConnection} transactions per connection; idle sessions are closed with QUIT after
 * {@code idleTimeout}. When a key is at its limit, jobs wait in a queue of at most {@code maxWaiting} for at
 * most {@code waitTimeout}; beyond that the attempt fails with a {@link HostFailure} (the job is deferred),
 * so nothing queues up without bound in memory.
 *
 * <p>Not thread-safe by design: every call happens on the one Vert.x context the delivery transport runs on,
 * which also owns the sockets and timers.
 */
public final class ConnectionPool implements AutoCloseable {
    private final Vertx vertx;
    private final int maxConnections;
    private final int maxMessagesPerConnection;
    private final Duration idleTimeout;
    private final int maxWaiting;
    private final Duration waitTimeout;
    private final Map<PoolKey, Host> hosts = new HashMap<>();

    /** What an opener delivers: a new session and the connection permit it holds. */
    public record Opened(OpenSession session, DeliveryPermits.Permit permit) {
    }

    private static final class Host {
        final Deque<PooledSession> idle = new ArrayDeque<>();
        final Deque<Waiter> waiters = new ArrayDeque<>();
        int open;
    }

    private record Waiter(Promise<PooledSession> promise, Supplier<Future<Opened>> opener, long timer) {
    }

    public ConnectionPool(Vertx vertx, int maxConnections, int maxMessagesPerConnection, Duration idleTimeout,
                          int maxWaiting, Duration waitTimeout) {
        this.vertx = vertx;
        this.maxConnections = maxConnections;
        this.maxMessagesPerConnection = maxMessagesPerConnection;
        this.idleTimeout = idleTimeout;
        this.maxWaiting = maxWaiting;
        this.waitTimeout = waitTimeout;
    }

    /** A session for {@code key}: an idle one after a good RSET, a new one from {@code opener}, or after a wait. */
    public Future<PooledSession> acquire(PoolKey key, Supplier<Future<Opened>> opener) {
        Host host = hosts.computeIfAbsent(key, k -> new Host());
        PooledSession idle = host.idle.pollLast();
        if (idle != null) {
            vertx.cancelTimer(idle.idleTimer());
            return reuse(key, host, idle, opener);
        }
        if (host.open < maxConnections) {
            host.open++;
            return opener.get()
                    .map(opened -> new PooledSession(key, opened.session(), opened.permit()))
                    .recover(e -> {
                        host.open--;
                        if (e instanceof DeliveryPermits.PermitDenied denied && denied.freedByRelease()
                                && host.open > 0 && host.waiters.size() < maxWaiting) {
                            // The site's connection limit is reached, partly by our own sessions to this
                            // address: wait for one of them rather than defer (shaping, ADR 0023).
                            return await(key, host, opener);
                        }
                        serveWaiters(key, host);
                        return Future.failedFuture(e);
                    });
        }
        return await(key, host, opener);
    }

    private Future<PooledSession> await(PoolKey key, Host host, Supplier<Future<Opened>> opener) {
        if (host.waiters.size() >= maxWaiting) {
            return Future.failedFuture(new HostFailure("connection pool for " + key.address() + ":" + key.port()
                    + " is full (" + host.open + " connections busy, " + host.waiters.size() + " jobs waiting)"));
        }
        Promise<PooledSession> promise = Promise.promise();
        long[] timer = new long[1];
        timer[0] = vertx.setTimer(waitTimeout.toMillis(), id -> {
            host.waiters.removeIf(w -> w.promise() == promise);
            promise.tryFail(new HostFailure("no connection to " + key.address() + ":" + key.port() + " free within "
                    + waitTimeout.toSeconds() + "s"));
        });
        host.waiters.add(new Waiter(promise, opener, timer[0]));
        return promise.future();
    }

    /** Returns a session whose transaction ended cleanly; it is kept, handed to a waiting job, or closed. */
    public void release(PooledSession session) {
        Host host = hosts.get(session.key());
        if (session.session().connection().broken() || session.messages() >= maxMessagesPerConnection) {
            retire(session, host, true);
            return;
        }
        Waiter waiter = host.waiters.poll();
        if (waiter != null) {
            vertx.cancelTimer(waiter.timer());
            reuse(session.key(), host, session, waiter.opener()).onComplete(waiter.promise());
            return;
        }
        host.idle.addLast(session);
        session.idleTimer(vertx.setTimer(idleTimeout.toMillis(), id -> {
            if (host.idle.remove(session)) {
                retire(session, host, true);
            }
        }));
    }

    /** Closes a session with QUIT and does not reuse it (the site asked us to slow down). */
    public void quit(PooledSession session) {
        retire(session, hosts.get(session.key()), true);
    }

    /** Closes a session that failed or is in an unknown state. */
    public void discard(PooledSession session) {
        retire(session, hosts.get(session.key()), false);
    }

    /** Connections open, being opened or in use for {@code key}. */
    public int open(PoolKey key) {
        Host host = hosts.get(key);
        return host == null ? 0 : host.open;
    }

    private Future<PooledSession> reuse(PoolKey key, Host host, PooledSession session,
                                        Supplier<Future<Opened>> opener) {
        if (session.session().connection().broken()) {
            retire(session, host, false);
            return acquire(key, opener);
        }
        return session.session().connection().command("RSET").transform(reply -> {
            if (reply.succeeded() && reply.result().positive()) {
                return Future.succeededFuture(session);
            }
            // Closed or reset while idle: replace it transparently with a fresh connection.
            retire(session, host, false);
            return acquire(key, opener);
        });
    }

    private void retire(PooledSession session, Host host, boolean quit) {
        host.open--;
        session.permit().release();
        if (quit && !session.session().connection().broken()) {
            // RFC 5321 §4.1.1.10; nothing depends on the 221.
            session.session().connection().command("QUIT").onComplete(r -> session.session().connection().close());
        } else {
            session.session().connection().close();
        }
        serveWaiters(session.key(), host);
    }

    private void serveWaiters(PoolKey key, Host host) {
        while (!host.waiters.isEmpty() && (!host.idle.isEmpty() || host.open < maxConnections)) {
            Waiter waiter = host.waiters.poll();
            vertx.cancelTimer(waiter.timer());
            acquire(key, waiter.opener()).onComplete(waiter.promise());
        }
    }

    @Override
    public void close() {
        hosts.values().forEach(host -> {
            for (PooledSession session; (session = host.idle.poll()) != null; ) {
                vertx.cancelTimer(session.idleTimer());
                retire(session, host, true);
            }
        });
    }
}
