package io.postmesh.delivery.smtp.client;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/**
 * Phase 3: after a 354 reply to DATA, the dot-stuffed message and its terminator (RFC 5321 §4.1.1.4), and
 * the end-of-data reply, which applies to every recipient accepted by RCPT.
 */
public final class MessageData {
    private MessageData() {}

    public static Future<TransactionReplies> run(SmtpConnection connection, TransactionReplies replies,
                                                 Buffer wireData) {
        if (!replies.anyRecipientAccepted() || replies.data() == null || replies.data().code() != 354) {
            return Future.succeededFuture(replies);
        }
        return connection.write(wireData).compose(v -> connection.next()).compose(end -> {
            if (end.serviceClosing()) {
                // 421 after the dot: the server did not take the message (RFC 5321 §4.2.5 leaves it undelivered).
                return Future.failedFuture(new HostFailure(connection.peer() + " closed the session: " + end,
                        end.reply()));
            }
            return Future.succeededFuture(replies.withEndOfData(end));
        });
    }
}
