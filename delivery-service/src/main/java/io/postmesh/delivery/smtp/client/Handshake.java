package io.postmesh.delivery.smtp.client;

import io.vertx.core.Future;

/**
 * Phase 1 of a session: the server's greeting and our EHLO, with the RFC 5321 §3.2 fallback to HELO for a
 * server that does not know EHLO (it answers 500/502 or another 5xx).
 */
public final class Handshake {
    private Handshake() {}

    public static Future<ServerCapabilities> run(SmtpConnection connection, String heloName) {
        return connection.next().compose(greeting -> {
            if (!greeting.positive()) {
                // 421 (busy) or 554 (no service, RFC 5321 §3.1): this host will not take mail now.
                return Future.failedFuture(new HostFailure(connection.peer() + " greeted with " + greeting,
                        greeting.reply()));
            }
            return connection.command("EHLO " + heloName).compose(ehlo -> {
                if (ehlo.positive()) {
                    return Future.succeededFuture(ServerCapabilities.fromEhlo(ehlo.lines()));
                }
                if (ehlo.code() >= 500) {
                    return connection.command("HELO " + heloName).compose(helo -> helo.positive()
                            ? Future.succeededFuture(ServerCapabilities.none())
                            : Future.failedFuture(new HostFailure(connection.peer() + " refused HELO: " + helo)));
                }
                return Future.failedFuture(new HostFailure(connection.peer() + " refused EHLO: " + ehlo));
            });
        });
    }
}
