package io.postmesh.delivery.smtp.client;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import java.time.Duration;
import java.util.List;

/**
 * One SMTP session with one address of one MX host: connect, {@link Handshake}, {@link MailTransaction},
 * {@link MessageData}, QUIT. Fails with {@link HostFailure} when the host gave no per-recipient answer.
 */
public final class SmtpSession {
    private final Vertx vertx;
    private final NetClient client;
    private final String heloName;
    private final Duration commandTimeout;

    public SmtpSession(Vertx vertx, NetClient client, String heloName, Duration commandTimeout) {
        this.vertx = vertx;
        this.client = client;
        this.heloName = heloName;
        this.commandTimeout = commandTimeout;
    }

    /**
     * @param address  IP address literal of the host
     * @param port     TCP port
     * @param peer     how the host is named in diagnostics, e.g. {@code mx1.example.test[127.0.0.2]:25}
     * @param wireData the message after {@link DotStuffing#encode}
     */
    public Future<TransactionReplies> run(String address, int port, String peer, Envelope job,
                                          List<Recipient> recipients, byte[] wireData) {
        return SmtpConnection.connect(vertx, client, address, port, peer, commandTimeout)
                .compose(connection -> Handshake.run(connection, heloName)
                        // SIZE= is the size of what we send (RFC 1870 §6 allows the estimate; ours is exact
                        // except for the 3-octet terminator).
                        .compose(caps -> MailTransaction.run(connection, caps, job, recipients, wireData.length - 3L))
                        .compose(replies -> MessageData.run(connection, replies, wireData))
                        .onSuccess(replies -> quit(connection))
                        .onFailure(e -> connection.close()));
    }

    /**
     * RFC 5321 §4.1.1.10: QUIT ends the session and discards any open transaction, so no RSET is needed
     * when no message was sent. Nothing depends on QUIT's reply.
     */
    private void quit(SmtpConnection connection) {
        connection.command("QUIT").onComplete(r -> connection.close());
    }
}
