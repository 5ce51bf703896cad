package io.postmesh.delivery.smtp.client;

import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Phase 1c: SMTP AUTH (RFC 4954) to a smart host, with PLAIN (RFC 4616, initial response) or LOGIN. The
 * credentials go out only over TLS, or in cleartext when the route's TLS level is explicitly {@code none}.
 * A refusal is a {@link HostFailure} (deferred, as Postfix's {@code smtp_sasl_auth_soft_bounce} does):
 * wrong credentials are an operator's mistake that a retry after the fix should heal, not a bounce.
 */
public final class Authentication {
    private Authentication() {}

    /** Login data of a route. */
    public record Credentials(String username, String password, String mechanism) {
        public Credentials {
            mechanism = mechanism == null ? "PLAIN" : mechanism.toUpperCase(Locale.ROOT);
        }
    }

    public static Future<Void> run(SmtpConnection connection, ServerCapabilities caps, Credentials credentials,
                                   boolean mayUseCleartext, boolean encrypted) {
        if (credentials == null) {
            return Future.succeededFuture();
        }
        if (!encrypted && !mayUseCleartext) {
            return Future.failedFuture(new HostFailure("not sending credentials to " + connection.peer()
                    + " without TLS"));
        }
        if (!caps.supports("AUTH")) {
            return Future.failedFuture(new HostFailure(connection.peer() + " does not offer AUTH"));
        }
        Future<ServerReply> reply;
        if (credentials.mechanism().equals("LOGIN")) {
            reply = connection.command("AUTH LOGIN " + b64(credentials.username())).compose(r -> r.code() == 334
                    ? connection.command(b64(credentials.password())) : Future.succeededFuture(r));
        } else {
            reply = connection.command("AUTH PLAIN " + b64("\0" + credentials.username() + "\0"
                    + credentials.password()));
        }
        return reply.compose(r -> r.code() == 235 ? Future.succeededFuture()
                : Future.failedFuture(new HostFailure(connection.peer() + " refused AUTH "
                        + credentials.mechanism() + ": " + r)));
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
