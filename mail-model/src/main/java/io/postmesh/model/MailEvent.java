package io.postmesh.model;

import java.time.Instant;

/**
 * One event on {@link Topics#EVENTS}: something that happened to a message or to one of its recipients.
 * Immutable and versioned; new fields are added, never repurposed (readers ignore unknown fields).
 *
 * @param version     schema version ({@link #VERSION})
 * @param type        what happened
 * @param queueId     the pipeline's message id
 * @param messageId   the Message-ID header value, if any
 * @param tenant      tenant of the message
 * @param recipient   the recipient concerned, or null for message-level events (ACCEPTED)
 * @param destination recipient domain, or null
 * @param attempt     delivery attempt number this event belongs to (0 for ACCEPTED)
 * @param time        when it happened
 * @param status      enhanced status code, when there is one
 * @param reply       the SMTP reply (remote for delivery events, our own for ACCEPTED)
 * @param remoteMta   the MX host that answered, for delivery events
 * @param traceId     the OpenTelemetry trace id of the message, so an event leads to its trace
 * @param campaign    the campaign of the message, when known (for per-campaign reports)
 * @param tlsProtocol for delivery events, the TLS protocol of the session ("TLSv1.3"), null for cleartext
 * @param tlsCipher   for delivery events, the TLS cipher suite of the session, null for cleartext
 */
public record MailEvent(int version, EventType type, String queueId, String messageId, String tenant,
                        String recipient, String destination, int attempt, Instant time, String status,
                        String reply, String remoteMta, String traceId, String campaign, String tlsProtocol,
                        String tlsCipher) {

    public static final int VERSION = 1;

    /**
     * Event types, modelled on KumoMTA's log record types. New types may be added: readers map a type they do
     * not know to null ({@link Json} is configured so) and should skip such events.
     */
    public enum EventType { ACCEPTED, DELIVERED, DEFERRED, BOUNCED, SUPPRESSED, EXPIRED, DELAYED, HELD, PURGED,
        QUOTA_EXCEEDED, COMPLAINED }

    /** An event without TLS details (every type but the delivery events; and those over cleartext). */
    public MailEvent(int version, EventType type, String queueId, String messageId, String tenant,
                     String recipient, String destination, int attempt, Instant time, String status,
                     String reply, String remoteMta, String traceId, String campaign) {
        this(version, type, queueId, messageId, tenant, recipient, destination, attempt, time, status, reply,
                remoteMta, traceId, campaign, null, null);
    }

    /** An event about one recipient of a job, from its outcome (with the TLS details of its session). */
    public static MailEvent ofOutcome(EventType type, Envelope job, RecipientOutcome outcome, String traceId) {
        return new MailEvent(VERSION, type, job.queueId(), job.messageId(), job.tenant(), outcome.recipient(),
                Addresses.domainOf(outcome.recipient()), job.attempt(), outcome.at(), outcome.status(),
                outcome.diagnostic(), outcome.remoteMta(), traceId, job.campaign(), outcome.tlsProtocol(),
                outcome.tlsCipher());
    }

    /** The ACCEPTED event ingress writes once the message is durable. */
    public static MailEvent accepted(Envelope envelope, String reply, String traceId) {
        return new MailEvent(VERSION, EventType.ACCEPTED, envelope.queueId(), envelope.messageId(),
                envelope.tenant(), null, null, 0, Instant.now(), "2.0.0", reply, null, traceId, envelope.campaign());
    }
}
