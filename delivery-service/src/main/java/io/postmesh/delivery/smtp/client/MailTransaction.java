package io.postmesh.delivery.smtp.client;

import io.postmesh.model.Envelope;
import io.postmesh.model.Recipient;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Phase 2: MAIL, one RCPT per recipient and DATA. With PIPELINING (RFC 2920 §3.1) they go out in one
 * write and we read as many replies; without it, one command at a time, stopping early when MAIL fails or
 * no recipient is accepted (RFC 5321 §3.3: DATA is pointless then). A 421 anywhere ends the session with
 * a {@link HostFailure}.
 */
public final class MailTransaction {
    private MailTransaction() {}

    public static Future<TransactionReplies> run(SmtpConnection connection, ServerCapabilities caps, Envelope job,
                                                 List<Recipient> recipients, MessageRequirements needs) {
        String mail = SmtpCommands.mailFrom(job, caps, needs);
        List<String> rcpts = recipients.stream().map(r -> SmtpCommands.rcptTo(r, caps)).toList();
        Future<TransactionReplies> replies = caps.pipelining()
                ? pipelined(connection, mail, rcpts)
                : stepwise(connection, mail, rcpts);
        return replies.compose(r -> closing(connection, r));
    }

    private static Future<TransactionReplies> pipelined(SmtpConnection connection, String mail, List<String> rcpts) {
        List<String> batch = new ArrayList<>();
        batch.add(mail);
        batch.addAll(rcpts);
        batch.add("DATA");
        return connection.pipeline(batch).compose(replies -> {
            TransactionReplies result = new TransactionReplies(replies.get(0),
                    replies.subList(1, replies.size() - 1), replies.get(replies.size() - 1), null);
            if (result.data().code() == 354 && !result.anyRecipientAccepted()) {
                // RFC 2920 §3.1: the server took DATA although no RCPT succeeded; a lone dot ends that empty
                // message, which the server must reject for want of recipients.
                return connection.write(Buffer.buffer(".\r\n")).compose(v -> connection.next())
                        .map(ignored -> result);
            }
            return Future.succeededFuture(result);
        });
    }

    private static Future<TransactionReplies> stepwise(SmtpConnection connection, String mail, List<String> rcpts) {
        return connection.command(mail).compose(mailReply -> {
            if (!mailReply.positive()) {
                return Future.succeededFuture(new TransactionReplies(mailReply, List.of(), null, null));
            }
            return recipients(connection, rcpts, new ArrayList<>()).compose(rcptReplies -> {
                TransactionReplies sofar = new TransactionReplies(mailReply, rcptReplies, null, null);
                if (!sofar.anyRecipientAccepted()) {
                    return Future.succeededFuture(sofar);
                }
                return connection.command("DATA")
                        .map(data -> new TransactionReplies(mailReply, rcptReplies, data, null));
            });
        });
    }

    private static Future<List<ServerReply>> recipients(SmtpConnection connection, List<String> rcpts,
                                                        List<ServerReply> into) {
        if (into.size() == rcpts.size()) {
            return Future.succeededFuture(into);
        }
        return connection.command(rcpts.get(into.size())).compose(reply -> {
            if (reply.serviceClosing()) {
                return Future.failedFuture(new HostFailure(connection.peer() + " closed the session: " + reply,
                        reply.reply()));
            }
            into.add(reply);
            if (reply.tooManyRecipients()) {
                // RFC 5321 §4.5.3.1.10: the server is at its limit; the rest wait for a later transaction.
                while (into.size() < rcpts.size()) {
                    into.add(reply);
                }
            }
            return recipients(connection, rcpts, into);
        });
    }

    private static Future<TransactionReplies> closing(SmtpConnection connection, TransactionReplies replies) {
        boolean closing = replies.mail().serviceClosing()
                || replies.rcpts().stream().anyMatch(ServerReply::serviceClosing)
                || (replies.data() != null && replies.data().serviceClosing());
        if (closing) {
            return Future.failedFuture(new HostFailure(connection.peer() + " closed the session: "
                    + replies.decisive(), replies.decisive().reply()));
        }
        if (replies.data() != null && replies.data().code() < 400 && replies.data().code() != 354) {
            // Only 354 invites the message (RFC 5321 §4.3.2); anything else positive is a broken server.
            return Future.failedFuture(new HostFailure(connection.peer() + " answered DATA with " + replies.data()));
        }
        return Future.succeededFuture(replies);
    }
}
