package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.tls.TlsFailure;
import io.postmesh.delivery.tls.TlsLevel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * Opens a session with one endpoint: connect, {@link Handshake}, {@link StartTls}, {@link Authentication}.
 *
 * <p>Opportunistic TLS whose handshake failed is retried once in cleartext on a <em>new</em> connection (the
 * failed one is in an unknown TLS state); a mandatory level never is (ADR 0019-delivery-tls-policy).
 */
public final class SessionOpener {
    private final Vertx vertx;
    private final SmtpClients clients;
    private final Duration commandTimeout;

    public SessionOpener(Vertx vertx, SmtpClients clients, Duration commandTimeout) {
        this.vertx = vertx;
        this.clients = clients;
        this.commandTimeout = commandTimeout;
    }

    public Future<OpenSession> open(Endpoint endpoint) {
        return attempt(endpoint, endpoint.tls()).recover(e -> {
            if (e instanceof TlsFailure failure && failure.handshake() && endpoint.tls() == TlsLevel.OPPORTUNISTIC) {
                return attempt(endpoint, TlsLevel.NONE);
            }
            return Future.failedFuture(e);
        });
    }

    private Future<OpenSession> attempt(Endpoint endpoint, TlsLevel level) {
        String helo = endpoint.egress().heloName();
        return SmtpConnection.connect(vertx, clients.client(endpoint.egress().sourceAddress(), level),
                        endpoint.address(), endpoint.hostName(), endpoint.port(), endpoint.peer(), commandTimeout)
                .compose(connection -> Handshake.run(connection, helo)
                        .compose(caps -> StartTls.run(connection, caps, level, endpoint.hostName(), helo))
                        .compose(started -> Authentication.run(connection, started.capabilities(),
                                        endpoint.credentials(), endpoint.tls() == TlsLevel.NONE, started.tls() != null)
                                .map(v -> new OpenSession(connection, started.capabilities(), started.tls())))
                        .onFailure(e -> connection.close()));
    }
}
