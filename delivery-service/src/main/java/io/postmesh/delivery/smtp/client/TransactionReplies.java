package io.postmesh.delivery.smtp.client;

import java.util.List;

/**
 * The replies of one mail transaction.
 *
 * @param mail       reply to MAIL FROM
 * @param rcpts      reply to each RCPT TO, in recipient order (empty when MAIL failed without pipelining)
 * @param data       reply to DATA, or null when DATA was not sent
 * @param endOfData  reply to the final dot, or null when no message was sent
 */
public record TransactionReplies(ServerReply mail, List<ServerReply> rcpts, ServerReply data, ServerReply endOfData) {

    public TransactionReplies {
        rcpts = List.copyOf(rcpts);
    }

    public boolean anyRecipientAccepted() {
        return mail.positive() && rcpts.stream().anyMatch(ServerReply::positive);
    }

    public TransactionReplies withEndOfData(ServerReply reply) {
        return new TransactionReplies(mail, rcpts, data, reply);
    }

    /** The reply that sums the transaction up: end of data, else the one that stopped it. */
    public ServerReply decisive() {
        if (endOfData != null) {
            return endOfData;
        }
        if (data != null && mail.positive()) {
            return data;
        }
        if (!mail.positive() || rcpts.isEmpty()) {
            return mail;
        }
        return rcpts.get(rcpts.size() - 1);
    }
}
