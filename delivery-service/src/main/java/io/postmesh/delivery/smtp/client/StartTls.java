package io.postmesh.delivery.smtp.client;

import io.postmesh.delivery.tls.TlsDetails;
import io.postmesh.delivery.tls.TlsFailure;
import io.postmesh.delivery.tls.TlsLevel;
import io.vertx.core.Future;

/**
 * Phase 1b: STARTTLS (RFC 3207) after EHLO when the level asks for it and the server offers it, then EHLO
 * again (§4.2: the server forgets what it told us; its extensions may differ under TLS).
 *
 * <p>With a mandatory level, a server that does not offer STARTTLS, refuses it or fails the handshake gives a
 * {@link TlsFailure}: this host is skipped and nothing is sent in cleartext on this connection.
 */
public final class StartTls {
    private StartTls() {}

    /** The capabilities after the phase and the TLS details (null when the session stays in cleartext). */
    public record Result(ServerCapabilities capabilities, TlsDetails tls) {
    }

    public static Future<Result> run(SmtpConnection connection, ServerCapabilities caps, TlsLevel level,
                                     String serverName, String heloName) {
        if (level == TlsLevel.NONE) {
            return Future.succeededFuture(new Result(caps, null));
        }
        if (!caps.supports("STARTTLS")) {
            return level.mandatory() ? Future.failedFuture(TlsFailure.notOffered(connection.peer()))
                    : Future.succeededFuture(new Result(caps, null));
        }
        return connection.command("STARTTLS").compose(ready -> {
            if (ready.code() != 220) {
                // Refused (454 4.7.0 TLS not available): cleartext is still open to opportunistic sessions.
                return level.mandatory()
                        ? Future.failedFuture(new TlsFailure("4.7.4", false, connection.peer()
                                + " refused STARTTLS: " + ready, null))
                        : Future.succeededFuture(new Result(caps, null));
            }
            return connection.upgradeToTls(serverName, level == TlsLevel.VERIFY)
                    .compose(tls -> connection.command("EHLO " + heloName).compose(ehlo -> ehlo.positive()
                            ? Future.succeededFuture(new Result(ServerCapabilities.fromEhlo(ehlo.lines()), tls))
                            : Future.failedFuture(new HostFailure(connection.peer() + " refused EHLO after TLS: "
                                    + ehlo))));
        });
    }
}
