package io.postmesh.model;

import java.util.List;

/**
 * What the delivery service remembers about a job sent with a VERP reverse path: the JSON value of Redis key
 * {@code pm:verp:<token>} ({@link Verp#key}), written before the message is sent and read by the bounce
 * service when an asynchronous bounce arrives for that address.
 *
 * @param version        schema version ({@link #VERSION})
 * @param queueId        the original message's queue id
 * @param tenant         its tenant
 * @param recipients     the recipients sent to with this reverse path (lower case not implied)
 * @param originalSender the job's real reverse path
 * @param traceparent    W3C traceparent of the delivery attempt, so the bounce's span can link to it
 * @param messageId      the original Message-ID, or null
 * @param attempt        the delivery attempt that used this address (1 for the first)
 * @param campaign       the campaign of the message, or null
 */
public record VerpEntry(int version, String queueId, String tenant, List<String> recipients, String originalSender,
                        String traceparent, String messageId, int attempt, String campaign) {
    public static final int VERSION = 1;

    public VerpEntry {
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }
}
